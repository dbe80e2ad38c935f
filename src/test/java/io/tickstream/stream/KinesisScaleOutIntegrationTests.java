package io.tickstream.stream;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.tickstream.DataSet;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static io.tickstream.stream.KclLeases.owned;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances of one consumer group, started with the default settings, on two-shard
 * streams: the KCL gives each of them one shard of every stream, and when the leader of
 * {@code ticks-raw} is killed with SIGKILL, the survivor takes its shards over and
 * finishes the stream with the exact answers. Who owns a shard and who leads is read
 * where the KCL keeps it: its lease tables.
 */
@ExtendWith(LocalAws.class)
class KinesisScaleOutIntegrationTests {

	private static final String NAMES = "scale";

	private static final int SHARDS = 2;

	/** Small batches, so that what a kill repeats is small next to the data. */
	private static final int BATCH = 100;

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
	void twoInstancesShareTheShardsAndTheSurvivorOfAKillFinishesTheStream() throws Exception {
		DataSet yuboC = DataSet.load("YuboC_2020-05-14");
		DataSet dkfreitag = DataSet.load("dkfreitag_2021-05-11");
		CompletableFuture<TickstreamInstance> startingA = starting("A");
		CompletableFuture<TickstreamInstance> startingB = starting("B");
		try (TickstreamInstance a = startingA.join(); TickstreamInstance b = startingB.join()) {
			for (String stream : STREAMS) {
				Map<String, String> owners = leases.await(stream,
						(shards) -> shards.size() == SHARDS && owned(shards, "A") == 1 && owned(shards, "B") == 1,
						TIMEOUT);
				System.out.printf("scale-out: %s leases %s, leader %s%n", stream, owners, leases.leader(stream));
			}

			streams.put(NAMES + "-ticks-raw", yuboC.lines(), 500);
			Map<String, Integer> firstDay = StreamAnswers.expectedTickCounts(yuboC.lines());
			streams.await(NAMES + "-ticks", (records) -> StreamAnswers.covers(firstDay, records), TIMEOUT);
			Awaitility.await("no record processed by both instances")
				.during(Duration.ofSeconds(2)) // anything processed twice arrives by then
				.atMost(Duration.ofSeconds(10))
				.until(() -> StreamAnswers.duplicatesBeyond(firstDay,
						StreamAnswers.tickCounts(streams.readAll(NAMES + "-ticks"))) == 0);

			String victimName = leases.leader(NAMES + "-ticks-raw").orElseThrow();
			TickstreamInstance victim = victimName.equals("A") ? a : b;
			String survivor = victimName.equals("A") ? "B" : "A";
			Map<String, String> led = Map.of(STREAMS.get(0), victimName, STREAMS.get(1),
					leases.leader(STREAMS.get(1)).orElse("?"));
			victim.kill();
			long killed = System.nanoTime();
			streams.put(NAMES + "-ticks-raw", dkfreitag.lines(), 500);
			for (String stream : STREAMS) {
				leases.await(stream, (owners) -> owners.size() == SHARDS && owned(owners, survivor) == SHARDS, TIMEOUT);
				System.out.printf("scale-out: %s: %s owns every shard %d s after %s was killed (%s)%n", stream,
						survivor, Duration.ofNanos(System.nanoTime() - killed).toSeconds(), victimName,
						led.get(stream).equals(victimName) ? "the leader" : "not the leader");
			}

			int duplicates = StreamAnswers.awaitBothDays(streams, NAMES, yuboC, dkfreitag, TIMEOUT);
			System.out.printf("scale-out: %d duplicates of %d records%n", duplicates,
					yuboC.lines().size() + dkfreitag.lines().size());
			// at most what the killed instance read after its last checkpoints: a batch
			// of its shard on each stream
			assertThat(duplicates).as("duplicates after a kill").isLessThanOrEqualTo(STREAMS.size() * BATCH);
		}
	}

	/**
	 * An instance with the default settings, but for the name of its worker and its batch
	 * size.
	 */
	private static CompletableFuture<TickstreamInstance> starting(String worker) {
		return CompletableFuture.supplyAsync(() -> {
			try {
				return TickstreamInstance.start(NAMES, Map.of(TickstreamInstance.WORKER_ID, worker,
						"tickstream.streams.batch-size", Integer.toString(BATCH)));
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		});
	}

}
