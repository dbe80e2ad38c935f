package io.tickstream.window;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import io.tickstream.DataSet;
import io.tickstream.tick.Tick;
import io.tickstream.tick.TickIngestion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A company's windows in its own event time, against the batch answer of
 * {@link SlidingWindows} on the same records: what is published, when, what corrects a
 * window and what is too late.
 */
class CompanyWindowsTests {

	private static final WindowSpec QUARTER_HOURS_EVERY_FIVE = new WindowSpec(Duration.ofMinutes(15),
			Duration.ofMinutes(5));

	private static final EventTime TIME = new EventTime(Duration.ofMinutes(5), Duration.ofHours(1),
			Duration.ofSeconds(90));

	private static final TickIngestion INGESTION = TickIngestion.forExchangeZone(ZoneId.of("America/New_York"));

	@Test
	void aWindowIsPublishedOnceTheCompanysClockPassesItsEndByTheOutOfOrderDelay() {
		CompanyWindows fb = windows("FB");
		fb.add(tick("FB", "2", "1", "10:01"));
		fb.add(tick("FB", "3", "1", "10:19:59"));
		assertThat(fb.watermark()).isEqualTo(Instant.parse("2020-05-14T14:14:59Z"));
		assertThat(fb.due(false)).extracting((window) -> window.end().toLocalTime().toString())
			.containsExactly("10:05", "10:10");

		fb.add(tick("FB", "1", "1", "10:20"));
		assertThat(fb.due(false)).singleElement().satisfies((window) -> {
			assertThat(window.start()).isEqualTo(OffsetDateTime.parse("2020-05-14T10:00:00-04:00"));
			assertThat(window.high()).isEqualByComparingTo("2");
			assertThat(window.count()).isEqualTo(1);
		});
		assertThat(fb.due(false)).isEmpty();
	}

	@Test
	void aRecordAfterItsWindowWasPublishedCorrectsItWithAHigherCount() {
		CompanyWindows fb = windows("FB");
		fb.add(tick("FB", "2", "1", "10:01"));
		fb.add(tick("FB", "2", "1", "10:30"));
		List<WindowStats> first = fb.due(false);
		assertThat(first).extracting((window) -> window.start().toLocalTime().toString())
			.containsExactly("09:50", "09:55", "10:00");

		fb.add(tick("FB", "9", "0.5", "10:03")); // 27 minutes behind: corrects
		List<WindowStats> corrected = fb.due(false);

		assertThat(corrected).extracting((window) -> window.start().toLocalTime().toString())
			.containsExactly("09:50", "09:55", "10:00");
		assertThat(corrected).allSatisfy((window) -> {
			assertThat(window.high()).isEqualByComparingTo("9");
			assertThat(window.count()).isEqualTo(2);
		});
	}

	/**
	 * A batch may hold a late record and then one that moves the clock far on: the
	 * correction still stands, as the windows it changes are complete until the batch's
	 * end.
	 */
	@Test
	void aCorrectionStandsWhenItsBatchMovesTheClockPastItsWindows() {
		CompanyWindows fb = windows("FB");
		fb.add(tick("FB", "2", "1", "10:01"));
		fb.add(tick("FB", "2", "1", "10:30"));
		fb.due(false);

		fb.add(tick("FB", "9", "0.5", "10:03"));
		fb.add(tick("FB", "2", "1", "12:00"));

		assertThat(fb.due(false))
			.filteredOn((window) -> window.start().getHour() == 9
					|| window.start().getHour() == 10 && window.start().getMinute() == 0)
			.extracting((window) -> window.start().toLocalTime() + " " + window.count())
			.containsExactly("09:50 2", "09:55 2", "10:00 2");
	}

	@Test
	void aRecordForAWindowClosedForGoodIsTooLateAndChangesNothing() {
		CompanyWindows fb = windows("FB");
		fb.add(tick("FB", "2", "1", "12:00"));
		fb.add(tick("FB", "2", "1", "10:55")); // its first window ends at 11:00: still
												// open
		fb.due(false);

		assertThatExceptionOfType(LateRecordException.class).isThrownBy(() -> fb.add(tick("FB", "9", "1", "10:54:59")))
			.satisfies((late) -> {
				assertThat(late.missedStart()).isEqualTo(OffsetDateTime.parse("2020-05-14T10:40:00-04:00"));
				assertThat(late.missedEnd()).isEqualTo(OffsetDateTime.parse("2020-05-14T10:55:00-04:00"));
				assertThat(late.getMessage()).startsWith("too late: the record's ts 2020-05-14T10:54:59-04:00");
			});
		assertThat(fb.holds(tick("FB", "9", "1", "10:54:59"))).isFalse();
		assertThat(fb.due(false)).isEmpty();
	}

	@Test
	void anotherCompanysClockNeverMakesARecordLate() {
		CompanyWindows late = windows("LATE");
		CompanyWindows early = windows("EARLY");
		early.add(tick("EARLY", "1", "1", "15:59"));
		early.due(false);

		late.add(tick("LATE", "5", "4", "09:30"));
		late.add(tick("LATE", "5", "4", "09:40"));

		assertThat(late.due(false)).extracting((window) -> window.end().toLocalTime().toString())
			.containsExactly("09:35"); // its own clock is at 09:35
	}

