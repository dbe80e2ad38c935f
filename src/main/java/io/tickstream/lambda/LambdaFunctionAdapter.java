package io.tickstream.lambda;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.TimeWindowEventResponse;
import io.tickstream.function.ContentNegotiation;
import io.tickstream.function.CsvAnswer;
import io.tickstream.function.Failure;
import io.tickstream.function.RecordFunctions;
import io.tickstream.function.TickFunctions;
import io.tickstream.pipeline.Pipeline;
import io.tickstream.pipeline.ShardBatch;
import io.tickstream.pipeline.TransientRetry;
import io.tickstream.pipeline.WindowStage;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.cloud.function.context.catalog.FunctionAroundWrapper;
import org.springframework.cloud.function.context.catalog.SimpleFunctionRegistry.FunctionInvocationWrapper;
import org.springframework.http.MediaType;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.support.GenericMessage;
import org.springframework.messaging.support.MessageBuilder;

/**
 * Gives the functions the same HTTP contract on Lambda as on the local web server. Spring
 * Cloud Function's {@code FunctionInvoker} (as {@link LambdaHandler}) stays the handler;
 * this wraps each invocation it makes and writes the whole answer itself:
 * <ul>
 * <li>recognises the event ({@link Invocation}): an API Gateway or function URL request,
 * or a direct invocation with records; any other event fails the invocation;</li>
 * <li>reads the body as records or refuses its type (415), as the web server does;</li>
 * <li>answers bad input with a 400 (or 413, 406) problem, not a Lambda error: only a bug
 * or an event it does not answer fails the invocation;</li>
 * <li>writes JSON, or CSV where the shared {@link ContentNegotiation} chooses it, with
 * its {@code Content-Type} and no echoed request headers;</li>
 * <li>keeps within Lambda's limits: a body of at most 4 MB (the event around it, base64
 * or JSON-escaped, must fit Lambda's 6 MB), an answer of at most 6 MB.</li>
 * </ul>
 */
class LambdaFunctionAdapter extends FunctionAroundWrapper {

	/** Set by {@code FunctionInvoker} on every message it makes from a Lambda event. */
	static final String AWS_CONTEXT = "aws-context";

	/**
	 * The largest body behind API Gateway that always fits Lambda's 6 MB event limit,
	 * even base64-encoded.
	 */
	static final long MAX_LAMBDA_BODY_BYTES = 4L * 1024 * 1024;

	/** Lambda's limit for a synchronous invocation's answer. */
	static final int MAX_RESPONSE_BYTES = 6 * 1024 * 1024;

	private static final Log logger = LogFactory.getLog(LambdaFunctionAdapter.class);

	private final JsonMapper json;

	private final long maxInputBytes;

	private final EmbeddedMetrics metrics;

	private final LambdaStreamSteps streamSteps;

	LambdaFunctionAdapter(JsonMapper json, long maxInputBytes, LambdaStreamSteps streamSteps, EmbeddedMetrics metrics) {
		this.json = json;
		this.maxInputBytes = Math.min(maxInputBytes, MAX_LAMBDA_BODY_BYTES);
		this.streamSteps = streamSteps;
		this.metrics = metrics;
	}

	@Override
	protected Object doApply(Object input, FunctionInvocationWrapper function) {
		if (!(input instanceof Message<?> message) || !message.getHeaders().containsKey(AWS_CONTEXT)
				|| !RecordFunctions.takesRecords(function)) {
			return function.apply(input); // not a Lambda invocation of one of ours
		}
		byte[] event = LambdaHandler.event(message.getPayload());
		if (event == null) {
			throw new IllegalStateException("the event did not come through " + LambdaHandler.class.getName()
					+ "; set it as the function's handler");
		}
		String name = function.getFunctionDefinition();
		Invocation invocation;
		try {
			invocation = Invocation.of(event, this.json);
			if (invocation.batch() != null && !Pipeline.isStep(name)) {
				throw new Invocation.UnsupportedEventException("a Kinesis batch, but " + name
						+ " is no step of the stream pipeline (ingest, hourlyHighUpdates, slidingWindows)");
			}
			if (invocation.window() != null && !Pipeline.SLIDING_WINDOWS.equals(name)) {
				throw new Invocation.UnsupportedEventException(
						"a Kinesis batch of a tumbling window, but " + name + " takes none (only slidingWindows does)");
			}
			if (invocation.batch() == null && LambdaStreamSteps.readsOnlyStreams(name)) {
				throw new Invocation.UnsupportedEventException(
						name + " reads only Kinesis batches from an event source mapping");
			}
		}
		catch (Invocation.UnsupportedEventException ex) {
			logger.error(ex.getMessage() + " (function " + name + ")");
			throw ex;
		}
		catch (RuntimeException ex) {
			return answer(true, problem(ex, function));
		}
		try {
			if (invocation.batch() == null) {
				return answer(invocation.http(), respond(invocation, function));
			}
			if (invocation.lastArrival() != null) {
				this.metrics.iteratorAge(invocation.batch().stream(), invocation.batch().shard(),
						Duration.between(invocation.lastArrival(), Instant.now()));
			}
			Object answer = (invocation.window() != null) ? processWindow(invocation.batch(), invocation.window())
					: process(invocation.batch(), name);
			return new GenericMessage<>(this.json.writeValueAsBytes(answer), new NoHeaders());
		}
		finally {
			this.metrics.flush(name); // what the invocation counted, as one line
		}
	}

