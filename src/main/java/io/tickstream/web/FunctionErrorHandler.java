package io.tickstream.web;

import io.tickstream.tick.InvalidTickException;
import io.tickstream.tick.MalformedInputException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Maps every failure to an {@code application/problem+json} answer: bad input is the
 * client's (4xx, with a reason that names the field), anything else is ours (500, without
 * internals; the details go to the log).
 */
@RestControllerAdvice
class FunctionErrorHandler extends ResponseEntityExceptionHandler {

	private static final Log logger = LogFactory.getLog(FunctionErrorHandler.class);

	@ExceptionHandler
	ProblemDetail invalidRecord(InvalidTickException ex) {
		return problem(HttpStatus.BAD_REQUEST, "Invalid record", ex.getMessage());
	}

	@ExceptionHandler
	ProblemDetail malformedInput(MalformedInputException ex) {
		return problem(HttpStatus.BAD_REQUEST, "Malformed input", ex.getMessage());
	}

	@ExceptionHandler
	ProblemDetail unexpected(Exception ex, WebRequest request) {
		logger.error("Failed to process " + request.getDescription(false), ex);
		return problem(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error",
				"the request could not be processed; the server logged the cause");
	}

	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		if (ex.getCause() instanceof RequestSizeLimitFilter.BodyTooLargeException tooLarge) {
			return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE)
				.body(problem(HttpStatus.CONTENT_TOO_LARGE, "Body too large", tooLarge.getMessage()));
		}
		return ResponseEntity.badRequest()
			.body(problem(HttpStatus.BAD_REQUEST, "Unreadable body", "the request body could not be read"));
	}

	private static ProblemDetail problem(HttpStatus status, String title, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setTitle(title);
		return problem;
	}

}
