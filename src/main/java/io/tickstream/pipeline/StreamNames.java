package io.tickstream.pipeline;

import org.springframework.core.env.Environment;

/**
 * The streams and the table the pipeline's steps use, from the same {@code tickstream.*}
 * settings on every surface (on Lambda as environment variables, e.g.
 * {@code TICKSTREAM_STREAMS_TICKS}).
 *
 * @param ticks where {@code ingest} writes valid records
 * @param hourlyHighs where {@code hourlyHighUpdates} writes raised hourly highs
 * @param deadLetters where every step writes the records it refuses
 * @param stateTable the DynamoDB table of the hourly highs
 * @param windowStats where {@code slidingWindows} writes final windows
 * @param windowTable the DynamoDB table of the sliding windows' state
 */
public record StreamNames(String ticks, String hourlyHighs, String deadLetters, String stateTable, String windowStats,
		String windowTable) {

	public static StreamNames of(Environment environment) {
		return new StreamNames(environment.getRequiredProperty("tickstream.streams.ticks"),
				environment.getRequiredProperty("tickstream.streams.hourly-highs"),
				environment.getRequiredProperty("tickstream.streams.dead-letters"),
				environment.getRequiredProperty("tickstream.stream.state-table"),
				environment.getRequiredProperty("tickstream.streams.window-stats"),
				environment.getRequiredProperty("tickstream.stream.window-table"));
	}

}