	@Test
	void aQuietCompanyHasEveryOpenWindowPublishedAndRetiringClosesThemForGood() {
		CompanyWindows fb = windows("FB");
		fb.add(tick("FB", "2", "1", "10:00"));
		fb.add(tick("FB", "3", "1", "10:04"));
		assertThat(fb.due(false)).isEmpty();
		assertThat(fb.hasOpenWindows()).isTrue();

		assertThat(fb.due(true)).extracting((window) -> window.start().toLocalTime().toString())
			.containsExactly("09:50", "09:55", "10:00");
		assertThat(fb.hasOpenWindows()).isFalse();
		assertThat(fb.retire()).hasSize(1);
		assertThat(fb.holdsRecords()).isFalse();
		assertThatExceptionOfType(LateRecordException.class).isThrownBy(() -> fb.add(tick("FB", "1", "1", "10:12")));
		fb.add(tick("FB", "1", "1", "10:15")); // no window of it was published
	}

	@Test
	void savedAndRestoredItGoesOnAsIfNeverStopped() {
		CompanyWindows before = windows("FB");
		before.add(tick("FB", "2", "1", "10:00"));
		before.add(tick("FB", "3", "1", "10:21"));
		before.due(false);
		CompanyWindows after = new CompanyWindows(QUARTER_HOURS_EVERY_FIVE, TIME, "FB", before.clock());
		before.panes().forEach((pane) -> before.records(pane).forEach(after::restore));

		before.add(tick("FB", "1", "1", "10:40"));
		after.add(tick("FB", "1", "1", "10:40"));

		assertThat(after.due(false)).isEqualTo(before.due(false)).isNotEmpty();
	}

	/**
	 * A real day, as a consumer of the stream reads it: for each company and window, the
	 * version with the highest count. In the file's order (each company's day in turn),
	 * and shuffled within the allowed lateness, it is the batch answer, the day's last
	 * windows included once the company goes quiet; in order no window is published
	 * twice.
	 */
	@ParameterizedTest
	@MethodSource("dataSets")
	void aRealDayInItsOwnOrderOrShuffledWithinTheLatenessGivesTheBatchAnswer(String id) {
		List<Tick> day = INGESTION.ingestAll(DataSet.load(id).ndjson().getBytes(StandardCharsets.UTF_8)).accepted();
		List<WindowStats> batch = new ArrayList<>(SlidingWindows
			.of(INGESTION.ingestAll(DataSet.load(id).ndjson().getBytes(StandardCharsets.UTF_8)),
					QUARTER_HOURS_EVERY_FIVE)
			.results());

		Map<String, List<WindowStats>> inOrder = replay(day);
		assertThat(newest(inOrder)).isEqualTo(byKey(batch));
		assertThat(inOrder.values()).allSatisfy((versions) -> assertThat(versions).hasSize(1));

		Map<String, List<WindowStats>> shuffled = replay(shuffled(day, TIME.allowedLateness(), new Random(7)));
		assertThat(newest(shuffled)).isEqualTo(byKey(batch));
	}

	static List<String> dataSets() {
		return DataSet.IDS;
	}

	/** Each company's records in the given order, then each company quiet. */
	private static Map<String, List<WindowStats>> replay(List<Tick> records) {
		Map<String, CompanyWindows> companies = new LinkedHashMap<>();
		Map<String, List<WindowStats>> published = new TreeMap<>();
		for (Tick tick : records) {
			CompanyWindows company = companies.computeIfAbsent(tick.name(), CompanyWindowsTests::windows);
			company.add(tick);
			company.due(false).forEach((window) -> publish(published, window));
		}
		companies.values().forEach((company) -> company.due(true).forEach((window) -> publish(published, window)));
		return published;
	}

	private static void publish(Map<String, List<WindowStats>> published, WindowStats window) {
		published.computeIfAbsent(key(window), (key) -> new ArrayList<>()).add(window);
	}

	/** The documented rule: of a window's versions, the one with the highest count. */
	private static Map<String, WindowStats> newest(Map<String, List<WindowStats>> published) {
		Map<String, WindowStats> newest = new TreeMap<>();
		published.forEach((key, versions) -> newest.put(key,
				versions.stream().max(Comparator.comparingLong(WindowStats::count)).orElseThrow()));
		return newest;
	}

	private static Map<String, WindowStats> byKey(List<WindowStats> windows) {
		Map<String, WindowStats> byKey = new TreeMap<>();
		windows.forEach((window) -> byKey.put(key(window), window));
		return byKey;
	}

	/** Each record arrives up to {@code within} after its own ts. */
	private static List<Tick> shuffled(List<Tick> records, Duration within, Random random) {
		Map<Tick, Instant> arrival = new HashMap<>();
		records.forEach((tick) -> arrival.put(tick,
				tick.ts().toInstant().plusMillis((long) (random.nextDouble() * within.toMillis()))));
		return records.stream().sorted(Comparator.comparing(arrival::get)).toList();
	}

	private static String key(WindowStats window) {
		return window.name() + " " + window.start();
	}

	private static CompanyWindows windows(String name) {
		return new CompanyWindows(QUARTER_HOURS_EVERY_FIVE, TIME, name, CompanyWindows.Clock.NEW);
	}

	private static Tick tick(String name, String high, String low, String time) {
		return new Tick(name, new BigDecimal(high), new BigDecimal(low),
				OffsetDateTime.parse("2020-05-14T" + ((time.length() == 5) ? time + ":00" : time) + "-04:00"));
	}

}
