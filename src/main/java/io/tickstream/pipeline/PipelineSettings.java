package io.tickstream.pipeline;

import java.time.Duration;

import io.tickstream.function.RecordProperties;
import io.tickstream.function.WindowProperties;
import io.tickstream.tick.Feed;
import io.tickstream.window.EventTime;
import io.tickstream.window.WindowSpec;

/**
 * What the pipeline's steps are built from, the same on every stream surface.
 *
 * @param names its streams and tables
 * @param maxRecordBytes the largest record read ({@code tickstream.max-input-size}, as
 * for a request body); a larger one is refused unread
 * @param windows the sliding windows of {@code slidingWindows}
 * @param eventTime how its windows keep each company's event time
 * @param maxClockSkew how far ahead of this clock a record's {@code ts} may be; a later
 * one is a dead letter
 * @param createMissing whether a step creates a stream it writes to, or the table it
 * keeps its state in, where it does not exist
 * @param feed the feed of the raw records {@code ingest} reads ({@code tickstream.feed})
 */
public record PipelineSettings(StreamNames names, long maxRecordBytes, WindowSpec windows, EventTime eventTime,
		Duration maxClockSkew, boolean createMissing, Feed feed) {

	public static PipelineSettings of(RecordProperties records, WindowProperties windows, StreamProperties streams) {
		return new PipelineSettings(streams.names(), records.maxInputSize().toBytes(), windows.windows(),
				windows.eventTime(), records.maxClockSkew(), streams.createMissing(), records.feed());
	}

}
