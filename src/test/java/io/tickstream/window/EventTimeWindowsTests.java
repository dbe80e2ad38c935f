package io.tickstream.window;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.tickstream.DataSet;
import io.tickstream.tick.Tick;
import io.tickstream.tick.TickIngestion;
import org.assertj.core.api.recursive.comparison.RecursiveComparisonConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Windows in event time on a stream: what is published, when, and what is late, against
 * the batch answer of {@link SlidingWindows} on the same records.
 */
class EventTimeWindowsTests {

	private static final Duration LATENESS = Duration.ofMinutes(5);

	private static final WindowSpec QUARTER_HOURS_EVERY_FIVE = new WindowSpec(Duration.ofMinutes(15),
			Duration.ofMinutes(5));

	@Test
	void aWindowIsFinalOnceTheWatermarkReachesItsEnd() {
		EventTimeWindows windows = new EventTimeWindows(QUARTER_HOURS_EVERY_FIVE, LATENESS, null);
		windows.add(tick("FB", "2", "1", "2020-05-14T10:01:00-04:00"));
		windows.add(tick("FB", "3", "1", "2020-05-14T10:19:59-04:00"));
		assertThat(windows.watermark()).isEqualTo(Instant.parse("2020-05-14T14:14:59Z"));
		assertThat(windows.finalSince(null)).extracting((window) -> window.end().toString())
			.containsExactly("2020-05-14T10:05-04:00", "2020-05-14T10:10-04:00");

		Instant published = windows.watermark();
		windows.add(tick("FB", "1", "1", "2020-05-14T10:20:00-04:00"));
		assertThat(windows.finalSince(published)).singleElement().satisfies((window) -> {
			assertThat(window.start()).isEqualTo(OffsetDateTime.parse("2020-05-14T10:00:00-04:00"));
			assertThat(window.high()).isEqualByComparingTo("2");
			assertThat(window.count()).isEqualTo(1);
		});
	}

	@Test
	void aRecordOlderThanTheWatermarkIsLateAndChangesNothing() {
		EventTimeWindows windows = new EventTimeWindows(QUARTER_HOURS_EVERY_FIVE, LATENESS, null);
		windows.add(tick("FB", "2", "1", "2020-05-14T10:06:00-04:00"));
		windows.add(tick("FB", "2", "1", "2020-05-14T10:01:00-04:00")); // exactly the
																		// lateness: on
																		// time

		assertThatExceptionOfType(LateRecordException.class)
			.isThrownBy(() -> windows.add(tick("FB", "9", "1", "2020-05-14T10:00:59-04:00")))
			.withMessageStartingWith("late: ")
			.withMessageContaining("2020-05-14T10:00:59-04:00");
		assertThat(windows.latest()).isEqualTo(Instant.parse("2020-05-14T14:06:00Z"));
		assertThat(windows.holds(tick("FB", "9", "1", "2020-05-14T10:00:59-04:00"))).isFalse();
	}

	@Test
	void aCompanyThatGoesQuietHasItsWindowsClosedByTheShardsOtherRecords() {
		EventTimeWindows windows = new EventTimeWindows(QUARTER_HOURS_EVERY_FIVE, LATENESS, null);
		windows.add(tick("QUIET", "5", "4", "2020-05-14T10:02:00-04:00"));
		windows.add(tick("BUSY", "1", "1", "2020-05-14T11:00:00-04:00"));

		assertThat(windows.finalSince(null)).filteredOn((window) -> window.name().equals("QUIET"))
			.extracting((window) -> window.start().toLocalTime().toString())
			.containsExactly("09:50", "09:55", "10:00");
		assertThat(windows.forgetFinal()).extracting(EventTimeWindows.PaneKey::name).containsExactly("QUIET");
	}

	@Test
	void duplicatesChangeNothing() {
		EventTimeWindows windows = new EventTimeWindows(QUARTER_HOURS_EVERY_FIVE, LATENESS, null);
		assertThat(windows.add(tick("FB", "2.0", "1", "2020-05-14T10:01:00-04:00"))).isTrue();
		assertThat(windows.add(tick("FB", "2", "1.00", "2020-05-14T10:01:00-04:00"))).isFalse();
		assertThat(windows.size(windows.paneOf(tick("FB", "2", "1", "2020-05-14T10:01:00-04:00")))).isOne();
	}

