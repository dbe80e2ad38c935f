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
import io.tickstream.tick.Tick;
import io.tickstream.tick.TickIngestion;
import io.tickstream.window.SlidingWindows;
import io.tickstream.window.WindowSpec;
import io.tickstream.window.WindowStats;
import tools.jackson.databind.JsonNode;

import static io.tickstream.Json.JSON;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stream windows' scenario, the same on every surface: a real day whose records
 * arrive out of order within the allowed lateness (the default, 5 minutes), with a few
 * records far later than that. Every final window published must equal the batch answer
 * of the on-time records (the default windows, 15 minutes every 5), each window
 * identically however often it is published, and exactly the late records must be dead
 * letters with the reason {@code late}.
 */
public final class WindowScenario {

	private static final Duration LATENESS = Duration.ofMinutes(5);

	private static final WindowSpec SPEC = new WindowSpec(Duration.ofMinutes(15), Duration.ofMinutes(5));

	private static final int LATE_RECORDS = 5;

	private static final TickIngestion INGESTION = TickIngestion.forExchangeZone(ZoneId.of("America/New_York"));

	private final List<String> input;

	private final Map<String, String> expected;

	private WindowScenario(List<String> input, Map<String, String> expected) {
		this.input = input;
		this.expected = expected;
	}

	public static WindowScenario of(String dataSet, long seed) {
		List<String> onTime = withinLateness(DataSet.load(dataSet).lines(), new Random(seed));
		List<String> input = new ArrayList<>(onTime);
		for (int i = 0; i < LATE_RECORDS; i++) { // the first records again, far too late
			input.add(input.size() * 3 / 4 + i, onTime.get(i).replaceFirst("\"high\":\\s*[0-9.]+", "\"high\":9999"));
		}
		return new WindowScenario(input, expectedFinals(onTime));
	}

	/** The records to put on {@code ticks-raw} or {@code ticks}, in this order. */
	public List<String> input() {
		return this.input;
	}

	/** How many final windows the stream must publish. */
	public int windows() {
		return this.expected.size();
	}

	/**
	 * Waits until {@code window-stats} holds every final window, then asserts what it and
	 * the dead letters hold.
	 * @return how many windows were published in all, repeats included
	 */
	public int assertPublished(PipelineStreams streams, Duration timeout) {
		List<KinesisStreams.StreamRecord> published = streams.await(streams.windowStats(),
				(records) -> byWindow(records).keySet().containsAll(this.expected.keySet()), timeout);
		Map<String, List<String>> windows = byWindow(published);
		assertThat(windows.keySet()).isEqualTo(this.expected.keySet());
		windows.forEach((window, versions) -> assertThat(Set.copyOf(versions)).as(window)
			.containsExactly(this.expected.get(window)));
		Map<String, String> reasons = streams.readAll(streams.deadLetters())
			.stream()
			.map((record) -> JSON.readTree(record.data()))
			.collect(Collectors.toMap((letter) -> letter.get("sequenceNumber").asString(),
					(letter) -> letter.get("reason").asString(), (a, b) -> a));
		assertThat(reasons).hasSize(LATE_RECORDS)
			.allSatisfy((sequence, reason) -> assertThat(reason).startsWith("late: "));
		return published.size();
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
	private static Map<String, String> expectedFinals(List<String> onTime) {
		List<Tick> ticks = onTime.stream()
			.map((line) -> (Tick) INGESTION.ingest(line.getBytes(StandardCharsets.UTF_8)))
			.toList();
		Instant watermark = ticks.stream()
			.map((tick) -> tick.ts().toInstant())
			.max(Comparator.naturalOrder())
			.orElseThrow()
			.minus(LATENESS);
		SlidingWindows windows = new SlidingWindows(SPEC);
		ticks.forEach(windows::add);
		Map<String, String> expected = new TreeMap<>();
		windows.results()
			.stream()
			.filter((window) -> !window.end().toInstant().isAfter(watermark))
			.forEach((window) -> expected.put(key(window), canonical(window)));
		assertThat(expected).hasSizeGreaterThan(100);
		return expected;
	}

	/**
	 * The published versions of each window, in a form that compares decimals exactly.
	 */
	private static Map<String, List<String>> byWindow(List<KinesisStreams.StreamRecord> records) {
		Map<String, List<String>> windows = new TreeMap<>();
		for (KinesisStreams.StreamRecord record : records) {
			JsonNode json = JSON.readTree(record.data());
			WindowStats window = new WindowStats(json.get("name").asString(), time(json, "start"), time(json, "end"),
					json.get("high").decimalValue(), time(json, "highTs"), json.get("low").decimalValue(),
					time(json, "lowTs"), json.get("count").asLong());
			assertThat(record.partitionKey()).isEqualTo(window.name());
			windows.computeIfAbsent(key(window), (key) -> new ArrayList<>()).add(canonical(window));
		}
		return windows;
	}

	private static OffsetDateTime time(JsonNode json, String field) {
		return OffsetDateTime.parse(json.get(field).asString());
	}

	private static String key(WindowStats window) {
		return window.name() + " " + window.start();
	}

	private static String canonical(WindowStats window) {
		return String.join("|", window.name(), window.start().toString(), window.end().toString(),
				window.high().stripTrailingZeros().toPlainString(), window.highTs().toString(),
				window.low().stripTrailingZeros().toPlainString(), window.lowTs().toString(),
				Long.toString(window.count()));
	}

}
