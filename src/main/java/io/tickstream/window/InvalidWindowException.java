package io.tickstream.window;

/**
 * A request for windows that cannot be answered as asked: a parameter that is not a
 * duration or breaks a rule, or more windows than an answer may hold.
 */
public class InvalidWindowException extends IllegalArgumentException {

	private final String parameter;

	public InvalidWindowException(String parameter, String reason) {
		super(reason);
		this.parameter = parameter;
	}

	/** The parameter to change. */
	public String parameter() {
		return this.parameter;
	}

}
