package io.tickstream.hourly;

import java.util.Optional;

import io.tickstream.tick.Tick;

/**
 * The running hourly highs of a stream, kept across batches and restarts. Offering the
 * same record again changes nothing, so at-least-once delivery gives exact answers.
 */
public interface HourlyHighStore {

	/**
	 * Records the tick's {@code high} if it is its hour's highest so far.
	 * @return the hour's new high when the tick set it (or set it before and is delivered
	 * again), empty when the hour already has a higher or earlier one
	 */
	Optional<HourlyHighUpdate> offer(Tick tick);

}
