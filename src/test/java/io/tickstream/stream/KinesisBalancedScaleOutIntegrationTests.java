package io.tickstream.stream;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.tickstream.DataSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static io.tickstream.stream.KclLeases.owned;
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

	private static KclLeases leases;

	@BeforeAll
	static void createStreams() throws Exception {
		streams = new KinesisStreams(LocalAws.kinesis());
		streams.createPipeline(NAMES, SHARDS);
		leases = new KclLeases(LocalAws.dynamoDb());
	}

	@Test
	void theKclSpreadsTheShardsAndTheSurvivorFinishesTheStream() throws Exception {
		DataSet yuboC = DataSet.load("YuboC_2020-05-14");
		DataSet dkfreitag = DataSet.load("dkfreitag_2021-05-11");
		CompletableFuture<TickstreamInstance> startingA = starting("A");
		CompletableFuture<TickstreamInstance> startingB = starting("B");
		try (TickstreamInstance a = startingA.join(); TickstreamInstance b = startingB.join()) {
			for (String stream : STREAMS) {
				// the KCL may give every shard to the first instance, then spread them
				Map<String, String> owners = leases.await(
						stream, (shards) -> shards.size() == SHARDS && owned(shards, "A") >= 1
								&& owned(shards, "B") >= 1 && owned(shards, "A") + owned(shards, "B") == SHARDS,
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
				leases.await(stream, (owners) -> owners.size() == SHARDS && owned(owners, "B") == SHARDS, TIMEOUT);
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

	private static CompletableFuture<TickstreamInstance> starting(String worker) {
		return CompletableFuture.supplyAsync(() -> {
			try {
				return TickstreamInstance.startWithKcl(NAMES, worker, LEASE, BATCH, LocalAws.kinesisPort(),
						LocalAws.dynamoDbPort());
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		});
	}

}
