package io.tickstream.function;

import java.time.Duration;
import java.time.ZoneId;

import io.tickstream.window.WindowSpec;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the price-record functions.
 *
 * @param exchangeZone the clock of timestamps written without an offset
 * @param maxInputSize the largest request body the web server accepts
 * @param maxListedRejections how many rejected records a batch answer lists with their
 * reasons; the rest are only counted
 * @param windowSize the length of {@code slidingWindows}' windows when a request names
 * none
 * @param windowSlide how often they start when a request names no {@code slide}
 * @param windowLateness on a stream, how late a record may arrive after the latest one of
 * its shard and still count in its windows
 */
@ConfigurationProperties("tickstream")
public record TickProperties(@DefaultValue("America/New_York") ZoneId exchangeZone,
		@DefaultValue("6MB") DataSize maxInputSize, @DefaultValue("1000") int maxListedRejections,
		@DefaultValue("PT15M") Duration windowSize, @DefaultValue("PT5M") Duration windowSlide,
		@DefaultValue("PT5M") Duration windowLateness) {

	/** The default windows; invalid settings fail the start. */
	public WindowSpec windows() {
		return new WindowSpec(this.windowSize, this.windowSlide);
	}

}
