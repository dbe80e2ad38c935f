package io.tickstream.stream;

import java.util.Optional;

import org.slf4j.MDC;

import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHandler;

/**
 * A step of the pipeline that processes a shard's batches, on the binder (as the handler
 * of its input binding) and on Lambda (for each event of a Kinesis event source mapping).
 */
public interface ShardStage extends MessageHandler {

	/**
	 * Processes the batch's records in order and writes what they make.
	 * @return the record at which a passing failure stopped the batch (it and the records
	 * after it are to be delivered again), or nothing when every record was processed
	 * @throws RuntimeException a bug, or a passing failure while writing the results
	 */
	Optional<ShardBatch.Record> process(ShardBatch batch);

	/**
	 * The binder's batches: its retries wait for as long as it takes. What is logged
	 * meanwhile names the stream and shard (as fields of a structured log).
	 */
	@Override
	default void handleMessage(Message<?> message) {
		ShardBatch batch = ShardBatch.of(message);
		try (MDC.MDCCloseable stream = MDC.putCloseable("stream", batch.stream());
				MDC.MDCCloseable shard = MDC.putCloseable("shard", batch.shard())) {
			Optional<ShardBatch.Record> stopped = process(batch);
			if (stopped.isPresent()) {
				throw new IllegalStateException("a passing failure outlasted the retries at sequence number "
						+ stopped.get().origin().sequenceNumber() + "; the batch will be delivered again");
			}
		}
	}

}
