package io.tickstream.tick;

/**
 * An input that cannot be read as records at all (empty, not JSON, cut off). The message
 * says where reading broke.
 */
public class MalformedInputException extends IllegalArgumentException {

	public MalformedInputException(String message) {
		super(message);
	}

}