	/**
	 * Processes a Kinesis batch with the step's stage. A passing failure (throttling,
	 * 5xx, unreachable) that outlasts the retries stops the batch at that record, which
	 * is reported in {@code batchItemFailures}: Lambda delivers it and those after it
	 * again, so a shard's order holds. When the results of the records before it cannot
	 * be written, the first record of the batch is reported. A bug fails the invocation.
	 */
	private StreamsEventResponse process(ShardBatch batch, String function) {
		Optional<ShardBatch.Record> stopped;
		try {
			stopped = this.streamSteps.stage(function).process(batch);
		}
		catch (RuntimeException ex) {
			if (!TransientRetry.isTransient(ex)) {
				logger.error("Failed to process a batch of " + batch.records().size() + " records of " + batch.stream()
						+ "/" + batch.shard() + " with " + function, ex);
				throw ex;
			}
			stopped = Optional.of(batch.records().get(0));
		}
		if (stopped.isEmpty()) {
			return new StreamsEventResponse(List.of());
		}
		String sequenceNumber = stopped.get().origin().sequenceNumber();
		logger.warn(function + ": a passing failure stopped the batch of " + batch.stream() + "/" + batch.shard()
				+ " at sequence number " + sequenceNumber + "; Lambda delivers it again from there");
		return new StreamsEventResponse(List.of(new StreamsEventResponse.BatchItemFailure(sequenceNumber)));
	}

	/**
	 * A batch of a tumbling window ({@link TumblingWindow}): its bad records are dead
	 * letters at once, its good ones are carried in the state, and at the window's end
	 * (or when the state grows too large) all it carried is processed as one batch. A
	 * passing failure hands the batch back with the state it came with; at the window's
	 * end it fails the invocation, which Lambda repeats until it succeeds.
	 */
	private TimeWindowEventResponse processWindow(ShardBatch batch, TumblingWindow window) {
		WindowStage stage = this.streamSteps.windows();
		List<ShardBatch.Record> carried = window.records(batch.stream(), batch.shard(), this.json);
		try {
			carried.addAll(stage.screen(batch));
			Map<String, String> state = TumblingWindow.carrying(carried, this.json);
			if (window.last() || TumblingWindow.tooLarge(state)) {
				stage.process(new ShardBatch(batch.stream(), batch.shard(), carried));
				state = Map.of();
			}
			return new TimeWindowEventResponse(state, List.of());
		}
		catch (RuntimeException ex) {
			if (!TransientRetry.isTransient(ex) || batch.records().isEmpty()) {
				logger.error("Failed to process the tumbling window's records of " + batch.stream() + "/"
						+ batch.shard() + " with " + Pipeline.SLIDING_WINDOWS, ex);
				throw ex;
			}
			String sequenceNumber = batch.records().get(0).origin().sequenceNumber();
			logger.warn(Pipeline.SLIDING_WINDOWS + ": a passing failure stopped the batch of " + batch.stream() + "/"
					+ batch.shard() + " at sequence number " + sequenceNumber + "; Lambda delivers it again");
			return new TimeWindowEventResponse(window.state(),
					List.of(new TimeWindowEventResponse.BatchItemFailure(sequenceNumber)));
		}
	}

