package io.tickstream.metrics;

import java.time.Duration;

/**
 * What tickstream counts of the records it handles, whatever records the counts:
 * Micrometer meters on the web server and in the stream service
 * ({@link MicrometerPipelineMetrics}), CloudWatch embedded-metric lines on Lambda. Every
 * method does nothing unless an implementation says otherwise.
 */
public interface PipelineMetrics {

	/** Counts nothing: where no one reads the counts (tests, tools). */
	PipelineMetrics NONE = new PipelineMetrics() {
	};

	/**
	 * A step processed records of a batch (a batch delivered again is counted again).
	 * @param function the step: {@code ingest}, {@code hourlyHighUpdates},
	 * {@code slidingWindows}
	 * @param read the records it processed; each is accepted or dead-lettered
	 * @param deadLettered the records it wrote to the dead-letter stream
	 * @param published what it wrote to its output stream (ticks, hourly-high updates,
	 * final windows)
	 */
	default void batch(String function, int read, int deadLettered, int published) {
	}

	/**
	 * What arrived late for the windows of {@code slidingWindows} on a stream.
	 * @param corrections windows published again because records arrived after they were
	 * published, within the allowed lateness
	 * @param tooLate records that arrived after one of their windows was closed for good,
	 * written to the late records' stream
	 */
	default void lateRecords(int corrections, int tooLate) {
	}

	/**
	 * A request's records answered (over HTTP, or on Lambda behind API Gateway).
	 * @param function {@code ingest}, {@code hourlyHigh}, {@code slidingWindows}
	 * @param read the records of the request
	 * @param rejected those answered as rejected (listed in the answer, or a 400)
	 */
	default void answered(String function, int read, int rejected) {
	}

	/**
	 * A conditional write of an hourly high to DynamoDB: won, or lost to a higher (or as
	 * high and earlier) record another batch or instance wrote first.
	 */
	default void conditionalWrite(boolean won) {
	}

	/** A call failed for a passing reason and is tried again. */
	default void retry(String operation) {
	}

	/**
	 * How long the last record of a batch waited in its shard before the step read it
	 * (Lambda's {@code IteratorAge}): how far behind the step is.
	 */
	default void iteratorAge(String stream, String shard, Duration age) {
	}

}
