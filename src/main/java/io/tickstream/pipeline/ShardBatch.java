package io.tickstream.pipeline;

import java.util.List;

/**
 * The records of one shard delivered together: by the KCL on the binder, by an event
 * source mapping on Lambda. A stage processes them in order; the batch is checkpointed
 * after the whole of it, or not at all.
 *
 * @param stream the stream the records were read from
 * @param shard the shard they were read from
 * @param records the records, in shard order
 */
public record ShardBatch(String stream, String shard, List<Record> records) {

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
		return new ShardBatch(this.stream, this.shard, this.records.subList(index, this.records.size()));
	}

}
