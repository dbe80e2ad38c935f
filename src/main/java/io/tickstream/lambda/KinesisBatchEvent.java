package io.tickstream.lambda;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.tickstream.pipeline.ShardBatch;
import tools.jackson.databind.JsonNode;

/**
 * A Kinesis event source mapping's event: the records of one shard, in order, each with
 * its data base64-encoded and where it came from ({@code eventSourceARN} names the
 * stream, {@code eventID} is {@code shardId-…:sequenceNumber}).
 *
 * @param batch the shard's records
 * @param window the mapping's tumbling window, or {@code null} where it has none
 */
record KinesisBatchEvent(ShardBatch batch, TumblingWindow window) implements LambdaEvent {

	static final String EVENT_SOURCE = "aws:kinesis";

	/**
	 * Whether the event is a Kinesis batch, of a mapping with tumbling windows or not.
	 */
	static boolean isKinesisBatch(JsonNode event) {
		return isTimeWindowEvent(event) || isPlainBatch(event);
	}

	/**
	 * @throws LambdaEvent.UnsupportedEventException when a record lacks what every
	 * Kinesis record has: such an event did not come from Lambda
	 */
	static KinesisBatchEvent from(JsonNode event) {
		return new KinesisBatchEvent(batch(event), isTimeWindowEvent(event) ? window(event) : null);
	}

	/** A {@code Records} array from Kinesis. */
	private static boolean isPlainBatch(JsonNode event) {
		JsonNode records = event.path("Records");
		return event.isObject() && records.isArray() && !records.isEmpty()
				&& EVENT_SOURCE.equals(records.path(0).path("eventSource").asString(null));
	}

	/**
	 * Whether the event is one of a mapping with tumbling windows: a {@code window}, the
	 * state, and records from Kinesis, none in the window's final invocation.
	 */
	private static boolean isTimeWindowEvent(JsonNode event) {
		JsonNode records = event.path("Records");
		return event.isObject() && event.path("window").isObject() && event.path("isFinalInvokeForWindow").isBoolean()
				&& event.path("shardId").isString() && records.isArray()
				&& (records.isEmpty() || EVENT_SOURCE.equals(records.path(0).path("eventSource").asString(null)));
	}

	/** The window of a time-window event: its state, and whether it ends. */
	private static TumblingWindow window(JsonNode event) {
		Map<String, String> state = new LinkedHashMap<>();
		event.path("state").properties().forEach((entry) -> state.put(entry.getKey(), entry.getValue().asString()));
		return new TumblingWindow(state, event.path("isFinalInvokeForWindow").asBoolean());
	}

	private static ShardBatch batch(JsonNode event) {
		if (event.path("Records").isEmpty()) { // a tumbling window's final invocation
			return new ShardBatch(stream(event.path("eventSourceARN").asString("")), event.path("shardId").asString(),
					List.of());
		}
		List<ShardBatch.Record> records = new ArrayList<>();
		for (JsonNode record : event.path("Records")) {
			JsonNode kinesis = record.path("kinesis");
			String sequenceNumber = required(kinesis, "sequenceNumber");
			byte[] data;
			try {
				data = Base64.getDecoder().decode(required(kinesis, "data"));
			}
			catch (IllegalArgumentException ex) {
				throw new LambdaEvent.UnsupportedEventException("a Kinesis record whose data is not base64");
			}
			ShardBatch.Origin origin = new ShardBatch.Origin(stream(record.path("eventSourceARN").asString("")),
					shard(record.path("eventID").asString(""), sequenceNumber), sequenceNumber,
					kinesis.path("partitionKey").asString(""));
			records.add(new ShardBatch.Record(data, origin));
		}
		ShardBatch.Origin first = records.get(0).origin();
		return new ShardBatch(first.stream(), first.shard(), records, lastArrival(event));
	}

	/** {@code approximateArrivalTimestamp}, in seconds, of the last record. */
	private static Instant lastArrival(JsonNode event) {
		JsonNode records = event.path("Records");
		JsonNode arrival = records.get(records.size() - 1).path("kinesis").path("approximateArrivalTimestamp");
		if (!arrival.isNumber() || !Double.isFinite(arrival.asDouble())) {
			return null;
		}
		return Instant.ofEpochMilli((long) (arrival.asDouble() * 1000));
	}

	private static String required(JsonNode kinesis, String field) {
		JsonNode value = kinesis.path(field);
		if (!value.isString()) {
			throw new LambdaEvent.UnsupportedEventException("a Kinesis record without " + field);
		}
		return value.asString();
	}

	/** {@code arn:aws:kinesis:region:account:stream/NAME}: the name. */
	private static String stream(String arn) {
		int slash = arn.indexOf(":stream/");
		return (slash < 0) ? arn : arn.substring(slash + ":stream/".length());
	}

	/** {@code shardId-000000000000:49545…}: the shard. */
	private static String shard(String eventId, String sequenceNumber) {
		String suffix = ":" + sequenceNumber;
		return eventId.endsWith(suffix) ? eventId.substring(0, eventId.length() - suffix.length()) : eventId;
	}

}
