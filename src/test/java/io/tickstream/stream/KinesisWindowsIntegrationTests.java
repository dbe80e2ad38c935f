package io.tickstream.stream;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.ResourceLock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ticks → slidingWindows → window-stats} on the binder against the emulators
 * ({@link WindowScenario}), read by an instance that is killed with SIGKILL mid-stream
 * and started again: no final window changes, none is lost.
 * <p>
 * The scenario is put on {@code ticks} and the instance runs the windows step alone, so
 * that what the kill repeats is the step's own redelivery, which it skips by sequence
 * number. An {@code ingest} step killed alongside would publish its last batch again,
 * after newer ticks, where the shard's watermark makes the copies late (issue 21's
 * per-company event time is the fix): once in four full test runs, 20 such copies were
 * dead letters.
 */
@ExtendWith(LocalAws.class)
@ResourceLock(LocalAws.STREAM_SERVICE)
class KinesisWindowsIntegrationTests {

	/** Small batches and slow polls: the stream is still being read when it is killed. */
	private static final Map<String, String> SETTINGS = Map.of(TickstreamInstance.INPUT_BINDINGS,
			"slidingWindowsStream", "tickstream.streams.batch-size", "40", "tickstream.streams.poll-interval", "300",
			"tickstream.streams.lease", "10s");

	private static final Duration TIMEOUT = Duration.ofMinutes(3);

	@Test
	void finalWindowsAreExactAcrossAKillAndLateRecordsAreDeadLetters(PipelineStreams streams) throws Exception {
		WindowScenario scenario = WindowScenario.of("dkfreitag_2021-05-11", 11);
		streams.put(streams.ticks(), scenario.input(), 100);

		TickstreamInstance first = TickstreamInstance.start(streams.names(), SETTINGS);
		int atKill = streams
			.await(streams.windowStats(), (records) -> records.size() >= scenario.windows() / 3, TIMEOUT)
			.size();
		first.kill();
		first.close();
		assertThat(atKill).as("final windows when the first instance was killed: the premise is a kill mid-stream")
			.isLessThan(scenario.windows());

		try (TickstreamInstance second = TickstreamInstance.start(streams.names(), SETTINGS)) {
			int published = scenario.assertPublished(streams, TIMEOUT);
			System.out.printf("windows: killed at %d of %d final windows; %d published in all%n", atKill,
					scenario.windows(), published);
		}
	}

}
