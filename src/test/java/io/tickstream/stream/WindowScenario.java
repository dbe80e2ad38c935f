package io.tickstream.stream;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.tickstream.DataSet;
import io.tickstream.tick.Tick;
import io.tickstream.tick.TickIngestion;
import io.tickstream.window.SlidingWindows;
import io.tickstream.window.WindowSpec;
import io.tickstream.window.WindowStats;
import org.awaitility.core.ConditionTimeoutException;
import tools.jackson.databind.JsonNode;

import static io.tickstream.Json.JSON;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stream windows' scenario, the same on every stream surface: the four real days,
 * each put twice on one stream, in its own order (each company's day in turn) and again
 * shuffled within the allowed lateness, each copy's companies named apart ({@code FB.A1},
 * {@code FB.B1}, …) and the eight copies interleaved record by record: eight days of
 * three years on one stream, each company's records in the copy's order. Among them, five
 * bad records (one of them from a clock ten years ahead, in a company of the first day)
 * and a few records far too late (a company's first record again, after its whole day).
 * <p>
 * {@code window-stats}, read by the documented rule (of a window's versions, the one with
 * the highest count), must be the batch answer of the good records (the default windows,
 * 15 minutes every 5), every window of the day; {@code ticks-dlq} must hold exactly the
 * five bad records, and {@code ticks-late} exactly the late ones.
 */
public final class WindowScenario {

	/**
	 * Within the allowed lateness ({@code PT1H}), leaving room for redelivered copies.
	 */
	private static final Duration SHUFFLE = Duration.ofMinutes(40);

	private static final WindowSpec SPEC = new WindowSpec(Duration.ofMinutes(15), Duration.ofMinutes(5));

	private static final TickIngestion INGESTION = TickIngestion.forExchangeZone(ZoneId.of("America/New_York"));

	private static final Pattern NAME = Pattern.compile("\"name\":\\s*\"([^\"]+)\"");

	private final List<String> input;

	private final Map<String, String> expected;

	private final Set<String> bad;

	private final Set<String> late;

	private final Set<String> good;

	private WindowScenario(List<String> input, Map<String, String> expected, Set<String> bad, Set<String> late,
			Set<String> good) {
		this.input = input;
		this.expected = expected;
		this.bad = bad;
		this.late = late;
		this.good = good;
	}

	public static WindowScenario of(long seed) {
		return of(DataSet.IDS, seed);
	}

	/** The scenario of some of the days. */
	public static WindowScenario of(List<String> days, long seed) {
		Random random = new Random(seed);
		List<List<String>> copies = new ArrayList<>();
		List<String> good = new ArrayList<>();
		for (int day = 0; day < days.size(); day++) {
			List<String> lines = DataSet.load(days.get(day)).lines();
			List<String> inOrder = renamed(lines, ".A" + (day + 1));
			List<String> shuffled = shuffled(renamed(lines, ".B" + (day + 1)), random);
			copies.add(new ArrayList<>(inOrder));
			copies.add(new ArrayList<>(shuffled));
			good.addAll(inOrder);
			good.addAll(shuffled);
		}
		List<String> late = new ArrayList<>();
		for (List<String> copy : copies.subList(0, 3)) { // their first record, after
															// their day
			late.add(copy.get(0).replaceFirst("\"high\":\\s*[0-9.]+", "\"high\": 9999"));
		}
		String company = name(copies.get(0).get(0));
		List<String> bad = List.of(
				"{\"name\": \"" + company + "\", \"high\": 5, \"low\": 4, \"ts\": \""
						+ OffsetDateTime.now(ZoneOffset.UTC).plusYears(10).withNano(0) + "\"}",
				"{\"name\": \"" + company + "\", \"high\": \"NaN\", \"low\": 4, \"ts\": \"2020-05-14 10:00:00-04:00\"}",
				"{\"name\": \"" + company + "\", \"high\": 4, \"low\": 5, \"ts\": \"2020-05-14 10:00:00-04:00\"}",
				"{\"name\": \"" + company + "\", \"high\": 5, \"low\": 4}", "not a price record");
		List<String> input = interleaved(copies);
		for (int i = 0; i < bad.size(); i++) {
			input.add((i + 1) * input.size() / (bad.size() + 2), bad.get(i));
		}
		input.addAll(late);
		return new WindowScenario(input, expected(good), Set.copyOf(bad), Set.copyOf(late),
				good.stream().map(WindowScenario::record).collect(Collectors.toSet()));
	}

	/** How many copies of counted records the last check found on {@code ticks-late}. */
	private int copiesTooLate;

	public int copiesTooLate() {
		return this.copiesTooLate;
	}

	/** The records to put on {@code ticks-raw} (or {@code ticks}), in this order. */
	public List<String> input() {
		return this.input;
	}

	/** Whether a line of the input is one of its bad records. */
	public boolean isBad(String line) {
		return this.bad.contains(line);
	}

	/** How many windows the batch answer has. */
	public int windows() {
		return this.expected.size();
	}

	/**
	 * Waits until {@code window-stats}, read by the documented rule, holds the batch
	 * answer, then asserts what it, the dead letters and the late records hold.
	 * @return how many windows were published in all, versions included
	 */
	public int assertPublished(PipelineStreams streams, Duration timeout) {
		List<KinesisStreams.StreamRecord> published;
		try {
			// thousands of windows: read every 5 s, not to slow the emulator the stream
			// needs
			published = streams.await(streams.windowStats(), (records) -> newest(records).equals(this.expected),
					timeout, Duration.ofSeconds(5));
		}
		catch (ConditionTimeoutException ex) {
			published = streams.readAll(streams.windowStats());
			throw new AssertionError(
					"window-stats, read by the rule, is not the batch answer: " + differences(byWindow(published)),
					null);
		}
		Map<String, List<String>> versions = byWindow(published);
		assertThat(newest(published)).isEqualTo(this.expected);
		versions.forEach((window, all) -> {
			long top = all.stream().mapToLong(WindowScenario::count).max().orElseThrow();
			assertThat(all.stream().filter((version) -> count(version) == top).collect(Collectors.toSet()))
				.as("the versions of %s with its highest count", window)
				.hasSize(1);
		});
		assertThat(letters(streams.readAll(streams.deadLetters()))).as("the dead letters")
			.containsExactlyInAnyOrderElementsOf(this.bad);
		Set<String> late = this.late.stream().map(WindowScenario::record).collect(Collectors.toSet());
		List<JsonNode> letters = streams
			.await(streams.lateTicks(), (records) -> lateRecords(records).containsAll(late), Duration.ofSeconds(30))
			.stream()
			.map((record) -> JSON.readTree(record.data()))
			.toList();
		Set<String> onLate = lateRecords(streams.readAll(streams.lateTicks()));
		assertThat(onLate).as("the late records").containsAll(late);
		onLate.removeAll(late);
		// an ingest step killed mid-batch publishes the batch again: a copy older than
		// the company's allowed lateness is told from a late record only while its pane
		// is held
		assertThat(onLate).as("besides the late records, copies of records counted").isSubsetOf(this.good);
		this.copiesTooLate = onLate.size();
		assertThat(letters).allSatisfy((letter) -> {
			assertThat(letter.get("reason").asString()).startsWith("too late: ");
			assertThat(letter.get("windowEnd").asString()).isNotEmpty();
		});
		return published.size();
	}

	/** What differs, briefly: the missing windows, and the first windows that differ. */
	private String differences(Map<String, List<String>> versions) {
		List<String> missing = new ArrayList<>();
		List<String> different = new ArrayList<>();
		this.expected.forEach((window, expected) -> {
			List<String> all = versions.get(window);
			if (all == null) {
				missing.add(window);
			}
			else if (!all.stream()
				.max(Comparator.comparingLong(WindowScenario::count))
				.orElseThrow()
				.equals(expected)) {
				different.add(window + ": expected " + expected + ", published " + all);
			}
		});
		long extra = versions.keySet().stream().filter((window) -> !this.expected.containsKey(window)).count();
		return this.expected.size() + " windows expected, " + missing.size() + " missing (first: "
				+ missing.stream().limit(10).toList() + "), " + extra + " not expected, " + different.size()
				+ " different (first: " + different.stream().limit(5).toList() + ")";
	}

	/** The records letters were written for, each once (a redelivery writes another). */
	private static Set<String> letters(List<KinesisStreams.StreamRecord> records) {
		Map<String, String> bySequence = new HashMap<>();
		for (KinesisStreams.StreamRecord record : records) {
			JsonNode letter = JSON.readTree(record.data());
			bySequence.put(letter.get("stream").asString() + "/" + letter.get("sequenceNumber").asString(),
					letter.get("text").asString());
		}
		return new HashSet<>(bySequence.values());
	}

	/** The price records of the late records' stream, as {@link #record}. */
	private static Set<String> lateRecords(List<KinesisStreams.StreamRecord> records) {
		return records.stream()
			.map((record) -> record(JSON.readTree(record.data()).get("text").asString()))
			.collect(Collectors.toSet());
	}

	/** A price record as written on {@code ticks-raw} or on {@code ticks}, by value. */
	private static String record(String line) {
		Tick tick = tick(line);
		return tick.name() + "|" + tick.ts().toInstant() + "|" + tick.high().stripTrailingZeros().toPlainString() + "|"
				+ tick.low().stripTrailingZeros().toPlainString();
	}

	/** A day's records with each company named apart: {@code FB} as {@code FB.A1}. */
	private static List<String> renamed(List<String> lines, String suffix) {
		return lines.stream().map((line) -> {
			Matcher name = NAME.matcher(line);
			return name.find() ? name.replaceFirst("\"name\": \"" + name.group(1) + suffix + "\"") : line;
		}).toList();
	}

	private static String name(String line) {
		Matcher name = NAME.matcher(line);
		name.find();
		return name.group(1);
	}

	/** Each record arrives up to {@link #SHUFFLE} after its own ts. */
	private static List<String> shuffled(List<String> lines, Random random) {
		Map<String, Instant> arrival = new HashMap<>();
		for (String line : lines) {
			Instant ts = tick(line).ts().toInstant();
			arrival.putIfAbsent(line, ts.plusMillis((long) (random.nextDouble() * SHUFFLE.toMillis())));
		}
		return lines.stream().distinct().sorted(Comparator.comparing(arrival::get)).toList();
	}

	/** The copies record by record: the first of each, then the second of each, … */
	private static List<String> interleaved(List<List<String>> copies) {
		List<String> input = new ArrayList<>();
		int longest = copies.stream().mapToInt(List::size).max().orElse(0);
		for (int i = 0; i < longest; i++) {
			for (List<String> copy : copies) {
				if (i < copy.size()) {
					input.add(copy.get(i));
				}
			}
		}
		return input;
	}

	/** The batch answer of the good records ({@code POST /slidingWindows}). */
	private static Map<String, String> expected(List<String> good) {
		SlidingWindows windows = new SlidingWindows(SPEC);
		good.forEach((line) -> windows.add(tick(line)));
		Map<String, String> expected = new TreeMap<>();
		windows.results().forEach((window) -> expected.put(key(window), canonical(window)));
		return expected;
	}

	/** Of each window's versions, the one with the highest count: the documented rule. */
	private static Map<String, String> newest(List<KinesisStreams.StreamRecord> records) {
		Map<String, String> newest = new TreeMap<>();
		byWindow(records).forEach((window, versions) -> newest.put(window,
				versions.stream().max(Comparator.comparingLong(WindowScenario::count)).orElseThrow()));
		return newest;
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

	private static Tick tick(String line) {
		return (Tick) INGESTION.ingest(line.getBytes(StandardCharsets.UTF_8));
	}

	private static OffsetDateTime time(JsonNode json, String field) {
		return OffsetDateTime.parse(json.get(field).asString());
	}

	private static String key(WindowStats window) {
		return window.name() + " " + window.start();
	}

	private static long count(String canonical) {
		return Long.parseLong(canonical.substring(canonical.lastIndexOf('|') + 1));
	}

	private static String canonical(WindowStats window) {
		return String.join("|", window.name(), window.start().toString(), window.end().toString(),
				window.high().stripTrailingZeros().toPlainString(), window.highTs().toString(),
				window.low().stripTrailingZeros().toPlainString(), window.lowTs().toString(),
				Long.toString(window.count()));
	}

}
