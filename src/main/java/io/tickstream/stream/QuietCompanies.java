package io.tickstream.stream;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.tickstream.pipeline.TransientRetry;
import io.tickstream.pipeline.WindowStage;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.core.NestedExceptionUtils;

/**
 * Publishes the windows of companies gone quiet, on the binder: a company that sends
 * nothing gets no batch, so a clock of the instance's own looks for them
 * ({@link WindowStage#closeQuiet()}) a few times per {@code tickstream.window-idle}.
 * Every instance looks; the companies' conditional commits keep them from getting in each
 * other's way.
 */
final class QuietCompanies implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(QuietCompanies.class);

	private final WindowStage windows;

	private final Duration every;

	private ScheduledExecutorService clock;

	/**
	 * @param idle how long a company may be quiet before its windows are published
	 */
	QuietCompanies(WindowStage windows, Duration idle) {
		this.windows = windows;
		this.every = Duration.ofMillis(Math.max(1_000, Math.min(idle.toMillis() / 3, 30_000)));
	}

	@Override
	public synchronized void start() {
		this.clock = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "quiet-companies");
			thread.setDaemon(true);
			return thread;
		});
		this.clock.scheduleWithFixedDelay(this::closeQuiet, this.every.toMillis(), this.every.toMillis(),
				TimeUnit.MILLISECONDS);
	}

	private void closeQuiet() {
		try {
			int published = this.windows.closeQuiet();
			if (published > 0) {
				logger.info("Published " + published + " windows of companies gone quiet");
			}
		}
		catch (RuntimeException ex) {
			if (!(NestedExceptionUtils.getMostSpecificCause(ex) instanceof TransientRetry.StoppingException)) {
				logger.warn("Could not publish the windows of quiet companies; trying again in " + this.every, ex);
			}
		}
	}

	@Override
	public synchronized void stop() {
		if (this.clock != null) {
			this.clock.shutdownNow();
			this.clock = null;
		}
	}

	@Override
	public synchronized boolean isRunning() {
		return this.clock != null;
	}

}
