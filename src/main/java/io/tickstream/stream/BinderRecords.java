package io.tickstream.stream;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.awspring.cloud.kinesis.integration.KinesisHeaders;
import io.tickstream.pipeline.ShardBatch;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.kinesis.retrieval.KinesisClientRecord;

import org.springframework.messaging.Message;

/**
 * A batch as the binder's KCL consumer delivers it (listener mode {@code batch}, native
 * decoding): the shard's records as the KCL read them, each with its arrival time, which
 * tells how far behind a step is.
 */
final class BinderRecords {

	private BinderRecords() {
	}

	static ShardBatch batch(Message<?> message) {
		String stream = String.valueOf(message.getHeaders().get(KinesisHeaders.RECEIVED_STREAM));
		String shard = String.valueOf(message.getHeaders().get(KinesisHeaders.SHARD));
		List<ShardBatch.Record> records = new ArrayList<>();
		Instant lastArrival = null;
		for (KinesisClientRecord record : kclRecords(message)) {
			records.add(new ShardBatch.Record(SdkBytes.fromByteBuffer(record.data()).asByteArray(),
					new ShardBatch.Origin(stream, shard, record.sequenceNumber(), record.partitionKey())));
			lastArrival = record.approximateArrivalTimestamp();
		}
		return new ShardBatch(stream, shard, records, lastArrival);
	}

	private static List<KinesisClientRecord> kclRecords(Message<?> message) {
		List<KinesisClientRecord> records = new ArrayList<>();
		for (Object item : (List<?>) message.getPayload()) {
			if (!(item instanceof KinesisClientRecord record)) {
				throw new IllegalArgumentException("the binder delivered a " + item.getClass().getName()
						+ " where a KCL record was expected (listener-mode=batch, use-native-decoding=true)");
			}
			records.add(record);
		}
		return records;
	}

}
