package io.tickstream.lambda;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.tickstream.function.ContentNegotiation;
import io.tickstream.function.CsvAnswer;
import io.tickstream.function.Failure;
import io.tickstream.function.TickFunctions;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.cloud.function.context.catalog.SimpleFunctionRegistry.FunctionInvocationWrapper;
import org.springframework.http.MediaType;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;

/**
 * The functions' HTTP contract on Lambda, the same as the web server's, for API Gateway
 * and function URL requests and for direct invocations with records:
 * <ul>
 * <li>reads the body as records or refuses its type (415), as the web server does;</li>
 * <li>answers bad input with a 400 (or 413, 406) problem, not a Lambda error: only a bug
 * fails the invocation;</li>
 * <li>writes JSON, or CSV where the shared {@link ContentNegotiation} chooses it, with
 * its {@code Content-Type} and no echoed request headers;</li>
 * <li>keeps within Lambda's limits: a body of at most 4 MB (the event around it, base64
 * or JSON-escaped, must fit Lambda's 6 MB), an answer of at most 6 MB.</li>
 * </ul>
 * An HTTP request is answered as an API Gateway response, a direct invocation with the
 * body alone.
 */
class HttpContract {

	/**
	 * The largest body behind API Gateway that always fits Lambda's 6 MB event limit,
	 * even base64-encoded.
	 */
	static final long MAX_LAMBDA_BODY_BYTES = 4L * 1024 * 1024;

	/** Lambda's limit for a synchronous invocation's answer. */
	static final int MAX_RESPONSE_BYTES = 6 * 1024 * 1024;

	private static final Log logger = LogFactory.getLog(HttpContract.class);

	private final JsonMapper json;

	private final long maxInputBytes;

	HttpContract(JsonMapper json, long maxInputBytes) {
		this.json = json;
		this.maxInputBytes = Math.min(maxInputBytes, MAX_LAMBDA_BODY_BYTES);
	}

	/** The answer to a request or a direct invocation with records. */
	byte[] answer(LambdaEvent event, FunctionInvocationWrapper function) {
		if (event instanceof HttpEvent request) {
			return write(true, respond(request, function));
		}
		byte[] records = ((LambdaEvent.Records) event).input();
		return write(false, respond(new HttpEvent(records, null, null, Map.of()), function));
	}

	/**
	 * The answer to a request that could not be read (a body marked base64 that is not).
	 * @throws RuntimeException the failure itself where it is a bug
	 */
	byte[] refuse(RuntimeException failure, FunctionInvocationWrapper function) {
		return write(true, problem(failure, function));
	}

	private Response respond(HttpEvent request, FunctionInvocationWrapper function) {
		Failure unreadable = ContentNegotiation.unreadable(request.contentType());
		if (unreadable != null) {
			return Response.problem(unreadable, this.json);
		}
		List<MediaType> producible = ContentNegotiation.producible(function.getOutputType());
		MediaType format = ContentNegotiation.choose(request.accept(), producible);
		if (format == null) {
			return Response.problem(ContentNegotiation.notAcceptable(producible), this.json);
		}
		if (request.body().length > this.maxInputBytes) {
			return Response.problem(Failure.tooLarge(this.maxInputBytes), this.json);
		}
		try {
			Object result = invoke(function, request);
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
			throw ex; // a bug: Lambda reports the error, and retries where the trigger
						// does
		}
		return Response.problem(failure, this.json);
	}

	/** Calls the bean itself, so that the answer is an object written here. */
	@SuppressWarnings("unchecked")
	private static Object invoke(FunctionInvocationWrapper function, HttpEvent request) {
		if (function.isInputTypeMessage()) {
			Map<String, String> parameters = new LinkedHashMap<>(request.parameters());
			String feed = ContentNegotiation.feedParameter(request.contentType(), parameters.get("feed"));
			if (feed != null) {
				parameters.put("feed", feed);
			}
			Message<byte[]> message = MessageBuilder.withPayload(request.body())
				.setHeader(TickFunctions.PARAMETERS, parameters)
				.build();
			return ((Function<Message<byte[]>, Object>) function.getTarget()).apply(message);
		}
		return ((Function<byte[], Object>) function.getTarget()).apply(request.body());
	}

	/** An HTTP response for API Gateway, or the body itself for a direct invocation. */
	private byte[] write(boolean http, Response response) {
		byte[] bytes = http ? this.json.writeValueAsBytes(response.toApiGateway()) : response.body();
		if (bytes.length > MAX_RESPONSE_BYTES) {
			Failure tooLarge = new Failure(413, "Answer too large", "the answer would exceed Lambda's 6 MB limit for"
					+ " a response (" + bytes.length + " bytes); send fewer records at a time");
			Response refusal = Response.problem(tooLarge, this.json);
			bytes = http ? this.json.writeValueAsBytes(refusal.toApiGateway()) : refusal.body();
		}
		return bytes;
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

}
