package io.tickstream.lambda;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import static io.tickstream.Json.JSON;

/**
 * Real Lambda event shapes from {@code src/test/resources/lambda/}, with a body and
 * headers of the test's choosing.
 */
public final class LambdaEvents {

	private LambdaEvents() {
	}

	/** API Gateway REST API, payload format 1.0. */
	static byte[] restApi(String body, Map<String, String> headers) {
		return event("apigw_rest_event.json", body, false, headers);
	}

	/** API Gateway HTTP API, payload format 2.0. */
	public static byte[] httpApi(String body, Map<String, String> headers) {
		return event("apigw_http_event.json", body, false, headers);
	}

	/** A function URL request, payload format 2.0. */
	static byte[] functionUrl(String body, Map<String, String> headers) {
		return event("function_url_event.json", body, false, headers);
	}

	/** API Gateway REST API with a base64-encoded body, as for binary media types. */
	static byte[] restApiBase64(String body) {
		return event("apigw_rest_event.json", Base64.getEncoder().encodeToString(body.getBytes(StandardCharsets.UTF_8)),
				true, Map.of());
	}

	/** Any of the three HTTP shapes with the body's exact bytes, base64-encoded. */
	static byte[] http(int shape, byte[] body, Map<String, String> headers) {
		String[] shapes = { "apigw_rest_event.json", "apigw_http_event.json", "function_url_event.json" };
		return event(shapes[shape % 3], Base64.getEncoder().encodeToString(body), true, headers);
	}

	/** An HTTP event with these query parameters, as both payload formats carry them. */
	static byte[] withParameters(byte[] event, Map<String, String> parameters) {
		if (parameters.isEmpty()) {
			return event;
		}
		ObjectNode tree = (ObjectNode) JSON.readTree(event);
		ObjectNode query = tree.putObject("queryStringParameters");
		parameters.forEach(query::put);
		return JSON.writeValueAsBytes(tree);
	}

	/** The REST API sample exactly as AWS's libraries ship it. */
	static byte[] restApiSample() {
		return read("apigw_rest_event.json");
	}

	private static byte[] event(String shape, String body, boolean base64, Map<String, String> headers) {
		ObjectNode event = (ObjectNode) JSON.readTree(read(shape));
		event.put("httpMethod", "POST");
		event.put("body", body);
		event.put("isBase64Encoded", base64);
		ObjectNode eventHeaders = event.putObject("headers");
		headers.forEach(eventHeaders::put);
		if (event.has("multiValueHeaders")) {
			ObjectNode multi = event.putObject("multiValueHeaders");
			headers.forEach((name, value) -> multi.putArray(name).add(value));
		}
		return JSON.writeValueAsBytes(event);
	}

	/**
	 * A Kinesis event source mapping's batch in the shape of the real sample: one record
	 * per element, from shard 0 of {@code stream}, with sequence numbers ending in 000,
	 * 001, and so on.
	 */
	public static byte[] kinesis(String stream, List<byte[]> records) {
		ObjectNode event = JSON.createObjectNode();
		event.set("Records", records(stream, records, 0));
		return JSON.writeValueAsBytes(event);
	}

	/**
	 * A batch of a mapping with tumbling windows, in the shape of the real sample: the
	 * records (sequence numbers from {@code first} on), the state the previous invocation
	 * of the window answered, and whether this is the window's final invocation.
	 */
	static byte[] kinesisTimeWindow(String stream, List<byte[]> records, int first, JsonNode state, boolean last) {
		ObjectNode event = (ObjectNode) JSON.readTree(read("kinesis_time_window_event.json"));
		event.set("Records", records(stream, records, first));
		event.set("state", state);
		event.put("shardId", "shardId-000000000000");
		event.put("eventSourceARN", "arn:aws:kinesis:us-east-1:123456789012:stream/" + stream);
		event.put("isFinalInvokeForWindow", last);
		return JSON.writeValueAsBytes(event);
	}

	private static ArrayNode records(String stream, List<byte[]> records, int first) {
		ObjectNode sample = (ObjectNode) JSON.readTree(read("kinesis_event.json")).get("Records").get(0);
		ArrayNode array = JSON.createArrayNode();
		for (int i = 0; i < records.size(); i++) {
			ObjectNode record = sample.deepCopy();
			String sequenceNumber = sequenceNumber(first + i);
			ObjectNode kinesis = (ObjectNode) record.get("kinesis");
			kinesis.put("data", Base64.getEncoder().encodeToString(records.get(i)));
			kinesis.put("sequenceNumber", sequenceNumber);
			kinesis.put("partitionKey", "key-" + (first + i));
			record.put("eventID", "shardId-000000000000:" + sequenceNumber);
			record.put("eventSourceARN", "arn:aws:kinesis:us-east-1:123456789012:stream/" + stream);
			array.add(record);
		}
		return array;
	}

	static String sequenceNumber(int index) {
		return "49545115243490985018280067714973144582180062593244200" + String.format("%03d", index);
	}

	/** A resource of {@code src/test/resources/lambda/} as it is. */
	static byte[] resource(String name) {
		return read(name);
	}

	static JsonNode tree(byte[] json) {
		return JSON.readTree(json);
	}

	private static byte[] read(String name) {
		try (InputStream in = LambdaEvents.class.getResourceAsStream("/lambda/" + name)) {
			return in.readAllBytes();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
