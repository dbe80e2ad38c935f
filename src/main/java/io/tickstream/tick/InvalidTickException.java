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

}
