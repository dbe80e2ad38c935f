package io.tickstream.function;

import java.time.Duration;

import io.tickstream.window.WindowSpec;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The sliding windows of {@code slidingWindows}, on every surface. Defaults:
 * {@code application.properties}.
 *
 * @param windowSize the length of the windows when a request names none
 * @param windowSlide how often they start when a request names no {@code slide}
 * @param windowLateness on a stream, how late a record may arrive after the latest one of
 * its shard and still count in its windows
 */
@ConfigurationProperties("tickstream")
public record WindowProperties(Duration windowSize, Duration windowSlide, Duration windowLateness) {

	/** The default windows; invalid settings fail the start. */
	public WindowSpec windows() {
		return new WindowSpec(this.windowSize, this.windowSlide);
	}

}
