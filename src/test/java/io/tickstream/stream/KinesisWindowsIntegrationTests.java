package io.tickstream.stream;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.ResourceLock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ticks → slidingWindows → window-stats} on the binder against the emulators
 * ({@link WindowScenario}: four real days, each in its own order and shuffled, with bad
 * and far too late records), read by two instances of one group. In the middle of the
 * stream, {@code ticks}' shard is split in two and the instance that reads it is killed
 * with SIGKILL: each company's windows go on from its state, on whichever shard and
 * instance its records land, and the stream's last windows are published once the
 * companies go quiet.
 * <p>
 * The records are put on {@code ticks} (the windows step checks them as {@code ingest}
 * does): the test is the windows' own, and an {@code ingest} killed alongside would only
 * add copies of its last batch (tested with the pipeline's other steps).
 */
@ExtendWith(LocalAws.class)
@ResourceLock(LocalAws.STREAM_SERVICE)
class KinesisWindowsIntegrationTests {

	private static final Duration IDLE = Duration.ofSeconds(10);

	private static final Duration TIMEOUT = Duration.ofMinutes(6);

	private final KclLeases leases = new KclLeases(LocalAws.dynamoDb());

	@Test
	void windowsAreTheBatchAnswerAcrossAKillAndAShardSplit(PipelineStreams streams) throws Exception {
		WindowScenario scenario = WindowScenario.of(11);
		List<String> input = scenario.input();
		String windowsOfTicks = "windows-" + streams.ticks();
		CompletableFuture<TickstreamInstance> startingA = starting(streams, "A");
		CompletableFuture<TickstreamInstance> startingB = starting(streams, "B");
		try (TickstreamInstance a = startingA.join(); TickstreamInstance b = startingB.join()) {
			streams.put(streams.ticks(), input.subList(0, input.size() / 2), 500);
			int atSplit = streams.await(streams.windowStats(), (records) -> records.size() >= 300, TIMEOUT).size();
			String reader = this.leases.owners(windowsOfTicks).values().iterator().next();
			streams.split(streams.ticks());
			(reader.equals("A") ? a : b).kill();
			long put = System.nanoTime();
			streams.put(streams.ticks(), input.subList(input.size() / 2, input.size()), 500);
			long lastPut = System.nanoTime();

			int published = scenario.assertPublished(streams, TIMEOUT);
			System.out.printf(
					"windows: %d records, %s killed and ticks split at %d published windows; %d windows, %d versions"
							+ " published in all; the last %.0f s after the last put (put in %.0f s); %d copies of"
							+ " counted records on ticks-late%n",
					input.size(), reader, atSplit, scenario.windows(), published, (System.nanoTime() - lastPut) / 1e9,
					(lastPut - put) / 1e9, scenario.copiesTooLate());
			assertThat(this.leases.owners(windowsOfTicks).keySet()).as("the leases of ticks' shards")
				.anyMatch((shard) -> !shard.equals("shardId-000000000000"));
		}
	}

	/**
	 * An instance of the group running the windows step, with a short lease and quiet
	 * companies closed soon.
	 */
	private static CompletableFuture<TickstreamInstance> starting(PipelineStreams streams, String worker) {
		return CompletableFuture.supplyAsync(() -> {
			try {
				return TickstreamInstance.start(streams.names(),
						Map.of(TickstreamInstance.WORKER_ID, worker, TickstreamInstance.INPUT_BINDINGS,
								"slidingWindowsStream", "tickstream.streams.lease", "10s", "tickstream.window-idle",
								IDLE.toSeconds() + "s"));
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		});
	}

}
