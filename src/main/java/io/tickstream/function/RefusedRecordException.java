package io.tickstream.function;

/**
 * A downstream service refused a record for good (DynamoDB's {@code ValidationException},
 * a record too large to write): retrying can never succeed, so every surface answers it
 * as it answers an invalid record, a 400 or a dead letter.
 */
public class RefusedRecordException extends RuntimeException {

	public RefusedRecordException(String reason, Throwable cause) {
		super(reason, cause);
	}

}
