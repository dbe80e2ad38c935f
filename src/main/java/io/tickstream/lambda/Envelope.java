package io.tickstream.lambda;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * How a Lambda event reaches the functions whole. {@code FunctionInvoker} reads an
 * event's fields before any function sees it: it copies a field {@code headers} into the
 * message headers (an event whose {@code headers} is not an object fails with a
 * {@code ClassCastException}) and replaces the event with its field {@code payload}. A
 * price record may have fields of any name, so {@link LambdaHandler} hands it the event
 * base64-encoded in a {@code payload} of its own, which {@link LambdaFunctionAdapter}
 * decodes: {@code FunctionInvoker} makes that payload the message's.
 */
final class Envelope {

	private Envelope() {
	}

	/**
	 * The event wrapped, as {@link LambdaHandler} hands it to {@code FunctionInvoker}.
	 */
	static byte[] wrap(byte[] event) {
		return ("{\"payload\":\"" + payload(event) + "\"}").getBytes(StandardCharsets.US_ASCII);
	}

	/** The message payload {@code FunctionInvoker} makes of a wrapped event. */
	static String payload(byte[] event) {
		return Base64.getEncoder().encodeToString(event);
	}

	/**
	 * @param payload a message payload {@code FunctionInvoker} made
	 * @return the event as Lambda delivered it, or {@code null} when the payload is no
	 * wrapped event
	 */
	static byte[] unwrap(Object payload) {
		if (!(payload instanceof String base64)) {
			return null;
		}
		try {
			return Base64.getDecoder().decode(base64);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

}
