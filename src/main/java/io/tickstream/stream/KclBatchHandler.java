package io.tickstream.stream;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.awspring.cloud.kinesis.integration.KinesisHeaders;
import io.tickstream.metrics.PipelineMetrics;
import io.tickstream.pipeline.ShardBatch;
import io.tickstream.pipeline.ShardStage;
import io.tickstream.pipeline.TransientRetry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.slf4j.MDC;
import software.amazon.kinesis.exceptions.KinesisClientLibException;
import software.amazon.kinesis.exceptions.ShutdownException;
import software.amazon.kinesis.processor.RecordProcessorCheckpointer;

import org.springframework.core.NestedExceptionUtils;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHandler;

/**
 * A stage's handler on the binder, which consumes through the KCL.
 * <p>
 * The KCL hands a shard's batches over one after another and goes on to the next one
 * whatever the handler did: a batch that failed is never delivered again (not until its
 * lease moves to another worker). So this handler processes a failed batch again, in
 * place, from the record where it stopped, with a backoff, until it succeeds; it gives up
 * only when the application stops. It checkpoints (checkpoint mode {@code manual}) only
 * once the batch's results are written, waiting out a DynamoDB outage to do so.
 */
final class KclBatchHandler implements MessageHandler {

	private static final Log logger = LogFactory.getLog(KclBatchHandler.class);

	private final ShardStage stage;

	private final TransientRetry retry;

	private final PipelineMetrics metrics;

	/**
	 * Per shard, the consumer (each has a checkpointer of its own) that last found the
	 * shard's lease moved: the KCL may still hand it the batches it had read ahead.
	 */
	private final Map<String, RecordProcessorCheckpointer> leaseMoved = new ConcurrentHashMap<>();

	KclBatchHandler(ShardStage stage, TransientRetry retry, PipelineMetrics metrics) {
		this.stage = stage;
		this.retry = retry;
		this.metrics = metrics;
	}

	@Override
	public void handleMessage(Message<?> message) {
		ShardBatch batch = BinderRecords.batch(message);
		if (batch.records().isEmpty()) {
			return;
		}
		batch.age().ifPresent((age) -> this.metrics.iteratorAge(batch.stream(), batch.shard(), age));
		RecordProcessorCheckpointer checkpointer = message.getHeaders()
			.get(KinesisHeaders.CHECKPOINTER, RecordProcessorCheckpointer.class);
		if (checkpointer == null) {
			throw new IllegalStateException("the KCL consumer must checkpoint manually (checkpoint-mode=manual)");
		}
		if (this.leaseMoved.get(batch.shard()) == checkpointer) {
			return; // read ahead before the lease moved: the lease's holder processes it
		}
		try (MDC.MDCCloseable stream = MDC.putCloseable("stream", batch.stream());
				MDC.MDCCloseable shard = MDC.putCloseable("shard", batch.shard())) {
			processUntilDone(batch);
			checkpoint(checkpointer, batch);
		}
	}

	private void processUntilDone(ShardBatch batch) {
		int attempts = 0;
		while (true) {
			try {
				Optional<ShardBatch.Record> stopped = this.stage.process(batch);
				if (stopped.isEmpty()) {
					return;
				}
				batch = batch.from(stopped.get());
				logger.warn("A passing failure outlasted the retries at sequence number "
						+ batch.records().get(0).origin().sequenceNumber() + " of " + batch.shard()
						+ "; processing again from there");
			}
			catch (RuntimeException ex) {
				if (NestedExceptionUtils.getMostSpecificCause(ex) instanceof TransientRetry.StoppingException) {
					throw ex;
				}
				logger.error("A batch of " + batch.shard() + " was not processed; processing it again", ex);
			}
			this.retry.pause(this.retry.delay(attempts++));
		}
	}

	/**
	 * Checkpoints at the batch's last record. A checkpoint that fails for a passing
	 * reason (DynamoDB unreachable, throttled) waits in place, as every call to AWS does,
	 * so that a shard never runs ahead of its checkpoint by more than a batch. One that
	 * finds the lease moved leaves the batch, and every later one this consumer is
	 * handed, to the worker that holds it now. Any other failure is logged, and the next
	 * batch's checkpoint covers this one.
	 */
	private void checkpoint(RecordProcessorCheckpointer checkpointer, ShardBatch batch) {
		try {
			this.retry.call("Checkpointing " + batch.stream() + "/" + batch.shard(), () -> {
				try {
					checkpointer.checkpoint();
					return null;
				}
				catch (ShutdownException ex) {
					throw new LeaseMovedException(ex);
				}
				catch (KinesisClientLibException ex) {
					throw new IllegalStateException(ex.getMessage(), ex);
				}
			});
		}
		catch (LeaseMovedException ex) {
			this.leaseMoved.put(batch.shard(), checkpointer);
			logger.info("Not checkpointing " + batch.shard() + ": its lease moved; what this consumer still holds of"
					+ " it is left to the lease's holder");
		}
		catch (TransientRetry.StoppingException ex) {
			throw ex;
		}
		catch (RuntimeException ex) {
			logger.warn("Could not checkpoint " + batch.shard() + "; the next batch's checkpoint covers it", ex);
		}
	}

	/** The worker no longer holds the shard's lease. */
	private static final class LeaseMovedException extends IllegalStateException {

		LeaseMovedException(ShutdownException cause) {
			super(cause.getMessage(), cause);
		}

	}

}
