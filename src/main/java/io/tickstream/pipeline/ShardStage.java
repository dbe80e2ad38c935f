package io.tickstream.pipeline;

import java.util.Optional;

/**
 * A step of the pipeline that processes a shard's batches, on the binder (through
 * {@link KclBatchHandler}) and on Lambda (for each event of a Kinesis event source
 * mapping).
 */
public interface ShardStage {

	/**
	 * Processes the batch's records in order and writes what they make.
	 * @return the record at which a passing failure stopped the batch (it and the records
	 * after it are to be delivered again), or nothing when every record was processed
	 * @throws RuntimeException a bug, or a passing failure while writing the results
	 */
	Optional<ShardBatch.Record> process(ShardBatch batch);

}
