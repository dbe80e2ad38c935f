package io.tickstream.web;

import io.tickstream.function.Failure;
import io.tickstream.tick.InvalidTickException;
import io.tickstream.tick.MalformedInputException;
import io.tickstream.window.InvalidWindowException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.http.HttpHeaders;
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
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class FunctionErrorHandler extends ResponseEntityExceptionHandler {

	private static final Log logger = LogFactory.getLog(FunctionErrorHandler.class);

	@ExceptionHandler({ InvalidTickException.class, MalformedInputException.class, InvalidWindowException.class })
	ProblemDetail badInput(IllegalArgumentException ex) {
		return Failure.of(ex).toProblemDetail();
	}

	@ExceptionHandler
	ProblemDetail unexpected(Exception ex, WebRequest request) {
		logger.error("Failed to process " + request.getDescription(false), ex);
		return Failure.internal().toProblemDetail();
	}

	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		Failure failure = (ex.getCause() instanceof RequestSizeLimitFilter.BodyTooLargeException tooLarge)
				? Failure.tooLarge(tooLarge.maxBytes())
				: new Failure(400, "Unreadable body", "the request body could not be read");
		return ResponseEntity.status(failure.status()).body(failure.toProblemDetail());
	}

}
