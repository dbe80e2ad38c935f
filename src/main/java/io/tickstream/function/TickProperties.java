package io.tickstream.function;

import java.time.ZoneId;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the price-record functions.
 *
 * @param exchangeZone the clock of timestamps written without an offset
 * @param maxInputSize the largest input accepted; 6 MB is Lambda's synchronous payload
 * limit
 */
@ConfigurationProperties("tickstream")
public record TickProperties(@DefaultValue("America/New_York") ZoneId exchangeZone,
		@DefaultValue("6MB") DataSize maxInputSize) {

}
