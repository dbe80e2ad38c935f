package io.tickstream.window;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

import io.tickstream.DataSet;
import io.tickstream.hourly.HourlyHigh;
import io.tickstream.hourly.HourlyHighs;
import io.tickstream.tick.Tick;
import io.tickstream.tick.TickIngestion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Sliding windows against a brute-force oracle on generated data (ties, duplicates, gaps,
 * any order, three offsets, a daylight-saving change, midnight), and against the real
 * data sets' Athena results.
 */
class SlidingWindowsTests {

	private static final List<WindowSpec> SPECS = List.of(spec(15, 5), spec(5, 5), spec(60, 60), spec(60, 1),
			spec(30, 10), spec(24 * 60, 60), spec(7, 7), spec(21, 7));

	@Test
	void aRecordBelongsToSizeOverSlideWindowsAlignedToItsOwnClock() {
		Tick tick = tick("FB", "2", "1", "2020-05-14T15:01:00-04:00");
		SlidingWindows windows = new SlidingWindows(spec(15, 5));
		windows.add(tick);

		assertThat(windows.results()).extracting((window) -> window.start().toString())
			.containsExactly("2020-05-14T14:50-04:00", "2020-05-14T14:55-04:00", "2020-05-14T15:00-04:00");
		assertThat(windows.results()).allSatisfy((window) -> {
			assertThat(window.end()).isEqualTo(window.start().plusMinutes(15));
			assertThat(window.count()).isEqualTo(1);
		});
	}

	@Test
	void highAndLowEachKeepTheEarliestTimeTheyOccurAndDuplicatesCountOnce() {
		SlidingWindows windows = new SlidingWindows(spec(10, 10));
		windows.add(tick("FB", "3", "1", "2020-05-14T15:04:00-04:00"));
		windows.add(tick("FB", "3.0", "1.00", "2020-05-14T15:04:00-04:00")); // the same
		windows.add(tick("FB", "3", "2", "2020-05-14T15:02:00-04:00"));
		windows.add(tick("FB", "2", "1", "2020-05-14T15:01:00-04:00"));

		WindowStats window = windows.results().get(0);
		assertThat(window.high()).isEqualByComparingTo("3");
		assertThat(window.highTs()).isEqualTo(OffsetDateTime.parse("2020-05-14T15:02:00-04:00"));
		assertThat(window.low()).isEqualByComparingTo("1");
		assertThat(window.lowTs()).isEqualTo(OffsetDateTime.parse("2020-05-14T15:01:00-04:00"));
		assertThat(window.count()).isEqualTo(3);
	}

	@ParameterizedTest
	@MethodSource("seeds")
	void equalsTheBruteForceOracleOnGeneratedData(long seed) {
		Random random = new Random(seed);
		List<Tick> ticks = generate(random, 40 + random.nextInt(160));
		for (WindowSpec spec : SPECS) {
			List<Tick> shuffled = new ArrayList<>(ticks);
			Collections.shuffle(shuffled, random);
			SlidingWindows windows = new SlidingWindows(spec);
			shuffled.forEach(windows::add);

			assertThat(byValue(windows.results())).as("seed %d, %s", seed, spec)
				.isEqualTo(byValue(oracle(ticks, spec)));
		}
	}

	/**
	 * Prices compared by value: of two copies of a record written {@code 100} and
	 * {@code 100.0}, either may stand for both.
	 */
	private static List<WindowStats> byValue(List<WindowStats> windows) {
		return windows.stream()
			.map((w) -> new WindowStats(w.name(), w.start(), w.end(), w.high().stripTrailingZeros(), w.highTs(),
					w.low().stripTrailingZeros(), w.lowTs(), w.count()))
			.toList();
	}

