package io.tickstream.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;

/**
 * The cold-start baseline: the least a Java handler can be, reading the event and
 * answering, on the same runtime client.
 */
public class TrivialHandler implements RequestStreamHandler {

	@Override
	public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
		int length = input.readAllBytes().length;
		output.write(("{\"statusCode\":200,\"body\":\"" + length + "\"}").getBytes(StandardCharsets.UTF_8));
	}

}
