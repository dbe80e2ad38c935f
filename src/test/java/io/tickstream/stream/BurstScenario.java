package io.tickstream.stream;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.tickstream.hourly.HourlyHigh;
import io.tickstream.hourly.HourlyHighs;
import io.tickstream.tick.TickIngestion;
import tools.jackson.databind.JsonNode;

import static io.tickstream.Json.JSON;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A burst of 5 000 records, put as fast as the emulator takes them: every one is
 * accounted for downstream, and the hourly highs equal what {@code hourlyHigh} computes
 * from the same records. Run on a service that is already running (the pipeline test's):
 * its records are told apart by their days and reasons, so that the streams may hold
 * others.
 */
final class BurstScenario {

	private static final int RECORDS = 5_000;

	private static final int INVALID_EVERY = 100;

	/** The default batch size: what one put repeated after a timeout may add. */
	private static final int BATCH = 500;

	private static final String REASON = "low 999 is greater than high";

	private BurstScenario() {
	}

	/** Puts the burst on the pipeline's raw stream and checks what becomes of it. */
	static void run(PipelineStreams streams) {
		List<String> input = burst();
		List<String> valid = input.stream().filter((record) -> !record.contains("\"low\":999")).toList();
		long start = System.nanoTime();
		streams.put(streams.raw(), input, 500);
		System.out.printf("burst: %d records put in %d ms%n", RECORDS, (System.nanoTime() - start) / 1_000_000);

		Duration timeout = Duration.ofMinutes(5);
		List<KinesisStreams.StreamRecord> ticks = ofBurst(streams.await(streams.ticks(),
				(records) -> StreamAnswers.covers(StreamAnswers.expectedTickCounts(valid), ofBurst(records)), timeout));
		List<KinesisStreams.StreamRecord> deadLetters = lettersOfBurst(streams.await(streams.deadLetters(),
				(records) -> lettersOfBurst(records).size() >= RECORDS - valid.size(), timeout));
		System.out.printf("burst: %d ticks and %d dead letters after %d ms%n", ticks.size(), deadLetters.size(),
				(System.nanoTime() - start) / 1_000_000);

		// at least once: a put that timed out on a busy emulator may have gone through
		// and is put again, so count records by where they came from
		Set<String> lettered = new HashSet<>();
		for (KinesisStreams.StreamRecord letter : deadLetters) {
			JsonNode json = JSON.readTree(letter.data());
			assertThat(json.get("reason").asString()).startsWith(REASON);
			lettered.add(json.get("sequenceNumber").asString());
		}
		int tickDuplicates = StreamAnswers.duplicatesBeyond(StreamAnswers.expectedTickCounts(valid),
				StreamAnswers.tickCounts(ticks));
		assertThat(lettered).as("one dead letter per invalid record").hasSize(RECORDS - valid.size());
		assertThat(tickDuplicates + deadLetters.size() - lettered.size())
			.as("records repeated (a put that timed out is put again)")
			.isLessThanOrEqualTo(BATCH);
		List<HourlyHigh> expected = expectedHourlyHighs(valid);
		List<KinesisStreams.StreamRecord> updates = streams.await(streams.hourlyHighs(),
				(records) -> sameHighs(expected, StreamAnswers.finalHourlyHighs(records, days())), timeout);
		assertThat(sameHighs(expected, StreamAnswers.finalHourlyHighs(updates, days()))).isTrue();
	}

	/** The ticks of the burst's days. */
	private static List<KinesisStreams.StreamRecord> ofBurst(List<KinesisStreams.StreamRecord> ticks) {
		return ticks.stream().filter((tick) -> tick.data().contains("\"2022-01-")).toList();
	}

	/** The dead letters of the burst's invalid records. */
	private static List<KinesisStreams.StreamRecord> lettersOfBurst(List<KinesisStreams.StreamRecord> letters) {
		return letters.stream().filter((letter) -> letter.data().contains(REASON)).toList();
	}

	/**
	 * 5 000 records of 40 companies over two hours of a day, every hundredth one invalid
	 * (low above high).
	 */
	private static List<String> burst() {
		List<String> records = new ArrayList<>();
		for (int i = 0; i < RECORDS; i++) {
			String name = "T" + (i % 40);
			int minute = i / 40;
			String ts = String.format("2022-01-%02d %02d:%02d:00-05:00", 3 + (minute / 390),
					9 + ((minute % 390) + 30) / 60, ((minute % 390) + 30) % 60);
			String high = (100 + (i * 7919 % 1000) / 100.0) + "";
			String low = (i % INVALID_EVERY == INVALID_EVERY - 1) ? "999" : "99.5";
			records.add("{\"name\":\"" + name + "\",\"high\":" + high + ",\"low\":" + low + ",\"ts\":\"" + ts + "\"}");
		}
		return records;
	}

	private static LocalDate[] days() {
		return new LocalDate[] { LocalDate.of(2022, 1, 3), LocalDate.of(2022, 1, 4), LocalDate.of(2022, 1, 5),
				LocalDate.of(2022, 1, 6), LocalDate.of(2022, 1, 7) };
	}

	/**
	 * The batch function's answer over the same records is the oracle for the stream's.
	 */
	private static List<HourlyHigh> expectedHourlyHighs(List<String> valid) {
		TickIngestion ingestion = TickIngestion.forExchangeZone(ZoneId.of("America/New_York"));
		return HourlyHighs.of(ingestion.ingestAll(String.join("\n", valid))).results();
	}

	private static boolean sameHighs(List<HourlyHigh> expected, List<HourlyHigh> actual) {
		if (expected.size() != actual.size()) {
			return false;
		}
		Map<String, HourlyHigh> byKey = new HashMap<>();
		actual.forEach((high) -> byKey.put(high.name() + "|" + high.hour(), high));
		return expected.stream().allMatch((high) -> {
			HourlyHigh other = byKey.get(high.name() + "|" + high.hour());
			return other != null && other.high().compareTo(high.high()) == 0 && other.ts().equals(high.ts());
		});
	}

}
