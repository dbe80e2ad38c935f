package io.tickstream.stream;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

import io.tickstream.DataSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances consuming through the KCL (the binder's {@code kpl-kcl-enabled}) on
 * four-shard streams: the KCL spreads the shards over both, and when one is killed the
 * other takes its shards over once their leases expire and finishes the stream with the
 * exact answers. Who owns a shard is read where the KCL keeps it: its lease table.
 */
@ExtendWith(LocalAws.class)
class KinesisBalancedScaleOutIntegrationTests {

	private static final String NAMES = "balance";

	private static final int SHARDS = 4;

	private static final int BATCH = 100;

	private static final Duration LEASE = Duration.ofSeconds(10);

	private static final Duration TIMEOUT = Duration.ofMinutes(3);

	private static final List<String> STREAMS = List.of(NAMES + "-ticks-raw", NAMES + "-ticks");

	private static KinesisStreams streams;

	private static DynamoDbClient dynamoDb;

	@BeforeAll
	static void createStreams() throws Exception {
		streams = new KinesisStreams(LocalAws.kinesis());
		streams.createPipeline(NAMES, SHARDS);
		dynamoDb = LocalAws.dynamoDb();
	}

	@Test
	void theKclSpreadsTheShardsAndTheSurvivorFinishesTheStream() throws Exception {
		DataSet yuboC = DataSet.load("YuboC_2020-05-14");
		DataSet dkfreitag = DataSet.load("dkfreitag_2021-05-11");
		CompletableFuture<TickstreamInstance> startingA = starting("A");
		CompletableFuture<TickstreamInstance> startingB = starting("B");
		try (TickstreamInstance a = startingA.join(); TickstreamInstance b = startingB.join()) {
			for (String stream : STREAMS) {
				// the KCL may first give every shard to the instance that asked first,
				// and
				// spread them at its next assignment rounds
				Map<String, String> owners = awaitOwners(
						stream, (leases) -> leases.size() == SHARDS && owned(leases, "A") >= 1
								&& owned(leases, "B") >= 1 && owned(leases, "A") + owned(leases, "B") == SHARDS,
						TIMEOUT);
				System.out.printf("balanced scale-out: %s leases %s%n", stream, owners);
			}

			streams.put(NAMES + "-ticks-raw", yuboC.lines(), 500);
			Map<String, Integer> firstHalf = StreamAnswers.expectedTickCounts(yuboC.lines());
			streams.await(NAMES + "-ticks", (records) -> StreamAnswers.covers(firstHalf, records), TIMEOUT);
			Thread.sleep(2000); // anything processed twice would arrive by now
			assertThat(StreamAnswers.duplicatesBeyond(firstHalf,
					StreamAnswers.tickCounts(streams.readAll(NAMES + "-ticks"))))
				.as("no record processed by both instances")
				.isZero();

			a.kill();
			long killed = System.nanoTime();
			streams.put(NAMES + "-ticks-raw", dkfreitag.lines(), 500);
			for (String stream : STREAMS) {
				awaitOwners(stream, (leases) -> leases.size() == SHARDS && owned(leases, "B") == SHARDS, TIMEOUT);
			}
			System.out.printf("balanced scale-out: the survivor owns every shard %d s after the kill (lease %d s)%n",
					Duration.ofNanos(System.nanoTime() - killed).toSeconds(), LEASE.toSeconds());

			int duplicates = StreamAnswers.awaitBothDays(streams, NAMES, yuboC, dkfreitag, TIMEOUT);
			System.out.printf("balanced scale-out: %d duplicates of %d records%n", duplicates,
					yuboC.lines().size() + dkfreitag.lines().size());
			// at most the records after each shard's last checkpoint: a batch per shard
			assertThat(duplicates).as("duplicates after a kill").isLessThanOrEqualTo(SHARDS * BATCH);
		}
	}

	private static long owned(Map<String, String> leases, String worker) {
		return leases.values().stream().filter(worker::equals).count();
	}

	/** Shard → worker, from the KCL's lease table of a stream's consumer group. */
	private static Map<String, String> owners(String stream) {
		Map<String, String> owners = new TreeMap<>();
		dynamoDb.scanPaginator((scan) -> scan.tableName("tickstream-" + stream).consistentRead(true))
			.items()
			.forEach((lease) -> owners.put(lease.get("leaseKey").s(),
					lease.getOrDefault("leaseOwner", AttributeValue.fromS("")).s()));
		return owners;
	}

	private static Map<String, String> awaitOwners(String stream, Predicate<Map<String, String>> condition,
			Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		Map<String, String> owners = Map.of();
		while (System.nanoTime() < deadline) {
			try {
				owners = owners(stream);
				if (condition.test(owners)) {
					return owners;
				}
			}
			catch (software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException ex) {
				// the lease table is made when the instance binds the stream
			}
			Thread.sleep(500);
		}
		throw new AssertionError(
				"the leases of " + stream + " did not become as expected in " + timeout + ": " + owners);
	}

	private static CompletableFuture<TickstreamInstance> starting(String worker) {
		return CompletableFuture.supplyAsync(() -> {
			try {
				return TickstreamInstance.start(NAMES,
						Map.of("spring.cloud.stream.kinesis.binder.kpl-kcl-enabled", "true",
								"tickstream.streams.worker-id", worker, "tickstream.streams.lease",
								LEASE.toSeconds() + "s", "tickstream.streams.batch-size", Integer.toString(BATCH)));
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		});
	}

}