	private Response respond(Invocation invocation, FunctionInvocationWrapper function) {
		Failure unreadable = ContentNegotiation.unreadable(invocation.contentType());
		if (unreadable != null) {
			return Response.problem(unreadable, this.json);
		}
		List<MediaType> producible = ContentNegotiation.producible(function.getOutputType());
		MediaType format = ContentNegotiation.choose(invocation.accept(), producible);
		if (format == null) {
			return Response.problem(ContentNegotiation.notAcceptable(producible), this.json);
		}
		if (invocation.input().length > this.maxInputBytes) {
			return Response.problem(Failure.tooLarge(this.maxInputBytes), this.json);
		}
		try {
			Object result = invoke(function, invocation);
			CsvAnswer csv = format.equals(ContentNegotiation.CSV) ? CsvAnswer.of(result) : null;
			if (csv != null) {
				return new Response(200, "text/csv;charset=UTF-8", csv.csv().getBytes(StandardCharsets.UTF_8),
						Map.of("Rejected-Count", Integer.toString(csv.rejectedCount())));
			}
			return new Response(200, MediaType.APPLICATION_JSON_VALUE, this.json.writeValueAsBytes(result), Map.of());
		}
		catch (RuntimeException ex) {
			return problem(ex, function);
		}
	}

	private Response problem(RuntimeException ex, FunctionInvocationWrapper function) {
		Failure failure = Failure.of(ex);
		if (failure == null) {
			logger.error("Failed to process an invocation of " + function.getFunctionDefinition(), ex);
			throw ex; // a bug: Lambda reports the error and retries where the trigger
						// does
		}
		return Response.problem(failure, this.json);
	}

	/** Calls the bean itself, so that the answer is an object this adapter writes. */
	@SuppressWarnings("unchecked")
	private static Object invoke(FunctionInvocationWrapper function, Invocation invocation) {
		if (function.isInputTypeMessage()) {
			Message<byte[]> request = MessageBuilder.withPayload(invocation.input())
				.setHeader(TickFunctions.PARAMETERS, invocation.parameters())
				.build();
			return ((Function<Message<byte[]>, Object>) function.getTarget()).apply(request);
		}
		return ((Function<byte[], Object>) function.getTarget()).apply(invocation.input());
	}

	/**
	 * The bytes Lambda returns: an HTTP response for API Gateway, the body itself for a
	 * direct invocation. {@code FunctionInvoker} writes a {@code byte[]} payload as it
	 * is.
	 */
	private Message<byte[]> answer(boolean http, Response response) {
		byte[] bytes = http ? this.json.writeValueAsBytes(response.toApiGateway()) : response.body();
		if (bytes.length > MAX_RESPONSE_BYTES) {
			Failure tooLarge = new Failure(413, "Answer too large", "the answer would exceed Lambda's 6 MB limit for"
					+ " a response (" + bytes.length + " bytes); send fewer records at a time");
			Response refusal = Response.problem(tooLarge, this.json);
			bytes = http ? this.json.writeValueAsBytes(refusal.toApiGateway()) : refusal.body();
		}
		return new GenericMessage<>(bytes, new NoHeaders());
	}

	/** An HTTP answer before it is written for Lambda. */
	private record Response(int status, String contentType, byte[] body, Map<String, String> headers) {

		static Response problem(Failure failure, JsonMapper json) {
			return new Response(failure.status(), MediaType.APPLICATION_PROBLEM_JSON_VALUE,
					json.writeValueAsBytes(failure.toProblemDetail()), Map.of());
		}

		/** The response format API Gateway and function URLs read. */
		Map<String, Object> toApiGateway() {
			Map<String, String> responseHeaders = new LinkedHashMap<>();
			responseHeaders.put("Content-Type", this.contentType);
			responseHeaders.putAll(this.headers);
			Map<String, Object> response = new LinkedHashMap<>();
			response.put("statusCode", this.status);
			response.put("headers", responseHeaders);
			response.put("body", new String(this.body, StandardCharsets.UTF_8));
			response.put("isBase64Encoded", false);
			return response;
		}

	}

	/** No message headers at all: the answer is complete as written. */
	private static final class NoHeaders extends MessageHeaders {

		NoHeaders() {
			super(Map.of(), ID_VALUE_NONE, -1L);
		}

	}

}