	static List<Long> seeds() {
		return List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L);
	}

	@ParameterizedTest
	@MethodSource("dataSets")
	void hourLongTumblingWindowsAreTheHourlyHighs(String id) {
		DataSet dataSet = DataSet.load(id);
		TickIngestion ingestion = TickIngestion.forExchangeZone(ZoneId.of("America/New_York"));

		List<WindowStats> windows = SlidingWindows.of(ingestion.ingestAll(bytes(dataSet.ndjson())), spec(60, 60))
			.results();

		dataSet.assertMatches(windows.stream()
			.map((window) -> new HourlyHigh(window.name(), window.start(), window.high(), window.highTs(),
					window.count()))
			.toList());
	}

	@ParameterizedTest
	@MethodSource("dataSets")
	void eachHourlyHighIsTheHighestOfItsQuarterHours(String id) {
		DataSet dataSet = DataSet.load(id);
		TickIngestion ingestion = TickIngestion.forExchangeZone(ZoneId.of("America/New_York"));
		var ingested = ingestion.ingestAll(bytes(dataSet.ndjson()));

		List<WindowStats> quarters = SlidingWindows.of(ingested, spec(15, 15)).results();
		for (HourlyHigh hour : HourlyHighs.of(ingested).results()) {
			List<WindowStats> inHour = quarters.stream()
				.filter((quarter) -> quarter.name().equals(hour.name()) && !quarter.start().isBefore(hour.hour())
						&& quarter.start().isBefore(hour.hour().plusHours(1)))
				.toList();
			WindowStats best = inHour.stream()
				.max(Comparator.comparing(WindowStats::high)
					.thenComparing(WindowStats::highTs, Comparator.reverseOrder()))
				.orElseThrow();
			assertThat(best.high()).isEqualByComparingTo(hour.high());
			assertThat(best.highTs()).isEqualTo(hour.ts());
			assertThat(inHour.stream().mapToLong(WindowStats::count).sum()).isEqualTo(hour.count());
		}
	}

	static List<String> dataSets() {
		return DataSet.IDS;
	}

	@Test
	void refusesMoreWindowsThanAnAnswerHoldsBeforeMakingThem() {
		SlidingWindows windows = new SlidingWindows(spec(24 * 60, 1));
		for (int day = 0; day < 80; day++) {
			windows.add(tick("FB", "2", "1", OffsetDateTime.parse("2020-01-01T00:00:00Z").plusDays(day).toString()));
		}

		assertThatExceptionOfType(InvalidWindowException.class).isThrownBy(windows::results)
			.withMessageStartingWith("the records fall in 115200 windows");
	}

	@Test
	void parametersAreIsoDurationsWithTheirRulesNamed() {
		WindowSpec defaults = spec(15, 5);

		assertThat(WindowSpec.parse(null, null, defaults)).isEqualTo(defaults);
		assertThat(WindowSpec.parse("PT1H", "PT30M", defaults)).isEqualTo(spec(60, 30));
		assertThatExceptionOfType(InvalidWindowException.class)
			.isThrownBy(() -> WindowSpec.parse("PT7M", null, defaults))
			.withMessage("size PT7M must be a positive multiple of slide PT5M, at most PT24H")
			.extracting(InvalidWindowException::parameter)
			.isEqualTo("size");
		assertThatExceptionOfType(InvalidWindowException.class)
			.isThrownBy(() -> WindowSpec.parse("PT25H", "PT1H", defaults))
			.withMessageContaining("at most PT24H");
		assertThatExceptionOfType(InvalidWindowException.class)
			.isThrownBy(() -> WindowSpec.parse(null, "PT30S", defaults))
			.withMessage("slide PT30S must be whole seconds, at least PT1M");
		assertThatExceptionOfType(InvalidWindowException.class)
			.isThrownBy(() -> WindowSpec.parse("15m", null, defaults))
			.withMessage("size '15m' is not an ISO-8601 duration like PT15M");
		assertThatExceptionOfType(InvalidWindowException.class)
			.isThrownBy(() -> WindowSpec.parse("P" + "9".repeat(5000) + "D", null, defaults))
			.withMessageStartingWith("size 'P9999999999999999999...' is not");
		assertThatExceptionOfType(InvalidWindowException.class)
			.isThrownBy(() -> WindowSpec.parse("-PT15M", null, defaults))
			.withMessageContaining("positive multiple");
	}

	/**
	 * The windows by definition: every aligned start, found by scanning minute by minute,
	 * that a record falls in; stats by scanning every distinct record.
	 */
	private static List<WindowStats> oracle(List<Tick> ticks, WindowSpec spec) {
		Set<Tick> distinct = new LinkedHashSet<>();
		ticks.forEach((tick) -> distinct.add(tick.identity()));
		Map<String, List<Tick>> byWindow = new TreeMap<>();
		Map<String, OffsetDateTime> starts = new HashMap<>();
		for (Tick tick : distinct) {
			LocalDateTime local = tick.ts().toLocalDateTime();
			for (LocalDateTime start = local.withSecond(0).minus(spec.size()); !start.isAfter(local); start = start
				.plusMinutes(1)) {
				boolean aligned = start.toEpochSecond(ZoneOffset.UTC) % spec.slide().getSeconds() == 0;
				if (aligned && !local.isBefore(start) && local.isBefore(start.plus(spec.size()))) {
					OffsetDateTime windowStart = OffsetDateTime.of(start, tick.ts().getOffset());
					String key = tick.name() + "|" + windowStart;
					starts.put(key, windowStart);
					byWindow.computeIfAbsent(key, (k) -> new ArrayList<>()).add(tick);
				}
			}
		}
		List<WindowStats> results = new ArrayList<>();
		byWindow.forEach((key, members) -> {
			Tick high = members.stream()
				.max(Comparator.comparing(Tick::high).thenComparing(Tick::ts, Comparator.reverseOrder()))
				.orElseThrow();
			Tick low = members.stream().min(Comparator.comparing(Tick::low).thenComparing(Tick::ts)).orElseThrow();
			OffsetDateTime start = starts.get(key);
			results.add(new WindowStats(members.get(0).name(), start, start.plus(spec.size()), high.high(), high.ts(),
					low.low(), low.ts(), members.size()));
		});
		results.sort(Comparator.comparing(WindowStats::name)
			.thenComparing(WindowStats::start, Comparator.comparing(OffsetDateTime::toInstant))
			.thenComparing((window) -> window.start().getOffset()));
		return results;
	}

	/**
	 * Records of three companies over two days around the end of daylight saving time in
	 * New York and across midnight, in three offsets, with ties, duplicates and gaps.
	 */
	private static List<Tick> generate(Random random, int count) {
		List<Tick> ticks = new ArrayList<>();
		String[] names = { "FB", "AAPL", "TSLA" };
		ZoneOffset[] offsets = { ZoneOffset.ofHours(-4), ZoneOffset.ofHours(-5), ZoneOffset.ofHoursMinutes(5, 30) };
		LocalDateTime base = LocalDateTime.parse("2020-10-31T22:00:00");
		for (int i = 0; i < count; i++) {
			if (!ticks.isEmpty() && random.nextInt(8) == 0) {
				Tick copy = ticks.get(random.nextInt(ticks.size()));
				ticks.add(new Tick(copy.name(), copy.high().setScale(copy.high().scale() + 1), copy.low(), copy.ts()));
				continue;
			}
			// minutes in clusters with gaps: 0..59, then 200..260, ...
			int minute = random.nextInt(4) * 400 + random.nextInt(60);
			BigDecimal low = BigDecimal.valueOf(100 + random.nextInt(5));
			BigDecimal high = low.add(BigDecimal.valueOf(random.nextInt(4)));
			ticks.add(new Tick(names[random.nextInt(names.length)], high, low,
					OffsetDateTime.of(base.plusMinutes(minute).plusSeconds(random.nextInt(3) * 20L),
							offsets[random.nextInt(offsets.length)])));
		}
		return ticks;
	}

	private static Tick tick(String name, String high, String low, String ts) {
		return new Tick(name, new BigDecimal(high), new BigDecimal(low), OffsetDateTime.parse(ts));
	}

	private static WindowSpec spec(int sizeMinutes, int slideMinutes) {
		return new WindowSpec(Duration.ofMinutes(sizeMinutes), Duration.ofMinutes(slideMinutes));
	}

	private static byte[] bytes(String text) {
		return text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
	}

}
