package io.tickstream.lambda;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

import io.tickstream.function.Failure;
import io.tickstream.hourly.HourlyHighCsv;
import io.tickstream.hourly.HourlyHighReport;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.cloud.function.context.catalog.FunctionAroundWrapper;
import org.springframework.cloud.function.context.catalog.SimpleFunctionRegistry.FunctionInvocationWrapper;
import org.springframework.http.MediaType;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.support.GenericMessage;

/**
 * Gives the functions the same HTTP contract on Lambda as on the local web server. Spring
 * Cloud Function's {@code FunctionInvoker} stays the handler; this wraps each invocation
 * it makes:
 * <ul>
 * <li>reads the body of an API Gateway or function URL event (decoding base64), or takes
 * a direct invocation's payload as the body;</li>
 * <li>answers bad input with a 400 (or 413) problem, not a Lambda error: only a bug fails
 * the invocation;</li>
 * <li>writes JSON, or CSV for {@code Accept: text/csv}, with its {@code Content-Type} and
 * no echoed request headers.</li>
 * </ul>
 */
class LambdaFunctionAdapter extends FunctionAroundWrapper {

	/** Set by {@code FunctionInvoker} on every message it makes from a Lambda event. */
	static final String AWS_CONTEXT = "aws-context";

	/**
	 * Set by {@code FunctionInvoker} when the event is an API Gateway or function URL
	 * request.
	 */
	static final String API_GATEWAY = "aws-api-gateway";

	private static final Log logger = LogFactory.getLog(LambdaFunctionAdapter.class);

	private static final MediaType TEXT_CSV = MediaType.parseMediaType("text/csv");

	private final JsonMapper json;

	private final long maxInputBytes;

	LambdaFunctionAdapter(JsonMapper json, long maxInputBytes) {
		this.json = json;
		this.maxInputBytes = maxInputBytes;
	}

	@Override
	protected Object doApply(Object input, FunctionInvocationWrapper function) {
		if (!(input instanceof Message<?> message) || !message.getHeaders().containsKey(AWS_CONTEXT)
				|| function.getRawInputType() != byte[].class) {
			return function.apply(input); // not a Lambda invocation of one of ours
		}
		try {
			HttpEvent request = readRequest(message);
			if (request.body().length > this.maxInputBytes) {
				return problem(Failure.tooLarge(this.maxInputBytes));
			}
			Object result = invoke(function, request.body());
			if (result instanceof HourlyHighReport report && acceptsCsv(request.accept())) {
				return response(200, "text/csv;charset=UTF-8",
						HourlyHighCsv.write(report.results()).getBytes(StandardCharsets.UTF_8));
			}
			return response(200, MediaType.APPLICATION_JSON_VALUE, this.json.writeValueAsBytes(result));
		}
		catch (RuntimeException ex) {
			Failure failure = Failure.of(ex);
			if (failure == null) {
				logger.error("Failed to process an invocation of " + function.getFunctionDefinition(), ex);
				throw ex; // a bug: Lambda reports the error and retries where the trigger
							// does
			}
			return problem(failure);
		}
	}

	private HttpEvent readRequest(Message<?> message) {
		byte[] event = (message.getPayload() instanceof byte[] bytes) ? bytes
				: this.json.writeValueAsBytes(message.getPayload());
		if (Boolean.TRUE.equals(message.getHeaders().get(API_GATEWAY))) {
			return HttpEvent.from(this.json.readTree(event));
		}
		return new HttpEvent(event, null); // a direct invocation: the payload is the body
	}

	/** Calls the bean itself, so that the answer is an object this adapter writes. */
	@SuppressWarnings("unchecked")
	private static Object invoke(FunctionInvocationWrapper function, byte[] body) {
		return ((Function<byte[], Object>) function.getTarget()).apply(body);
	}

	private static boolean acceptsCsv(String accept) {
		return accept != null && MediaType.parseMediaTypes(accept)
			.stream()
			.anyMatch((type) -> !type.isWildcardType() && TEXT_CSV.isCompatibleWith(type));
	}

	private Message<byte[]> problem(Failure failure) {
		return response(failure.status(), MediaType.APPLICATION_PROBLEM_JSON_VALUE,
				this.json.writeValueAsBytes(failure.toProblemDetail()));
	}

	/**
	 * {@code FunctionInvoker} turns the message headers into the API Gateway response's
	 * status and headers; these are all of them.
	 */
	private static Message<byte[]> response(int status, String contentType, byte[] body) {
		Map<String, Object> headers = new LinkedHashMap<>();
		headers.put("statusCode", status);
		headers.put("Content-Type", contentType);
		return new GenericMessage<>(body, new ResponseHeaders(headers));
	}

	/**
	 * Message headers without the generated id and timestamp, which are no HTTP headers.
	 */
	private static final class ResponseHeaders extends MessageHeaders {

		ResponseHeaders(Map<String, Object> headers) {
			super(headers, ID_VALUE_NONE, -1L);
		}

	}

}
