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
 */
@ExtendWith(LocalAws.class)
@ResourceLock(LocalAws.STREAM_SERVICE)
class KinesisWindowsIntegrationTests {

	/** Small batches and slow polls: the stream is still being read when it is killed. */
	private static final Map<String, String> SETTINGS = Map.of(TickstreamInstance.INPUT_BINDINGS,
			"ingestStream;slidingWindowsStream", "tickstream.streams.batch-size", "40",
			"tickstream.streams.poll-interval", "300", "tickstream.streams.lease", "10s");

	private static final Duration TIMEOUT = Duration.ofMinutes(3);

	@Test
	void finalWindowsAreExactAcrossAKillAndLateRecordsAreDeadLetters(PipelineStreams streams) throws Exception {
		WindowScenario scenario = WindowScenario.of("dkfreitag_2021-05-11", 11);
		streams.put(streams.raw(), scenario.input(), 100);

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
