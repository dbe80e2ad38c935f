package io.tickstream.stream;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.tickstream.DataSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances in one consumer group on two-shard streams: each shard is consumed by one
 * of them (the binder's shard locks in DynamoDB), and when one is killed the other takes
 * its shards over when their leases expire and finishes the stream. This is how
 * tickstream grows past one machine.
 */
@ExtendWith(LocalAws.class)
class KinesisScaleOutIntegrationTests {

	private static final String NAMES = "scale";

	private static final int BATCH = 100;

	private static final Map<String, String> SETTINGS = Map.of("tickstream.streams.lease", "10s",
			"tickstream.streams.batch-size", Integer.toString(BATCH));

	private static final Duration TIMEOUT = Duration.ofMinutes(3);

	private static KinesisStreams streams;

	@BeforeAll
	static void createStreams() throws Exception {
		streams = new KinesisStreams(LocalAws.kinesis());
		streams.createPipeline(NAMES, 2);
	}

	@Test
	void twoInstancesShareTheShardsAndTheSurvivorFinishesTheStream() throws Exception {
		DataSet yuboC = DataSet.load("YuboC_2020-05-14");
		DataSet dkfreitag = DataSet.load("dkfreitag_2021-05-11");
		CompletableFuture<TickstreamInstance> startingA = starting();
		CompletableFuture<TickstreamInstance> startingB = starting();
		try (TickstreamInstance a = startingA.join(); TickstreamInstance b = startingB.join()) {
			streams.put(NAMES + "-ticks-raw", yuboC.lines(), 500);
			Map<String, Integer> firstHalf = StreamAnswers.expectedTickCounts(yuboC.lines());
			List<KinesisStreams.StreamRecord> ticks = streams.await(NAMES + "-ticks",
					(records) -> StreamAnswers.covers(firstHalf, records), TIMEOUT);
			Thread.sleep(2000); // anything processed twice would arrive by now
			ticks = streams.readAll(NAMES + "-ticks");
			System.out.printf("scale-out: instance A consumes %s, instance B consumes %s%n", shards(a), shards(b));

			assertThat(StreamAnswers.duplicatesBeyond(firstHalf, StreamAnswers.tickCounts(ticks)))
				.as("no record processed by both instances")
				.isZero();
			for (String shard : List.of("shardId-000000000000", "shardId-000000000001")) {
				assertThat(a.consumes(NAMES + "-ticks-raw", shard) ^ b.consumes(NAMES + "-ticks-raw", shard))
					.as("%s consumed by exactly one instance", shard)
					.isTrue();
			}

			TickstreamInstance victim = a.consumes(NAMES + "-ticks-raw", "shardId-000000000000") ? a : b;
			TickstreamInstance survivor = (victim == a) ? b : a;
			victim.kill();
			streams.put(NAMES + "-ticks-raw", dkfreitag.lines(), 500);

			int duplicates = StreamAnswers.awaitBothDays(streams, NAMES, yuboC, dkfreitag, TIMEOUT);
			System.out.printf("scale-out: survivor consumes %s; %d duplicates of %d records%n", shards(survivor),
					duplicates, yuboC.lines().size() + dkfreitag.lines().size());
			assertThat(survivor.consumes(NAMES + "-ticks-raw", "shardId-000000000000")
					&& survivor.consumes(NAMES + "-ticks-raw", "shardId-000000000001"))
				.as("the survivor took over every shard")
				.isTrue();
			assertThat(duplicates).as("duplicates after a kill").isLessThanOrEqualTo(2 * BATCH);
		}
	}

	private static CompletableFuture<TickstreamInstance> starting() {
		return CompletableFuture.supplyAsync(() -> {
			try {
				return TickstreamInstance.start(NAMES, SETTINGS);
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		});
	}

	private static List<String> shards(TickstreamInstance instance) throws Exception {
		List<String> shards = new ArrayList<>();
		for (String shard : List.of("shardId-000000000000", "shardId-000000000001")) {
			if (instance.consumes(NAMES + "-ticks-raw", shard)) {
				shards.add(shard);
			}
		}
		return shards;
	}

}
