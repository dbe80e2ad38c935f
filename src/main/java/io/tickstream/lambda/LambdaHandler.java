package io.tickstream.lambda;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;

import com.amazonaws.services.lambda.runtime.Context;
import org.slf4j.MDC;

import org.springframework.cloud.function.adapter.aws.FunctionInvoker;

/**
 * The Lambda handler: Spring Cloud Function's {@code FunctionInvoker}, handed each event
 * whole and untouched ({@link Envelope}). What {@link LambdaFunctionAdapter} answers is
 * written out as it is.
 * <p>
 * The application it starts is {@link LambdaApplication}.
 */
public class LambdaHandler extends FunctionInvoker {

	private static final String START_CLASS = "MAIN_CLASS";

	public LambdaHandler() {
		super(startingLambdaApplication());
		WithoutSourceLines.remove();
	}

	/**
	 * {@code FunctionInvoker} starts the class its environment variable or system
	 * property {@value #START_CLASS} names, or else the first Spring Boot application it
	 * finds in a manifest on the class path (the web server's, which lacks the Lambda
	 * surface).
	 * @return no function definition: {@code FunctionInvoker} reads it from
	 * {@code SPRING_CLOUD_FUNCTION_DEFINITION}
	 * @throws IllegalStateException where the environment names another start class
	 */
	private static String startingLambdaApplication() {
		String application = LambdaApplication.class.getName();
		String named = System.getenv(START_CLASS);
		if (named != null && !named.equals(application)) {
			throw new IllegalStateException(
					START_CLASS + " is " + named + "; this handler serves " + application + " (leave it unset)");
		}
		System.setProperty(START_CLASS, application);
		WithoutSourceLines.install();
		return null;
	}

	/**
	 * Spring Cloud Function's functional start prints each of its sources to standard
	 * output ({@code ======> SOURCE: …}), which Lambda would log at every cold start:
	 * standard output drops those lines while the application starts. Should the start
	 * fail, the filter stays, and passes every other line.
	 */
	private static final class WithoutSourceLines extends PrintStream {

		private static final String SOURCE_LINE = "======> SOURCE";

		private final PrintStream original;

		private WithoutSourceLines(PrintStream original) {
			super(original, true);
			this.original = original;
		}

		static void install() {
			System.setOut(new WithoutSourceLines(System.out));
		}

		static void remove() {
			if (System.out instanceof WithoutSourceLines filter) {
				System.setOut(filter.original);
			}
		}

		@Override
		public void println(String line) {
			if (line == null || !line.startsWith(SOURCE_LINE)) {
				super.println(line);
			}
		}

	}

	/**
	 * What is logged during the invocation carries its request id ({@code awsRequestId}
	 * as a field of a structured log, {@code logging.structured.format.console}).
	 */
	@Override
	public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
		byte[] envelope = Envelope.wrap(input.readAllBytes());
		try (MDC.MDCCloseable requestId = MDC.putCloseable("awsRequestId",
				(context != null) ? context.getAwsRequestId() : null)) {
			super.handleRequest(new ByteArrayInputStream(envelope), output, context);
		}
	}

}
