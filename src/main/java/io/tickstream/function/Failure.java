package io.tickstream.function;

import io.tickstream.tick.InvalidTickException;
import io.tickstream.tick.MalformedInputException;
import io.tickstream.window.InvalidWindowException;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/**
 * The one failure model every surface maps: what went wrong with an input, as an
 * HTTP-style status with a title and a reason meant for the client. Anything not listed
 * here is a bug and is answered without internals.
 *
 * @param status the HTTP status code that API Gateway and the web server answer with
 * @param title a short summary of the kind of failure
 * @param detail the reason, naming the field or the place where reading broke
 */
public record Failure(int status, String title, String detail) {

	/**
	 * @return the client's failure that {@code ex} (or one of its causes) stands for, or
	 * {@code null} when it is no client error
	 */
	public static Failure of(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof InvalidTickException) {
				return new Failure(400, "Invalid record", cause.getMessage());
			}
			if (cause instanceof MalformedInputException) {
				return new Failure(400, "Malformed input", cause.getMessage());
			}
			if (cause instanceof InvalidWindowException) {
				return new Failure(400, "Invalid parameter", cause.getMessage());
			}
			if (cause instanceof RefusedRecordException) {
				return new Failure(400, "Refused record", cause.getMessage());
			}
		}
		return null;
	}

	public static Failure tooLarge(long maxBytes) {
		return new Failure(413, "Body too large", "the request body is larger than " + maxBytes + " bytes");
	}

	/**
	 * The failure as RFC 9457 problem details, the body every HTTP surface answers with.
	 */
	public ProblemDetail toProblemDetail() {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatusCode.valueOf(this.status), this.detail);
		problem.setTitle(this.title);
		return problem;
	}

	public static Failure internal() {
		return new Failure(500, "Internal error", "the request could not be processed; the server logged the cause");
	}

}