	/**
	 * A real day, each record delayed by up to the lateness, read in batches of any size,
	 * with the state saved and read back (as after a restart) between some of them: the
	 * windows published are exactly the batch answer's windows that end by the last
	 * watermark, each published once, none late.
	 */
	@ParameterizedTest
	@MethodSource("dataSets")
	void publishesExactlyTheBatchAnswersFinalWindowsWhenRecordsArriveWithinTheLateness(String id) {
		List<Tick> ticks = ticks(DataSet.load(id));
		Random random = new Random(id.hashCode());
		List<Tick> arrivals = withinLateness(ticks, random);

		EventTimeWindows windows = new EventTimeWindows(QUARTER_HOURS_EVERY_FIVE, LATENESS, null);
		Instant published = null;
		List<WindowStats> publishedWindows = new ArrayList<>();
		int next = 0;
		while (next < arrivals.size()) {
			int batch = 1 + random.nextInt(60);
			for (Tick tick : arrivals.subList(next, Math.min(arrivals.size(), next + batch))) {
				windows.add(tick);
			}
			next += batch;
			publishedWindows.addAll(windows.finalSince(published));
			published = windows.watermark();
			windows.forgetFinal();
			if (random.nextInt(4) == 0) {
				windows = restarted(windows);
			}
		}

		Instant watermark = published;
		List<WindowStats> expected = SlidingWindows
			.of(TickIngestion.forExchangeZone(ZoneId.of("America/New_York"))
				.ingestAll(DataSet.load(id).ndjson().getBytes(StandardCharsets.UTF_8)), QUARTER_HOURS_EVERY_FIVE)
			.results()
			.stream()
			.filter((window) -> !window.end().toInstant().isAfter(watermark))
			.toList();
		assertThat(expected).isNotEmpty();
		assertThat(sorted(publishedWindows))
			.usingRecursiveFieldByFieldElementComparator(RecursiveComparisonConfiguration.builder()
				.withComparatorForType(BigDecimal::compareTo, BigDecimal.class)
				.build())
			.containsExactlyElementsOf(sorted(expected));
	}

	static List<String> dataSets() {
		return DataSet.IDS;
	}

	/** What a store would save and read back: the held records and the latest ts. */
	private static EventTimeWindows restarted(EventTimeWindows before) {
		EventTimeWindows after = new EventTimeWindows(QUARTER_HOURS_EVERY_FIVE, LATENESS, before.latest());
		before.panes().forEach((pane) -> before.records(pane).forEach(after::restore));
		return after;
	}

	/**
	 * Each record arrives up to the lateness after its own ts, so no record is ever older
	 * than the latest one before it minus the lateness.
	 */
	private static List<Tick> withinLateness(List<Tick> ticks, Random random) {
		Map<Tick, Instant> arrival = ticks.stream()
			.collect(Collectors.toMap(Function.identity(),
					(tick) -> tick.ts().toInstant().plusMillis((long) (random.nextDouble() * LATENESS.toMillis())),
					(a, b) -> a));
		return arrival.keySet().stream().sorted(Comparator.comparing(arrival::get)).toList();
	}

	private static List<Tick> ticks(DataSet dataSet) {
		return TickIngestion.forExchangeZone(ZoneId.of("America/New_York"))
			.ingestAll(dataSet.ndjson().getBytes(StandardCharsets.UTF_8))
			.accepted();
	}

	private static List<WindowStats> sorted(List<WindowStats> windows) {
		return windows.stream()
			.sorted(Comparator.comparing(WindowStats::name).thenComparing((window) -> window.start().toInstant()))
			.toList();
	}

	private static Tick tick(String name, String high, String low, String ts) {
		return new Tick(name, new BigDecimal(high), new BigDecimal(low), OffsetDateTime.parse(ts));
	}

}
