package io.tickstream.lambda;

import java.nio.charset.StandardCharsets;

import io.tickstream.tick.Feed;
import io.tickstream.tick.MalformedInputException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A Lambda event as the functions answer it, recognised by its shape, never guessed:
 * <ul>
 * <li>{@link HttpEvent}: an HTTP request from API Gateway (REST API, payload format 1.0;
 * HTTP API, 2.0) or a function URL (2.0); its body is the input;</li>
 * <li>{@link Records}: a direct invocation whose payload is records: one JSON object that
 * is a price record, a JSON array, or a JSON string holding newline-delimited
 * records;</li>
 * <li>{@link KinesisBatchEvent}: a Kinesis event source mapping's batch of one shard's
 * records, also with the mapping's tumbling window;</li>
 * <li>{@link Scheduled}: EventBridge's scheduled event, on which {@code slidingWindows}
 * publishes the windows of the companies gone quiet.</li>
 * </ul>
 * Anything else, notably the {@code Records} events of SQS, SNS, S3 and DynamoDB streams
 * and EventBridge's other events, is refused: answering it as a bad request would tell an
 * event source mapping that its batch was processed.
 */
sealed interface LambdaEvent permits HttpEvent, LambdaEvent.Records, KinesisBatchEvent, LambdaEvent.Scheduled {

	/**
	 * @throws UnsupportedEventException for an event the functions do not answer
	 * @throws MalformedInputException for an HTTP request whose body is marked base64 but
	 * is not
	 */
	static LambdaEvent read(byte[] event, JsonMapper json) {
		JsonNode tree;
		try {
			tree = json.readTree(event);
		}
		catch (JacksonException ex) {
			throw new UnsupportedEventException("the event is not JSON");
		}
		if (KinesisBatchEvent.isKinesisBatch(tree)) {
			return KinesisBatchEvent.from(tree);
		}
		if (Scheduled.isScheduled(tree)) {
			return new Scheduled();
		}
		if (HttpEvent.isHttpRequest(tree)) {
			return HttpEvent.from(tree);
		}
		if (tree.isArray() || Records.isRecord(tree)) {
			return new Records(event);
		}
		if (tree.isString()) {
			return new Records(tree.asString().getBytes(StandardCharsets.UTF_8));
		}
		throw new UnsupportedEventException(describe(tree));
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

	/**
	 * A direct invocation with price records.
	 *
	 * @param input the records' bytes
	 */
	record Records(byte[] input) implements LambdaEvent {

		/** A price record of any feed's, recognised by its keys. */
		private static boolean isRecord(JsonNode tree) {
			if (!tree.isObject() || tree.has("Records") || tree.has("detail-type")) {
				return false;
			}
			return Feed.recognise(tree.propertyNames()) != null;
		}

	}

	/** EventBridge's scheduled event: a clock's tick, with nothing to read. */
	record Scheduled() implements LambdaEvent {

		private static boolean isScheduled(JsonNode tree) {
			return "aws.events".equals(tree.path("source").asString(null))
					&& "Scheduled Event".equals(tree.path("detail-type").asString(null));
		}

	}

	/** An event the functions do not answer: the invocation fails. */
	final class UnsupportedEventException extends IllegalArgumentException {

		UnsupportedEventException(String message) {
			super("Unsupported event: " + message);
		}

	}

}
