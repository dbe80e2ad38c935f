package io.tickstream.stream;

import java.util.List;
import java.util.Optional;

import io.awspring.cloud.kinesis.integration.KinesisHeaders;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.slf4j.MDC;
import software.amazon.kinesis.exceptions.ShutdownException;
import software.amazon.kinesis.processor.RecordProcessorCheckpointer;

import org.springframework.core.NestedExceptionUtils;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHandler;

/**
 * A stage's handler when the binder consumes through the KCL
 * ({@code spring.cloud.stream.kinesis.binder.kpl-kcl-enabled=true}).
 * <p>
 * The KCL hands a shard's batches over one after another and goes on to the next one
 * whatever the handler did: a batch that failed is never delivered again (not until its
 * lease moves to another worker). So this handler processes a failed batch again, in
 * place, from the record where it stopped, with a backoff, until it succeeds; it gives up
 * only when the application stops. It checkpoints (checkpoint mode {@code manual}) only
 * once the batch's results are written, as the plain consumer does.
 */
final class KclBatchHandler implements MessageHandler {

	private static final Log logger = LogFactory.getLog(KclBatchHandler.class);

	private final ShardStage stage;

	private final TransientRetry retry;

	KclBatchHandler(ShardStage stage, TransientRetry retry) {
		this.stage = stage;
		this.retry = retry;
	}

	@Override
	public void handleMessage(Message<?> message) {
		ShardBatch batch = ShardBatch.of(message);
		if (batch.records().isEmpty()) {
			return;
		}
		RecordProcessorCheckpointer checkpointer = message.getHeaders()
			.get(KinesisHeaders.CHECKPOINTER, RecordProcessorCheckpointer.class);
		if (checkpointer == null) {
			throw new IllegalStateException("the KCL consumer must checkpoint manually (checkpoint-mode=manual)");
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
				logger.warn("A passing failure outlasted the retries at " + describe(batch.records()) + " of "
						+ batch.shard() + "; processing again from there");
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
	 * A checkpoint that fails is not retried: the next batch's checkpoint covers this
	 * one, and until then a worker taking the shard over processes the batch again.
	 */
	private void checkpoint(RecordProcessorCheckpointer checkpointer, ShardBatch batch) {
		try {
			checkpointer.checkpoint(); // at the batch's last record
		}
		catch (ShutdownException ex) {
			logger.info("Not checkpointing " + batch.shard() + ": its lease moved to another worker");
		}
		catch (Exception ex) {
			logger.warn("Could not checkpoint " + batch.shard() + "; the next batch's checkpoint covers it", ex);
		}
	}

	private static String describe(List<ShardBatch.Record> records) {
		return "sequence number " + records.get(0).origin().sequenceNumber();
	}

}
