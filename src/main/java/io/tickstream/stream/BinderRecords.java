package io.tickstream.stream;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.kinesis.retrieval.KinesisClientRecord;

import org.springframework.messaging.Message;

/**
 * The records of a binder batch as the Kinesis client read them: the bindings decode
 * natively ({@code use-native-decoding}), so that a batch keeps each record's arrival
 * time, which tells how far behind a step is. The plain adapter delivers the SDK's
 * {@link Record}s, the KCL its {@link KinesisClientRecord}s. (Only the binder uses this
 * class: the Lambda jar has no KCL.)
 */
final class BinderRecords {

	private BinderRecords() {
	}

	static List<ShardBatch.Record> records(String stream, String shard, List<?> payload) {
		List<ShardBatch.Record> records = new ArrayList<>(payload.size());
		for (Object item : payload) {
			if (item instanceof Record record) {
				records.add(new ShardBatch.Record(record.data().asByteArray(),
						new ShardBatch.Origin(stream, shard, record.sequenceNumber(), record.partitionKey())));
			}
			else if (item instanceof KinesisClientRecord record) {
				records.add(new ShardBatch.Record(SdkBytes.fromByteBuffer(record.data()).asByteArray(),
						new ShardBatch.Origin(stream, shard, record.sequenceNumber(), record.partitionKey())));
			}
			else {
				throw new IllegalArgumentException(
						"the binder delivered a " + item.getClass().getName() + " where a Kinesis record was expected");
			}
		}
		return records;
	}

	/** When the batch's last record arrived in its shard, where the batch says. */
	static Optional<Instant> lastArrival(Message<?> message) {
		if (!(message.getPayload() instanceof List<?> payload) || payload.isEmpty()) {
			return Optional.empty();
		}
		Object last = payload.get(payload.size() - 1);
		if (last instanceof Record record) {
			return Optional.ofNullable(record.approximateArrivalTimestamp());
		}
		if (last instanceof KinesisClientRecord record) {
			return Optional.ofNullable(record.approximateArrivalTimestamp());
		}
		return Optional.empty();
	}

}
