package io.tickstream.lambda;

import java.util.Map;

import io.tickstream.function.RecordFunctions;
import io.tickstream.pipeline.Pipeline;
import io.tickstream.pipeline.ShardBatch;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.cloud.function.context.catalog.FunctionAroundWrapper;
import org.springframework.cloud.function.context.catalog.SimpleFunctionRegistry.FunctionInvocationWrapper;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.support.GenericMessage;

/**
 * Gives the functions the same contract on Lambda as on the other surfaces. Spring Cloud
 * Function's {@code FunctionInvoker} (as {@link LambdaHandler}) stays the handler; this
 * wraps each invocation it makes of one of the functions, recognises the event
 * ({@link LambdaEvent}) and hands it to the class that answers it: {@link HttpContract}
 * for requests and direct invocations, {@link KinesisBatches} and {@link TumblingWindow}
 * for an event source mapping's batches, and the windows' {@code closeQuiet} for a
 * scheduled event. An event the function does not answer fails the invocation. The answer
 * is written whole, as bytes {@code FunctionInvoker} writes as they are.
 */
class LambdaFunctionAdapter extends FunctionAroundWrapper {

	/** Set by {@code FunctionInvoker} on every message it makes from a Lambda event. */
	static final String AWS_CONTEXT = "aws-context";

	private static final Log logger = LogFactory.getLog(LambdaFunctionAdapter.class);

	private final JsonMapper json;

	private final HttpContract http;

	private final KinesisBatches batches;

	private final EmbeddedMetrics metrics;

	LambdaFunctionAdapter(JsonMapper json, long maxInputBytes, KinesisBatches batches, EmbeddedMetrics metrics) {
		this.json = json;
		this.http = new HttpContract(json, maxInputBytes);
		this.batches = batches;
		this.metrics = metrics;
	}

	@Override
	protected Object doApply(Object input, FunctionInvocationWrapper function) {
		if (!(input instanceof Message<?> message) || !message.getHeaders().containsKey(AWS_CONTEXT)
				|| !RecordFunctions.takesRecords(function)) {
			return function.apply(input); // not a Lambda invocation of one of ours
		}
		byte[] bytes = Envelope.unwrap(message.getPayload());
		if (bytes == null) {
			throw new IllegalStateException("the event did not come through " + LambdaHandler.class.getName()
					+ "; set it as the function's handler");
		}
		String name = function.getFunctionDefinition();
		LambdaEvent event;
		try {
			event = LambdaEvent.read(bytes, this.json);
			checkAnswers(event, name);
		}
		catch (LambdaEvent.UnsupportedEventException ex) {
			logger.error(ex.getMessage() + " (function " + name + ")");
			throw ex;
		}
		catch (RuntimeException ex) {
			return written(this.http.refuse(ex, function));
		}
		try {
			if (event instanceof LambdaEvent.Scheduled) {
				return written(this.json.writeValueAsBytes(Map.of("published", this.batches.windows().closeQuiet())));
			}
			if (!(event instanceof KinesisBatchEvent kinesis)) {
				return written(this.http.answer(event, function));
			}
			ShardBatch batch = kinesis.batch();
			batch.age().ifPresent((age) -> this.metrics.iteratorAge(batch.stream(), batch.shard(), age));
			Object answer = (kinesis.window() != null)
					? kinesis.window().process(batch, this.batches.windows(), this.json)
					: this.batches.process(batch, name);
			return written(this.json.writeValueAsBytes(answer));
		}
		finally {
			this.metrics.flush(name); // what the invocation counted, as one line
		}
	}

	/** Refuses an event the named function does not answer. */
	private static void checkAnswers(LambdaEvent event, String name) {
		if (event instanceof KinesisBatchEvent kinesis) {
			if (!Pipeline.isStep(name)) {
				throw new LambdaEvent.UnsupportedEventException("a Kinesis batch, but " + name
						+ " is no step of the stream pipeline (ingest, hourlyHighUpdates, slidingWindows)");
			}
			if (kinesis.window() != null && !Pipeline.SLIDING_WINDOWS.equals(name)) {
				throw new LambdaEvent.UnsupportedEventException(
						"a Kinesis batch of a tumbling window, but " + name + " takes none (only slidingWindows does)");
			}
		}
		else if (event instanceof LambdaEvent.Scheduled) {
			if (!Pipeline.SLIDING_WINDOWS.equals(name)) {
				throw new LambdaEvent.UnsupportedEventException("an EventBridge scheduled event, but " + name
						+ " takes none (only slidingWindows does: it publishes the windows of quiet companies)");
			}
		}
		else if (KinesisBatches.readsOnlyStreams(name)) {
			throw new LambdaEvent.UnsupportedEventException(
					name + " reads only Kinesis batches from an event source mapping");
		}
	}

	private static Message<byte[]> written(byte[] answer) {
		return new GenericMessage<>(answer, new NoHeaders());
	}

	/** No message headers at all: the answer is complete as written. */
	private static final class NoHeaders extends MessageHeaders {

		NoHeaders() {
			super(Map.of(), ID_VALUE_NONE, -1L);
		}

	}

}
