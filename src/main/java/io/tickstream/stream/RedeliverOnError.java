package io.tickstream.stream;

import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.core.NestedExceptionUtils;
import org.springframework.messaging.MessagingException;
import org.springframework.messaging.support.ErrorMessage;

/**
 * The error handler of the stream bindings. A {@link StreamStage} dead-letters bad
 * records and waits out passing failures itself, so what reaches this handler is a bug or
 * a stop: it is logged and thrown back to the binder, which then does not checkpoint and
 * delivers the batch again. (Not throwing would let the binder checkpoint past the
 * batch.)
 */
class RedeliverOnError implements Consumer<ErrorMessage> {

	private static final Log logger = LogFactory.getLog(RedeliverOnError.class);

	@Override
	public void accept(ErrorMessage error) {
		Throwable cause = error.getPayload();
		if (!(NestedExceptionUtils.getMostSpecificCause(cause) instanceof TransientRetry.StoppingException)) {
			logger.error("A batch was not processed; it will be delivered again from the last checkpoint", cause);
		}
		throw (cause instanceof MessagingException messagingException) ? messagingException
				: new MessagingException("batch not processed", cause);
	}

}
