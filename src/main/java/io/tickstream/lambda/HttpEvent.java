package io.tickstream.lambda;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import io.tickstream.tick.MalformedInputException;
import tools.jackson.databind.JsonNode;

/**
 * The parts of an HTTP request that reach Lambda from API Gateway (REST API, payload
 * format 1.0; HTTP API, format 2.0) or a function URL (format 2.0) that the functions
 * need.
 *
 * @param body the request body, decoded when the event says it is base64-encoded
 * @param contentType the {@code Content-Type} header, or {@code null}
 * @param accept the {@code Accept} header, or {@code null}
 * @param parameters the query string's parameters ({@code queryStringParameters}: both
 * formats give the last value of a repeated parameter, or all joined by commas)
 */
record HttpEvent(byte[] body, String contentType, String accept,
		Map<String, String> parameters) implements LambdaEvent {

	/** REST API events name their method; HTTP API and function URL events are 2.0. */
	static boolean isHttpRequest(JsonNode event) {
		JsonNode context = event.path("requestContext");
		if (!context.isObject()) {
			return false;
		}
		return (event.path("httpMethod").isString() && context.path("httpMethod").isString())
				|| ("2.0".equals(event.path("version").asString(null)) && context.path("http").isObject());
	}

	/**
	 * @throws MalformedInputException when the body is marked base64-encoded but is not
	 */
	static HttpEvent from(JsonNode event) {
		JsonNode bodyNode = event.path("body");
		String body = bodyNode.isString() ? bodyNode.asString() : "";
		byte[] bytes;
		if (event.path("isBase64Encoded").asBoolean(false)) {
			try {
				// strict: the MIME decoder would skip what is not base64 and decode the
				// rest to garbage
				bytes = Base64.getDecoder().decode(body.replaceAll("\\s", ""));
			}
			catch (IllegalArgumentException ex) {
				throw new MalformedInputException("the body is marked base64-encoded but is not valid base64");
			}
		}
		else {
			bytes = body.getBytes(StandardCharsets.UTF_8);
		}
		return new HttpEvent(bytes, header(event, "content-type"), header(event, "accept"), parameters(event));
	}

	private static Map<String, String> parameters(JsonNode event) {
		Map<String, String> parameters = new LinkedHashMap<>();
		event.path("queryStringParameters").properties().forEach((parameter) -> {
			if (parameter.getValue().isString()) {
				parameters.put(parameter.getKey(), parameter.getValue().asString());
			}
		});
		return parameters;
	}

	/**
	 * Header names are case-insensitive; format 1.0 keeps the client's case, 2.0
	 * lower-cases them.
	 */
	private static String header(JsonNode event, String name) {
		for (Map.Entry<String, JsonNode> header : event.path("headers").properties()) {
			if (header.getKey().equalsIgnoreCase(name) && header.getValue().isString()) {
				return header.getValue().asString();
			}
		}
		return null;
	}

}
