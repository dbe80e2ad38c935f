package io.tickstream.stream;

import java.util.ArrayList;
import java.util.List;

import io.awspring.cloud.kinesis.integration.KinesisHeaders;

import org.springframework.messaging.Message;

/**
 * The records of one shard that the binder delivers together (listener mode
 * {@code batch}): the binder checkpoints after the whole batch, or not at all.
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

	/**
	 * @param message what the binder delivers in batch mode: a list of the records as the
	 * Kinesis client read them (native decoding, see {@link BinderRecords}), or a list of
	 * their bytes with their partition keys and sequence numbers as lists in the same
	 * order
	 */
	static ShardBatch of(Message<?> message) {
		String stream = String.valueOf(message.getHeaders().get(KinesisHeaders.RECEIVED_STREAM));
		String shard = String.valueOf(message.getHeaders().get(KinesisHeaders.SHARD));
		List<?> payload = (List<?>) message.getPayload();
		if (!payload.isEmpty() && !(payload.get(0) instanceof byte[])) {
			return new ShardBatch(stream, shard, BinderRecords.records(stream, shard, payload));
		}
		List<?> keys = list(message.getHeaders().get(KinesisHeaders.RECEIVED_PARTITION_KEY), payload.size());
		List<?> sequenceNumbers = list(message.getHeaders().get(KinesisHeaders.RECEIVED_SEQUENCE_NUMBER),
				payload.size());
		List<Record> records = new ArrayList<>(payload.size());
		for (int i = 0; i < payload.size(); i++) {
			records.add(new Record((byte[]) payload.get(i),
					new Origin(stream, shard, String.valueOf(sequenceNumbers.get(i)), String.valueOf(keys.get(i)))));
		}
		return new ShardBatch(stream, shard, records);
	}

	/** The records from {@code first} on: what is left when a batch stopped there. */
	ShardBatch from(Record first) {
		int index = this.records.indexOf(first);
		if (index < 0) {
			throw new IllegalArgumentException("not a record of this batch: " + first.origin());
		}
		return new ShardBatch(this.stream, this.shard, this.records.subList(index, this.records.size()));
	}

	private static List<?> list(Object header, int size) {
		if (header instanceof List<?> list && list.size() == size) {
			return list;
		}
		throw new IllegalArgumentException("the binder delivered " + size + " records without as many " + header);
	}

}
