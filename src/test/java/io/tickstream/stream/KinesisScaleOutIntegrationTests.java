package io.tickstream.stream;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.tickstream.DataSet;
import io.tickstream.stream.PipelineStreams.Shards;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.ResourceLock;

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
@ResourceLock(LocalAws.STREAM_SERVICE)
class KinesisScaleOutIntegrationTests {

	private static final int SHARDS = 2;

	/** Small batches, so that what a kill repeats is small next to the data. */
	private static final int BATCH = 100;

	private static final Duration TIMEOUT = Duration.ofMinutes(3);

	private final KclLeases leases = new KclLeases(LocalAws.dynamoDb());

	@Test
	void twoInstancesShareTheShardsAndTheSurvivorOfAKillFinishesTheStream(@Shards(SHARDS) PipelineStreams streams)
			throws Exception {
		List<String> consumed = List.of(streams.raw(), streams.ticks());
		DataSet yuboC = DataSet.load("YuboC_2020-05-14");
		DataSet dkfreitag = DataSet.load("dkfreitag_2021-05-11");
		CompletableFuture<TickstreamInstance> startingA = starting(streams, "A");
		CompletableFuture<TickstreamInstance> startingB = starting(streams, "B");
		try (TickstreamInstance a = startingA.join(); TickstreamInstance b = startingB.join()) {
			for (String stream : consumed) {
				Map<String, String> owners = this.leases.await(stream,
						(shards) -> shards.size() == SHARDS && owned(shards, "A") == 1 && owned(shards, "B") == 1,
						TIMEOUT);
				System.out.printf("scale-out: %s leases %s, leader %s%n", stream, owners, this.leases.leader(stream));
			}

			streams.put(streams.raw(), yuboC.lines(), 500);
			Map<String, Integer> firstDay = StreamAnswers.expectedTickCounts(yuboC.lines());
			streams.await(streams.ticks(), (records) -> StreamAnswers.covers(firstDay, records), TIMEOUT);
			Awaitility.await("no record processed by both instances")
				.during(Duration.ofSeconds(2)) // anything processed twice arrives by then
				.atMost(Duration.ofSeconds(10))
				.until(() -> StreamAnswers.duplicatesBeyond(firstDay,
						StreamAnswers.tickCounts(streams.readAll(streams.ticks()))) == 0);

			String victimName = this.leases.leader(streams.raw()).orElseThrow();
			TickstreamInstance victim = victimName.equals("A") ? a : b;
			String survivor = victimName.equals("A") ? "B" : "A";
			Map<String, String> led = Map.of(consumed.get(0), victimName, consumed.get(1),
					this.leases.leader(consumed.get(1)).orElse("?"));
			victim.kill();
			long killed = System.nanoTime();
			streams.put(streams.raw(), dkfreitag.lines(), 500);
			for (String stream : consumed) {
				this.leases.await(stream, (owners) -> owners.size() == SHARDS && owned(owners, survivor) == SHARDS,
						TIMEOUT);
				System.out.printf("scale-out: %s: %s owns every shard %d s after %s was killed (%s)%n", stream,
						survivor, Duration.ofNanos(System.nanoTime() - killed).toSeconds(), victimName,
						led.get(stream).equals(victimName) ? "the leader" : "not the leader");
			}

			int duplicates = StreamAnswers.awaitBothDays(streams, yuboC, dkfreitag, TIMEOUT);
			System.out.printf("scale-out: %d duplicates of %d records%n", duplicates,
					yuboC.lines().size() + dkfreitag.lines().size());
			// at most what the killed instance read after its last checkpoints: a batch
			// of its shard on each stream
			assertThat(duplicates).as("duplicates after a kill").isLessThanOrEqualTo(consumed.size() * BATCH);
		}
	}

	/**
	 * An instance with the default settings, but for the name of its worker and its batch
	 * size.
	 */
	private static CompletableFuture<TickstreamInstance> starting(PipelineStreams streams, String worker) {
		return CompletableFuture.supplyAsync(() -> {
			try {
				return TickstreamInstance.start(streams.names(), Map.of(TickstreamInstance.WORKER_ID, worker,
						"tickstream.streams.batch-size", Integer.toString(BATCH)));
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		});
	}

}
