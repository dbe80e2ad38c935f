package io.tickstream.function;

import java.time.Duration;

import io.tickstream.window.EventTime;
import io.tickstream.window.WindowSpec;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The sliding windows of {@code slidingWindows}, on every surface. Defaults:
 * {@code application.properties}.
 *
 * @param windowSize the length of the windows when a request names none
 * @param windowSlide how often they start when a request names no {@code slide}
 * @param windowOutOfOrder on a stream, how long a company's window waits (in its event
 * time) for records out of order before it is published
 * @param windowAllowedLateness on a stream, how long after that a record still corrects
 * its window (in event time); a later one goes to the late records' stream
 * @param windowIdle on a stream, how long a company may be quiet (in processing time)
 * before its open windows are published
 */
@ConfigurationProperties("tickstream")
public record WindowProperties(Duration windowSize, Duration windowSlide, Duration windowOutOfOrder,
		Duration windowAllowedLateness, Duration windowIdle) {

	/** The default windows; invalid settings fail the start. */
	public WindowSpec windows() {
		return new WindowSpec(this.windowSize, this.windowSlide);
	}

	/** How a stream's windows keep event time; invalid settings fail the start. */
	public EventTime eventTime() {
		return new EventTime(this.windowOutOfOrder, this.windowAllowedLateness, this.windowIdle);
	}

}
