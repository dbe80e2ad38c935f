package io.tickstream.stream;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.tickstream.DataSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.ResourceLock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Stopping the application mid-stream, gracefully and with SIGKILL, and starting it again
 * loses nothing: every record reaches {@code ticks}, duplicates stay within one batch per
 * restart, and the hourly highs stay exact.
 */
@ExtendWith(LocalAws.class)
@ResourceLock(LocalAws.STREAM_SERVICE)
class KinesisRestartIntegrationTests {

	private static final int BATCH = 50;

	/**
	 * Small batches and slow polls, so that the stream is still being read when the test
	 * stops it; a short lease, so that the next instance need not wait long for the shard
	 * a killed one held.
	 */
	private static final Map<String, String> SETTINGS = Map.of("tickstream.streams.batch-size", Integer.toString(BATCH),
			"tickstream.streams.poll-interval", "500", "tickstream.streams.lease", "10s");

	private static final Duration TIMEOUT = Duration.ofMinutes(3);

	/**
	 * The trading day, and the day its 16:00 bars come from (see the data set's README).
	 */
	private static final LocalDate[] XYJIANG_DAYS = { LocalDate.of(2022, 5, 2), LocalDate.of(2022, 5, 20) };

	@Test
	void gracefulStopAndKillLoseNothingAndChangeNoAnswer(PipelineStreams streams) throws Exception {
		DataSet nafis = DataSet.load("Nafis-Chowdhury_2021-11-30");
		DataSet xyjiang = DataSet.load("xyjiang970_2022-05-02");
		List<String> input = new ArrayList<>(nafis.lines());
		input.addAll(xyjiang.lines());
		streams.put(streams.raw(), input, 100);

		Map<String, Integer> expected = StreamAnswers.expectedTickCounts(input);
		int validRecords = expected.values().stream().mapToInt(Integer::intValue).sum();

		TickstreamInstance first = TickstreamInstance.start(streams.names(), SETTINGS);
		int atStop = streams.await(streams.ticks(), (ticks) -> ticks.size() >= 300, TIMEOUT).size();
		first.stop();
		first.close();
		// the premise: the stop and the kill come while records wait
		assertThat(atStop).as("ticks when the first instance stopped").isLessThan(validRecords / 2);

		TickstreamInstance second = TickstreamInstance.start(streams.names(), SETTINGS);
		int atKill = streams.await(streams.ticks(), (ticks) -> ticks.size() >= 900, TIMEOUT).size();
		second.kill();
		second.close();
		assertThat(atKill).as("ticks when the second instance was killed").isLessThan(validRecords);

		try (TickstreamInstance third = TickstreamInstance.start(streams.names(), SETTINGS)) {
			List<KinesisStreams.StreamRecord> ticks = streams.await(streams.ticks(),
					(records) -> records.size() >= validRecords && StreamAnswers.covers(expected, records), TIMEOUT);
			List<KinesisStreams.StreamRecord> updates = streams.await(streams.hourlyHighs(),
					(records) -> StreamAnswers.matches(nafis, records, LocalDate.of(2021, 11, 30))
							&& StreamAnswers.matches(xyjiang, records, XYJIANG_DAYS),
					TIMEOUT);

			int duplicates = StreamAnswers.duplicatesBeyond(expected, StreamAnswers.tickCounts(ticks));
			System.out.printf("restart: stopped at %d ticks, killed at %d, %d duplicates of %d records%n", atStop,
					atKill, duplicates, validRecords);
			assertThat(duplicates).as("duplicates after a graceful stop and a kill").isLessThanOrEqualTo(2 * BATCH);
			assertThat(streams.readAll(streams.deadLetters())).isEmpty();
			nafis.assertHighsMatch(StreamAnswers.finalHourlyHighs(updates, LocalDate.of(2021, 11, 30)));
			xyjiang.assertHighsMatch(StreamAnswers.finalHourlyHighs(updates, XYJIANG_DAYS));
		}
	}

}
