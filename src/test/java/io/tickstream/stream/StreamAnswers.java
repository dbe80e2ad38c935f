package io.tickstream.stream;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.time.ZoneId;
import java.util.Map;

import io.tickstream.DataSet;
import io.tickstream.hourly.HourlyHigh;
import io.tickstream.tick.IngestReport;
import io.tickstream.tick.TickIngestion;
import tools.jackson.databind.JsonNode;

import static io.tickstream.Json.JSON;

/**
 * Reads what the pipeline wrote: the final hourly highs from the {@code hourly-highs}
 * updates, and the records of {@code ticks} as a multiset.
 */
public final class StreamAnswers {

	private static final LocalDate YUBOC_DAY = LocalDate.of(2020, 5, 14);

	private static final LocalDate DKFREITAG_DAY = LocalDate.of(2021, 5, 11);

	private StreamAnswers() {
	}

	/**
	 * The answer per company and hour as a consumer of {@code hourly-highs} must read it:
	 * the highest update.
	 */
	public static List<HourlyHigh> finalHourlyHighs(List<KinesisStreams.StreamRecord> updates, LocalDate... days) {
		Map<String, HourlyHigh> last = new LinkedHashMap<>();
		for (KinesisStreams.StreamRecord record : updates) {
			JsonNode update = JSON.readTree(record.data());
			OffsetDateTime hour = OffsetDateTime.parse(update.get("hour").asString());
			HourlyHigh high = new HourlyHigh(update.get("name").asString(), hour, update.get("high").decimalValue(),
					OffsetDateTime.parse(update.get("ts").asString()), 0); // an update
																			// has no
																			// count
			// what docs/streams.md tells consumers to do: the highest update, the
			// earliest
			// among equal highs (the last one may be a redelivered, lower update)
			last.merge(high.name() + "|" + hour, high, (kept, next) -> {
				int comparison = next.high().compareTo(kept.high());
				return (comparison > 0 || (comparison == 0 && next.ts().isBefore(kept.ts()))) ? next : kept;
			});
		}
		List<LocalDate> wanted = List.of(days);
		return last.values().stream().filter((high) -> wanted.contains(high.hour().toLocalDate())).toList();
	}

	/**
	 * Waits until {@code <names>-ticks} holds every record of the two real days put on
	 * {@code <names>-ticks-raw} (YuboC_2020-05-14, then dkfreitag_2021-05-11) and
	 * {@code <names>-hourly-highs} their exact answers; asserts the answers.
	 * @return how many ticks beyond the records' own count the run wrote (duplicates)
	 */
	public static int awaitBothDays(PipelineStreams streams, DataSet yuboC, DataSet dkfreitag, Duration timeout) {
		List<String> all = new ArrayList<>(yuboC.lines());
		all.addAll(dkfreitag.lines());
		Map<String, Integer> expected = expectedTickCounts(all);
		List<KinesisStreams.StreamRecord> ticks = streams.await(streams.ticks(), (records) -> covers(expected, records),
				timeout);
		List<KinesisStreams.StreamRecord> updates = streams.await(streams.hourlyHighs(),
				(records) -> matches(yuboC, records, YUBOC_DAY) && matches(dkfreitag, records, DKFREITAG_DAY), timeout);
		yuboC.assertHighsMatch(finalHourlyHighs(updates, YUBOC_DAY));
		dkfreitag.assertHighsMatch(finalHourlyHighs(updates, DKFREITAG_DAY));
		return duplicatesBeyond(expected, tickCounts(ticks));
	}

	/** How often each price record occurs in a {@code ticks} stream. */
	public static Map<String, Integer> tickCounts(List<KinesisStreams.StreamRecord> ticks) {
		Map<String, Integer> counts = new HashMap<>();
		for (KinesisStreams.StreamRecord record : ticks) {
			JsonNode tick = JSON.readTree(record.data());
			counts.merge(key(tick.get("name").asString(), tick.get("high").decimalValue(),
					tick.get("low").decimalValue(), OffsetDateTime.parse(tick.get("ts").asString())), 1, Integer::sum);
		}
		return counts;
	}

	/**
	 * How often each valid record occurs in the input, as {@code ingest} normalises it.
	 */
	public static Map<String, Integer> expectedTickCounts(List<String> input) {
		TickIngestion ingestion = TickIngestion.forExchangeZone(ZoneId.of("America/New_York"));
		Map<String, Integer> counts = new HashMap<>();
		for (String line : input) {
			IngestReport report = ingestion.ingestAll(line);
			report.accepted()
				.forEach((tick) -> counts.merge(key(tick.name(), tick.high(), tick.low(), tick.ts()), 1, Integer::sum));
		}
		return counts;
	}

	/**
	 * @return how many records {@code actual} holds beyond {@code expected}
	 * @throws AssertionError naming a record that {@code actual} lacks
	 */
	public static int duplicatesBeyond(Map<String, Integer> expected, Map<String, Integer> actual) {
		int duplicates = 0;
		for (Map.Entry<String, Integer> entry : expected.entrySet()) {
			int found = actual.getOrDefault(entry.getKey(), 0);
			if (found < entry.getValue()) {
				throw new AssertionError("lost: " + entry.getKey() + " (" + found + " of " + entry.getValue() + ")");
			}
			duplicates += found - entry.getValue();
		}
		for (String key : actual.keySet()) {
			if (!expected.containsKey(key)) {
				throw new AssertionError("unexpected record: " + key);
			}
		}
		return duplicates;
	}

	/** Whether {@code ticks} holds every expected record (duplicates allowed). */
	public static boolean covers(Map<String, Integer> expected, List<KinesisStreams.StreamRecord> ticks) {
		try {
			duplicatesBeyond(expected, tickCounts(ticks));
			return true;
		}
		catch (AssertionError notYet) {
			return false;
		}
	}

	/** Whether the final hourly highs of the given days are the data set's answer. */
	public static boolean matches(DataSet dataSet, List<KinesisStreams.StreamRecord> updates, LocalDate... days) {
		try {
			dataSet.assertHighsMatch(finalHourlyHighs(updates, days));
			return true;
		}
		catch (AssertionError notYet) {
			return false;
		}
	}

	private static String key(String name, BigDecimal high, BigDecimal low, OffsetDateTime ts) {
		return name + "|" + high.stripTrailingZeros().toPlainString() + "|" + low.stripTrailingZeros().toPlainString()
				+ "|" + ts;
	}

}
