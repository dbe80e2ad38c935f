package io.tickstream.stream;

import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import io.awspring.cloud.kinesis.integration.KinesisHeaders;
import io.tickstream.metrics.PipelineMetrics;
import io.tickstream.pipeline.ShardBatch;
import io.tickstream.pipeline.TransientRetry;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.kinesis.exceptions.KinesisClientLibDependencyException;
import software.amazon.kinesis.exceptions.ShutdownException;
import software.amazon.kinesis.processor.RecordProcessorCheckpointer;
import software.amazon.kinesis.retrieval.KinesisClientRecord;

import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The KCL moves on to a shard's next batch whatever the handler did, so the handler
 * itself must process a failed batch again and checkpoint only after it succeeded.
 */
class KclBatchHandlerTests {

	private final TransientRetry retry = new TransientRetry(Duration.ofMillis(10), null);

	private final List<String> checkpoints = new ArrayList<>();

	private final List<List<String>> attempts = new ArrayList<>();

	@Test
	void aBatchIsCheckpointedOnceProcessed() {
		handler((batch) -> Optional.empty()).handleMessage(batch("1", "2", "3"));

		assertThat(this.attempts).containsExactly(List.of("1", "2", "3"));
		assertThat(this.checkpoints).containsExactly("checkpoint");
	}

	@Test
	void aPassingFailureThatOutlastsTheRetriesIsProcessedAgainFromWhereItStopped() {
		handler((batch) -> (this.attempts.size() == 1) ? Optional.of(batch.records().get(1)) : Optional.empty())
			.handleMessage(batch("1", "2", "3"));

		assertThat(this.attempts).containsExactly(List.of("1", "2", "3"), List.of("2", "3"));
		assertThat(this.checkpoints).containsExactly("checkpoint");
	}

	@Test
	void aBatchThatFailsIsProcessedAgainUntilItSucceeds() {
		handler((batch) -> {
			if (this.attempts.size() < 3) {
				throw new IllegalStateException("a bug, until fixed");
			}
			return Optional.empty();
		}).handleMessage(batch("1", "2"));

		assertThat(this.attempts).hasSize(3).allSatisfy((attempt) -> assertThat(attempt).containsExactly("1", "2"));
		assertThat(this.checkpoints).containsExactly("checkpoint");
	}

	@Test
	void aStoppingApplicationLeavesTheBatchUncheckpointed() {
		this.retry.stop();
		KclBatchHandler handler = handler((batch) -> {
			throw new IllegalStateException("a passing failure");
		});

		assertThatExceptionOfType(TransientRetry.StoppingException.class)
			.isThrownBy(() -> handler.handleMessage(batch("1")));
		assertThat(this.checkpoints).isEmpty();
	}

	@Test
	void aLeaseLostBeforeTheCheckpointIsNoFailure() {
		KclBatchHandler handler = handler((batch) -> Optional.empty());

		handler.handleMessage(batch(checkpointer(true), "1"));

		assertThat(this.attempts).hasSize(1);
	}

	@Test
	void whatAConsumerReadAheadBeforeItsLeaseMovedIsLeftToTheLeasesHolder() {
		KclBatchHandler handler = handler((batch) -> Optional.empty());
		RecordProcessorCheckpointer lost = checkpointer(true);

		handler.handleMessage(batch(lost, "1"));
		handler.handleMessage(batch(lost, "2", "3"));
		// the lease taken again: a new consumer
		handler.handleMessage(batch(checkpointer(false), "2", "3"));

		assertThat(this.attempts).containsExactly(List.of("1"), List.of("2", "3"));
		assertThat(this.checkpoints).hasSize(1);
	}

	@Test
	void aCheckpointThatFailsForAPassingReasonWaitsUntilItIsWritten() {
		KclBatchHandler handler = handler((batch) -> Optional.empty());
		int[] failures = { 3 };
		RecordProcessorCheckpointer unreachableAWhile = (RecordProcessorCheckpointer) Proxy.newProxyInstance(
				getClass().getClassLoader(), new Class<?>[] { RecordProcessorCheckpointer.class },
				(proxy, method, args) -> {
					if (!method.getName().equals("checkpoint") || args != null) {
						throw new UnsupportedOperationException(method.getName());
					}
					if (failures[0]-- > 0) {
						throw new KinesisClientLibDependencyException("DynamoDB unreachable",
								SdkClientException.create("Unable to execute HTTP request: Connection refused"));
					}
					this.checkpoints.add("checkpoint");
					return null;
				});

		handler.handleMessage(batch(unreachableAWhile, "1"));

		assertThat(this.attempts).containsExactly(List.of("1"));
		assertThat(this.checkpoints).hasSize(1);
	}

	private KclBatchHandler handler(Function<ShardBatch, Optional<ShardBatch.Record>> process) {
		return new KclBatchHandler((batch) -> {
			this.attempts.add(batch.records()
				.stream()
				.map((record) -> new String(record.data(), StandardCharsets.UTF_8))
				.toList());
			return process.apply(batch);
		}, this.retry, PipelineMetrics.NONE);
	}

	private Message<?> batch(String... data) {
		return batch(checkpointer(false), data);
	}

	/** A batch as the binder's KCL consumer delivers it: the KCL's records, natively. */
	private Message<?> batch(RecordProcessorCheckpointer checkpointer, String... data) {
		List<KinesisClientRecord> payload = new ArrayList<>();
		for (String record : data) {
			payload.add(KinesisClientRecord.builder()
				.data(ByteBuffer.wrap(record.getBytes(StandardCharsets.UTF_8)))
				.partitionKey(record)
				.sequenceNumber(record)
				.approximateArrivalTimestamp(Instant.now())
				.build());
		}
		return MessageBuilder.withPayload(payload)
			.setHeader(KinesisHeaders.RECEIVED_STREAM, "ticks")
			.setHeader(KinesisHeaders.SHARD, "shardId-000000000000")
			.setHeader(KinesisHeaders.CHECKPOINTER, checkpointer)
			.build();
	}

	/**
	 * The KCL's checkpointer cannot be made outside a KCL worker: this one notes calls.
	 */
	private RecordProcessorCheckpointer checkpointer(boolean leaseLost) {
		return (RecordProcessorCheckpointer) Proxy.newProxyInstance(getClass().getClassLoader(),
				new Class<?>[] { RecordProcessorCheckpointer.class }, (proxy, method, args) -> {
					if (!method.getName().equals("checkpoint") || args != null) {
						throw new UnsupportedOperationException(method.getName());
					}
					if (leaseLost) {
						throw new ShutdownException("the lease moved");
					}
					this.checkpoints.add("checkpoint");
					return null;
				});
	}

}
