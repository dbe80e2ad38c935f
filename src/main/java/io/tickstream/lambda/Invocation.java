package io.tickstream.lambda;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

import io.tickstream.pipeline.ShardBatch;
import io.tickstream.tick.MalformedInputException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a Lambda event asks for, recognised by its shape, never guessed:
 * <ul>
 * <li>an HTTP request from API Gateway (REST API, payload format 1.0; HTTP API, 2.0) or a
 * function URL (2.0): its body is the input;</li>
 * <li>a direct invocation whose payload is records: one JSON object that is a price
 * record, a JSON array, or a JSON string holding newline-delimited records; the payload
 * is the input;</li>
 * <li>a Kinesis event source mapping's batch of one shard's records, also with the
 * mapping's tumbling window;</li>
 * <li>anything else, notably the {@code Records} events of SQS, SNS, S3 and DynamoDB
 * streams and EventBridge's events, is refused: answering it as a bad request would tell
 * an event source mapping that its batch was processed.</li>
 * </ul>
 *
 * @param input the records' bytes, or {@code null} for a Kinesis batch
 * @param http whether the event is an HTTP request, answered as an HTTP response
 * @param contentType the request's {@code Content-Type} header, or {@code null}
 * @param accept the request's {@code Accept} header, or {@code null}
 * @param batch a Kinesis batch, or {@code null}
 * @param parameters the request's query parameters (none for a direct invocation)
 * @param window the tumbling window of a Kinesis batch, or {@code null}
 */
record Invocation(byte[] input, boolean http, String contentType, String accept, ShardBatch batch,
		Map<String, String> parameters, TumblingWindow window, Instant lastArrival) {

	/** The fields of which a price record has at least one. */
	private static final Set<String> RECORD_FIELDS = Set.of("name", "high", "low", "ts");

	/**
	 * @throws UnsupportedEventException for an event this function does not answer
	 * @throws MalformedInputException for an HTTP request whose body is marked base64 but
	 * is not
	 */
	static Invocation of(byte[] event, JsonMapper json) {
		JsonNode tree;
		try {
			tree = json.readTree(event);
		}
		catch (JacksonException ex) {
			throw new UnsupportedEventException("the event is not JSON");
		}
		if (KinesisBatchEvent.isTimeWindowEvent(tree)) {
			return new Invocation(null, false, null, null, KinesisBatchEvent.batch(tree), Map.of(),
					KinesisBatchEvent.window(tree), KinesisBatchEvent.lastArrival(tree));
		}
		if (KinesisBatchEvent.isKinesisBatch(tree)) {
			return new Invocation(null, false, null, null, KinesisBatchEvent.batch(tree), Map.of(), null,
					KinesisBatchEvent.lastArrival(tree));
		}
		if (isHttpRequest(tree)) {
			HttpEvent request = HttpEvent.from(tree);
			return new Invocation(request.body(), true, request.contentType(), request.accept(), null,
					request.parameters(), null, null);
		}
		if (tree.isArray() || isRecord(tree)) {
			return new Invocation(event, false, null, null, null, Map.of(), null, null);
		}
		if (tree.isString()) {
			return new Invocation(tree.asString().getBytes(StandardCharsets.UTF_8), false, null, null, null, Map.of(),
					null, null);
		}
		throw new UnsupportedEventException(describe(tree));
	}

	/** REST API events name their method; HTTP API and function URL events are 2.0. */
	private static boolean isHttpRequest(JsonNode tree) {
		JsonNode context = tree.path("requestContext");
		if (!context.isObject()) {
			return false;
		}
		return (tree.path("httpMethod").isString() && context.path("httpMethod").isString())
				|| ("2.0".equals(tree.path("version").asString(null)) && context.path("http").isObject());
	}

	private static boolean isRecord(JsonNode tree) {
		if (!tree.isObject() || tree.has("Records") || tree.has("detail-type")) {
			return false;
		}
		return RECORD_FIELDS.stream().anyMatch(tree::has);
	}

	private static String describe(JsonNode tree) {
		JsonNode records = tree.path("Records");
		if (records.isArray()) {
			JsonNode first = records.path(0);
			String source = first.path("eventSource").asString(first.path("EventSource").asString("unknown"));
			return "an event from " + source + " (a Records envelope): this function answers HTTP requests,"
					+ " direct invocations with price records and Kinesis batches";
		}
		if (tree.has("detail-type") && tree.has("source")) {
			return "an EventBridge event: this function answers HTTP requests, direct invocations with price"
					+ " records and Kinesis batches";
		}
		return "an event of no known shape: expected an API Gateway or function URL request, a price record,"
				+ " an array of records or a string of newline-delimited records";
	}

	/** An event this function does not answer: the invocation fails. */
	static final class UnsupportedEventException extends IllegalArgumentException {

		UnsupportedEventException(String message) {
			super("Unsupported event: " + message);
		}

	}

}
