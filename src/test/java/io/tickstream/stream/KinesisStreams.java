package io.tickstream.stream;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

import org.awaitility.Awaitility;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/**
 * What a test does with Kinesis streams: create them, put records the way producers do,
 * and read back everything a stream holds.
 */
public class KinesisStreams {

	/** One record of a stream. */
	public record StreamRecord(String partitionKey, String data) {
	}

	private final KinesisClient kinesis;

	public KinesisStreams(KinesisClient kinesis) {
		this.kinesis = kinesis;
	}

	/** Creates a stream and waits until it is active. */
	public void create(String stream, int shards) {
		this.kinesis.createStream((create) -> create.streamName(stream).shardCount(shards));
		Awaitility.await("stream " + stream + " active")
			.atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> this.kinesis.describeStreamSummary((describe) -> describe.streamName(stream))
				.streamDescriptionSummary()
				.streamStatus() == StreamStatus.ACTIVE);
	}

	/** The six streams of the pipeline, named {@code <names>-ticks-raw} and so on. */
	public void createPipeline(String names, int shards) {
		for (String stream : List.of("ticks-raw", "ticks", "ticks-dlq", "hourly-highs", "window-stats", "ticks-late")) {
			create(names + "-" + stream, shards);
		}
	}

	/**
	 * Splits the stream's open shard (the first, where it has several) in the middle of
	 * its hash keys: its records from now on go to two child shards.
	 */
	public void split(String stream) {
		Shard shard = this.kinesis.listShards((list) -> list.streamName(stream))
			.shards()
			.stream()
			.filter((each) -> each.sequenceNumberRange().endingSequenceNumber() == null)
			.findFirst()
			.orElseThrow();
		BigInteger start = new BigInteger(shard.hashKeyRange().startingHashKey());
		BigInteger end = new BigInteger(shard.hashKeyRange().endingHashKey());
		this.kinesis.splitShard((split) -> split.streamName(stream)
			.shardToSplit(shard.shardId())
			.newStartingHashKey(start.add(end).shiftRight(1).toString()));
	}

	/**
	 * Puts records in batches of at most 500 (PutRecords' limit), each keyed by its
	 * company name where it has one, and puts again whatever a batch reports as failed.
	 */
	public void put(String stream, List<String> records, int batchSize) {
		for (int from = 0; from < records.size(); from += batchSize) {
			List<PutRecordsRequestEntry> entries = new ArrayList<>();
			for (String record : records.subList(from, Math.min(records.size(), from + batchSize))) {
				entries.add(PutRecordsRequestEntry.builder()
					.partitionKey(partitionKey(record))
					.data(SdkBytes.fromString(record, StandardCharsets.UTF_8))
					.build());
			}
			putAll(stream, entries);
		}
	}

	/** Puts the entries, and again those a put reports as failed, until all are in. */
	private void putAll(String stream, List<PutRecordsRequestEntry> entries) {
		AtomicReference<List<PutRecordsRequestEntry>> pending = new AtomicReference<>(entries);
		Awaitility.await(entries.size() + " records put on " + stream)
			.atMost(Duration.ofMinutes(2))
			.pollDelay(Duration.ZERO)
			.pollInterval(Duration.ofMillis(100))
			.until(() -> {
				List<PutRecordsRequestEntry> toPut = pending.get();
				PutRecordsResponse response = this.kinesis.putRecords((put) -> put.streamName(stream).records(toPut));
				List<PutRecordsRequestEntry> failed = new ArrayList<>();
				for (int i = 0; i < response.records().size(); i++) {
					if (response.records().get(i).errorCode() != null) {
						failed.add(toPut.get(i));
					}
				}
				pending.set(failed);
				return failed.isEmpty();
			});
	}

	/** Every record the stream holds, shard by shard, each shard in order. */
	public List<StreamRecord> readAll(String stream) {
		List<StreamRecord> records = new ArrayList<>();
		for (Shard shard : this.kinesis.listShards((list) -> list.streamName(stream)).shards()) {
			String iterator = this.kinesis
				.getShardIterator((get) -> get.streamName(stream)
					.shardId(shard.shardId())
					.shardIteratorType(ShardIteratorType.TRIM_HORIZON))
				.shardIterator();
			while (iterator != null) {
				String current = iterator;
				GetRecordsResponse response = this.kinesis
					.getRecords((get) -> get.shardIterator(current).limit(10_000));
				response.records()
					.forEach((record) -> records
						.add(new StreamRecord(record.partitionKey(), record.data().asString(StandardCharsets.UTF_8))));
				if (response.records().isEmpty() && response.millisBehindLatest() == 0) {
					break;
				}
				iterator = response.nextShardIterator();
			}
		}
		return records;
	}

	/**
	 * Reads the stream until the condition holds for what it holds.
	 * @return what the stream holds then
	 * @throws org.awaitility.core.ConditionTimeoutException when the condition does not
	 * hold within the timeout
	 */
	public List<StreamRecord> await(String stream, Predicate<List<StreamRecord>> condition, Duration timeout) {
		return await(stream, condition, timeout, Duration.ofSeconds(1));
	}

	/**
	 * Reads the stream every {@code interval} until the condition holds: every read is
	 * the whole stream, and the emulator, which serves one request at a time, has work of
	 * its own.
	 */
	public List<StreamRecord> await(String stream, Predicate<List<StreamRecord>> condition, Duration timeout,
			Duration interval) {
		return Awaitility.await("the records of " + stream)
			.atMost(timeout)
			.pollInterval(interval)
			.until(() -> readAll(stream), condition);
	}

	private static String partitionKey(String record) {
		int name = record.indexOf("\"name\"");
		if (name >= 0) {
			int start = record.indexOf('"', record.indexOf(':', name) + 1);
			int end = (start >= 0) ? record.indexOf('"', start + 1) : -1;
			if (start >= 0 && end > start + 1 && end - start - 1 <= 256) { // Kinesis's
																			// limit
				return record.substring(start + 1, end);
			}
		}
		return "unknown";
	}

}
