package io.tickstream.pipeline;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The records of one shard delivered together: by the KCL on the binder, by an event
 * source mapping on Lambda. A stage processes them in order; the batch is checkpointed
 * after the whole of it, or not at all.
 *
 * @param stream the stream the records were read from
 * @param shard the shard they were read from
 * @param records the records, in shard order
 * @param lastArrival when the last record arrived in the shard, or {@code null} where the
 * batch does not say
 */
public record ShardBatch(String stream, String shard, List<Record> records, Instant lastArrival) {

	public ShardBatch(String stream, String shard, List<Record> records) {
		this(stream, shard, records, null);
	}

	/** How long the last record waited in its shard: how far behind its reader is. */
	public Optional<Duration> age() {
		return Optional.ofNullable(this.lastArrival).map((arrival) -> Duration.between(arrival, Instant.now()));
	}

	/** One record: its bytes as they arrived, and where it came from. */
	public record Record(byte[] data, Origin origin) {

	}

	/** Where a record came from, as a dead letter names it. */
	public record Origin(String stream, String shard, String sequenceNumber, String partitionKey) {

	}

	/** The records from {@code first} on: what is left when a batch stopped there. */
	public ShardBatch from(Record first) {
		int index = this.records.indexOf(first);
		if (index < 0) {
			throw new IllegalArgumentException("not a record of this batch: " + first.origin());
		}
		return new ShardBatch(this.stream, this.shard, this.records.subList(index, this.records.size()),
				this.lastArrival);
	}

}
