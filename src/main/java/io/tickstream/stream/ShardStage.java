package io.tickstream.stream;

import java.util.Optional;

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

	/** The binder's batches: its retries wait for as long as it takes. */
	@Override
	default void handleMessage(Message<?> message) {
		Optional<ShardBatch.Record> stopped = process(ShardBatch.of(message));
		if (stopped.isPresent()) {
			throw new IllegalStateException("a passing failure outlasted the retries at sequence number "
					+ stopped.get().origin().sequenceNumber() + "; the batch will be delivered again");
		}
	}

}
