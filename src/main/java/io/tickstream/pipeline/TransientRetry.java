package io.tickstream.pipeline;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import io.tickstream.metrics.PipelineMetrics;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

import org.springframework.core.NestedExceptionUtils;

/**
 * Retries a call to Kinesis or DynamoDB in place while it fails for a passing reason
 * (endpoint down, timeout, throttling, a 5xx), with exponential backoff and full jitter
 * up to a cap, for as long as it takes. In place, so that the records of a batch
 * processed before the failure are not processed and published again, and the shard's
 * checkpoint never moves past the record that waits.
 * <p>
 * An outage is logged once, as a WARN when it begins and an INFO with the number of
 * retries when it ends; a failure that will repeat (a validation error) is thrown at
 * once. When the application stops, a waiting call gives up with
 * {@link StoppingException}: its batch is not checkpointed and is delivered again.
 * <p>
 * On Lambda a call may not wait for as long as it takes: with a {@code patience}, the
 * call's own failure is thrown once it has been retried for that long, and the caller
 * hands the record back to its event source mapping, which retries it later.
 */
public final class TransientRetry {

	private static final Log logger = LogFactory.getLog(TransientRetry.class);

	private static final Duration FIRST_DELAY = Duration.ofMillis(100);

	private final Duration cap;

	private final Duration patience;

	private final AtomicBoolean stopping = new AtomicBoolean();

	private final PipelineMetrics metrics;

	/** Retries for as long as it takes, until the application stops. */
	TransientRetry(Duration cap) {
		this(cap, null, PipelineMetrics.NONE);
	}

	/**
	 * @param cap the longest pause between two attempts
	 * @param patience how long to retry before throwing the passing failure, or
	 * {@code null} for as long as it takes
	 */
	public TransientRetry(Duration cap, Duration patience) {
		this(cap, patience, PipelineMetrics.NONE);
	}

	/**
	 * @param metrics counts each retry, by the call's description
	 */
	public TransientRetry(Duration cap, Duration patience, PipelineMetrics metrics) {
		this.cap = cap;
		this.patience = patience;
		this.metrics = metrics;
	}

	/**
	 * @param what what the call does, for the log ("putting records to ticks")
	 * @throws StoppingException when the application stops while the call waits
	 * @throws RuntimeException the call's own failure when it is not transient, or when
	 * it still fails after the patience
	 */
	public <T> T call(String what, Supplier<T> call) {
		int retries = 0;
		long started = System.nanoTime();
		while (true) {
			try {
				T result = call.get();
				if (retries > 0) {
					logger.info(what + " succeeded again after " + retries + " retries in "
							+ Duration.ofNanos(System.nanoTime() - started).toSeconds() + " s");
				}
				return result;
			}
			catch (RuntimeException ex) {
				if (!isTransient(ex) || outOfPatience(started)) {
					throw ex;
				}
				if (retries == 0) {
					logger.warn(what + " failed for a passing reason (" + describe(ex) + "); retrying with backoff "
							+ ((this.patience != null) ? "for up to " + this.patience.toMillis() + " ms"
									: "until it succeeds"));
				}
				this.metrics.retry(what);
				pause(delay(retries++));
			}
		}
	}

	private boolean outOfPatience(long started) {
		return this.patience != null && System.nanoTime() - started >= this.patience.toNanos();
	}

	/** Makes every waiting call give up: the application is stopping. */
	public void stop() {
		this.stopping.set(true);
	}

	/** The delay before retry {@code n}: up to 100 ms × 2ⁿ, never more than the cap. */
	public Duration delay(int n) {
		long ceiling = Math.min(this.cap.toMillis(), FIRST_DELAY.toMillis() << Math.min(n, 20));
		return Duration.ofMillis(ThreadLocalRandom.current().nextLong(ceiling / 2, ceiling + 1));
	}

	/**
	 * Waits, unless the application stops.
	 * @throws StoppingException when it does
	 */
	public void pause(Duration delay) {
		long deadline = System.nanoTime() + delay.toNanos();
		try {
			while (System.nanoTime() < deadline) {
				if (this.stopping.get()) {
					throw new StoppingException();
				}
				Thread.sleep(Math.min(100, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new StoppingException();
		}
	}

	/**
	 * Whether a failure of an AWS call may pass: the service was not reached, or answered
	 * that it is busy or broken. A 4xx other than throttling will repeat.
	 */
	public static boolean isTransient(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof AwsServiceException service) {
				return service.isThrottlingException() || service.statusCode() >= 500;
			}
			if (cause instanceof SdkClientException || cause instanceof IOException) {
				return true;
			}
		}
		return false;
	}

	private static String describe(Throwable ex) {
		Throwable cause = NestedExceptionUtils.getMostSpecificCause(ex);
		String message = String.valueOf(cause.getMessage());
		return cause.getClass().getSimpleName() + ": "
				+ ((message.length() > 200) ? message.substring(0, 200) + "..." : message);
	}

	/** The application stops while a call waits for a passing failure to pass. */
	public static final class StoppingException extends IllegalStateException {

		StoppingException() {
			super("stopping while retrying a call to AWS; the batch will be delivered again");
		}

	}

}
