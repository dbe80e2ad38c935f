package io.tickstream.pipeline;

/**
 * The streams and the tables the pipeline's steps use ({@link StreamProperties}).
 *
 * @param ticks where {@code ingest} writes valid records
 * @param hourlyHighs where {@code hourlyHighUpdates} writes raised hourly highs
 * @param deadLetters where every step writes the records it refuses
 * @param stateTable the DynamoDB table of the hourly highs
 * @param windowStats where {@code slidingWindows} writes windows (and their corrections)
 * @param windowTable the DynamoDB table of the sliding windows' state
 * @param lateTicks where {@code slidingWindows} writes records too late for their windows
 */
public record StreamNames(String ticks, String hourlyHighs, String deadLetters, String stateTable, String windowStats,
		String windowTable, String lateTicks) {

}
