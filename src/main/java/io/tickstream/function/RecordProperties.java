package io.tickstream.function;

import java.time.Duration;
import java.time.ZoneId;

import io.tickstream.tick.Feed;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * How price records are read, on every surface. Defaults: {@code application.properties}.
 *
 * @param exchangeZone the clock of timestamps written without an offset
 * @param maxInputSize the largest request body, event or stream record accepted
 * @param maxListedRejections how many rejected records a batch answer lists with their
 * reasons; the rest are only counted
 * @param feed the feed records are read as where a request names none, and on the
 * stream's {@code ingest} step: {@code any} recognises each record's
 * @param maxClockSkew on a stream, how far ahead of this clock a record's {@code ts} may
 * be; a later one is a dead letter ("from the future")
 */
@ConfigurationProperties("tickstream")
public record RecordProperties(ZoneId exchangeZone, DataSize maxInputSize, int maxListedRejections, Feed feed,
		Duration maxClockSkew) {

}
