package io.tickstream.stream;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import io.tickstream.DataSet;
import io.tickstream.tick.IngestResult;
import io.tickstream.tick.Tick;
import io.tickstream.tick.TickIngestion;
import io.tickstream.window.SlidingWindows;
import io.tickstream.window.WindowSpec;
import io.tickstream.window.WindowStats;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ticks → slidingWindows → window-stats} against the emulators: a real day whose
 * records arrive out of order within the allowed lateness, with a few records far later
 * than that, read by an instance that is killed with SIGKILL mid-stream and started
 * again. Every final window published equals the batch answer of the on-time records,
 * each window is published identically however often, and exactly the late records are
 * dead letters with the reason {@code late}.
 */
@ExtendWith(LocalAws.class)
class KinesisWindowsIntegrationTests {

	private static final String NAMES = "windows";

	private static final Duration LATENESS = Duration.ofMinutes(5);

	private static final WindowSpec SPEC = new WindowSpec(Duration.ofMinutes(15), Duration.ofMinutes(5));

	private static final int LATE_RECORDS = 5;

	/** Small batches and slow polls: the stream is still being read when it is killed. */
	private static final Map<String, String> SETTINGS = Map.of(TickstreamInstance.INPUT_BINDINGS,
			"ingestStream;slidingWindowsStream", "tickstream.streams.batch-size", "40",
			"tickstream.streams.poll-interval", "300", "tickstream.streams.lease", "10s");

	private static final Duration TIMEOUT = Duration.ofMinutes(3);

	private static final TickIngestion INGESTION = TickIngestion.forExchangeZone(ZoneId.of("America/New_York"));

	private static KinesisStreams streams;

	@BeforeAll
	static void createStreams() throws Exception {
		streams = new KinesisStreams(LocalAws.kinesis());
		streams.createPipeline(NAMES, 1);
	}

	@Test
	void finalWindowsAreExactAcrossAKillAndLateRecordsAreDeadLetters() throws Exception {
		Random random = new Random(11);
		List<String> onTime = withinLateness(DataSet.load("dkfreitag_2021-05-11").lines(), random);
		List<String> input = new ArrayList<>(onTime);
		for (int i = 0; i < LATE_RECORDS; i++) { // the first records again, far too late
			input.add(input.size() * 3 / 4 + i, onTime.get(i).replaceFirst("\"high\":\\s*[0-9.]+", "\"high\":9999"));
		}
		Map<String, WindowStats> expected = expectedFinals(onTime);
		streams.put(NAMES + "-ticks-raw", input, 100);

		TickstreamInstance first = TickstreamInstance.start(NAMES, SETTINGS);
		int atKill = streams.await(NAMES + "-window-stats", (records) -> records.size() >= expected.size() / 3, TIMEOUT)
			.size();
		first.kill();
		first.close();

		try (TickstreamInstance second = TickstreamInstance.start(NAMES, SETTINGS)) {
			List<KinesisStreams.StreamRecord> published = streams.await(NAMES + "-window-stats",
					(records) -> byWindow(records).keySet().containsAll(expected.keySet()), TIMEOUT);
			Map<String, List<String>> windows = byWindow(published);
			System.out.printf("windows: killed at %d of %d final windows; %d published in all%n", atKill,
					expected.size(), published.size());

			assertThat(windows.keySet()).isEqualTo(expected.keySet());
			windows.forEach((window, versions) -> assertThat(Set.copyOf(versions)).as(window)
				.containsExactly(canonical(expected.get(window))));
			Map<String, String> lateReasons = streams.readAll(NAMES + "-ticks-dlq")
				.stream()
				.map((record) -> StreamAnswers.JSON.readTree(record.data()))
				.collect(Collectors.toMap((letter) -> letter.get("sequenceNumber").asString(),
						(letter) -> letter.get("reason").asString(), (a, b) -> a));
			assertThat(lateReasons).hasSize(LATE_RECORDS)
				.allSatisfy((sequence, reason) -> assertThat(reason).startsWith("late: "));
		}
	}

	/**
	 * Each record arrives up to the lateness after its own ts: never older than the
	 * latest before it minus the lateness.
	 */
	private static List<String> withinLateness(List<String> lines, Random random) {
		Map<String, Instant> arrival = new HashMap<>();
		for (String line : lines) {
			if (INGESTION.ingest(line.getBytes(StandardCharsets.UTF_8)) instanceof Tick tick) {
				arrival.putIfAbsent(line,
						tick.ts().toInstant().plusMillis((long) (random.nextDouble() * LATENESS.toMillis())));
			}
		}
		return arrival.keySet().stream().sorted(Comparator.comparing(arrival::get)).toList();
	}

	/** The batch answer's windows that end by the watermark of the last record. */
	private static Map<String, WindowStats> expectedFinals(List<String> onTime) {
		List<Tick> ticks = new ArrayList<>();
		for (String line : onTime) {
			IngestResult result = INGESTION.ingest(line.getBytes(StandardCharsets.UTF_8));
			ticks.add((Tick) result);
		}
		Instant watermark = ticks.stream()
			.map((tick) -> tick.ts().toInstant())
			.max(Comparator.naturalOrder())
			.orElseThrow()
			.minus(LATENESS);
		SlidingWindows windows = new SlidingWindows(SPEC);
		ticks.forEach(windows::add);
		Map<String, WindowStats> expected = new TreeMap<>();
		windows.results()
			.stream()
			.filter((window) -> !window.end().toInstant().isAfter(watermark))
			.forEach((window) -> expected.put(key(window.name(), window.start().toString()), window));
		assertThat(expected).hasSizeGreaterThan(100);
		return expected;
	}

	/**
	 * The published versions of each window, in a form that compares decimals exactly.
	 */
	private static Map<String, List<String>> byWindow(List<KinesisStreams.StreamRecord> records) {
		Map<String, List<String>> windows = new TreeMap<>();
		for (KinesisStreams.StreamRecord record : records) {
			JsonNode json = StreamAnswers.JSON.readTree(record.data());
			WindowStats window = new WindowStats(json.get("name").asString(), time(json, "start"), time(json, "end"),
					json.get("high").decimalValue(), time(json, "highTs"), json.get("low").decimalValue(),
					time(json, "lowTs"), json.get("count").asLong());
			assertThat(record.partitionKey()).isEqualTo(window.name());
			windows.computeIfAbsent(key(window.name(), window.start().toString()), (key) -> new ArrayList<>())
				.add(canonical(window));
		}
		return windows;
	}

	private static OffsetDateTime time(JsonNode json, String field) {
		return OffsetDateTime.parse(json.get(field).asString());
	}

	private static String key(String name, String start) {
		return name + " " + start;
	}

	private static String canonical(WindowStats window) {
		return String.join("|", window.name(), window.start().toString(), window.end().toString(),
				window.high().stripTrailingZeros().toPlainString(), window.highTs().toString(),
				window.low().stripTrailingZeros().toPlainString(), window.lowTs().toString(),
				Long.toString(window.count()));
	}

}
