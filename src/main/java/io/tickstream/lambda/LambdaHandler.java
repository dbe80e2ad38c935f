package io.tickstream.lambda;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import com.amazonaws.services.lambda.runtime.Context;
import org.slf4j.MDC;

import org.springframework.cloud.function.adapter.aws.FunctionInvoker;

/**
 * The Lambda handler: Spring Cloud Function's {@code FunctionInvoker}, handed each event
 * whole and untouched.
 * <p>
 * {@code FunctionInvoker} reads an event's fields before any function sees it: it copies
 * a field {@code headers} into the message headers (an event whose {@code headers} is not
 * an object fails with a {@code ClassCastException}) and replaces the event with its
 * field {@code payload}. A price record may have fields of any name, so this handler
 * passes the event base64-encoded in a {@code payload} of its own, which
 * {@link LambdaFunctionAdapter} decodes and reads itself. What the adapter answers is
 * written out as it is.
 */
public class LambdaHandler extends FunctionInvoker {

	/**
	 * What is logged during the invocation carries its request id ({@code awsRequestId}
	 * as a field of a structured log, {@code logging.structured.format.console}).
	 */
	@Override
	public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
		byte[] envelope = ("{\"payload\":\"" + Base64.getEncoder().encodeToString(input.readAllBytes()) + "\"}")
			.getBytes(StandardCharsets.US_ASCII);
		try (MDC.MDCCloseable requestId = MDC.putCloseable("awsRequestId",
				(context != null) ? context.getAwsRequestId() : null)) {
			super.handleRequest(new ByteArrayInputStream(envelope), output, context);
		}
	}

	/**
	 * @param payload the message payload {@code FunctionInvoker} made of the envelope
	 * @return the event as Lambda delivered it, or {@code null} when the payload is no
	 * envelope of this handler's
	 */
	static byte[] event(Object payload) {
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
