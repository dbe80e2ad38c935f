package io.tickstream.tick;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class TimestampsTests {

	private final Timestamps timestamps = new Timestamps(ZoneId.of("America/New_York"));

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			2020-05-14 15:01:00-04:00   | 2020-05-14T15:01:00-04:00
			2021-11-30 09:35:00-05:00   | 2021-11-30T09:35:00-05:00
			2020-05-14T15:01:00-04:00   | 2020-05-14T15:01:00-04:00
			2020-05-14T19:01:00Z        | 2020-05-14T19:01:00Z
			2020-05-14T15:01:00.250-0400| 2020-05-14T15:01:00.250-04:00
			2020-05-14T15:01-04:00      | 2020-05-14T15:01:00-04:00
			2020-05-14 15:01:00         | 2020-05-14T15:01:00-04:00
			2021-11-30T09:35:00         | 2021-11-30T09:35:00-05:00
			""")
	void readsTheFormsFeedsWrite(String text, String expected) {
		assertThat(this.timestamps.parse(text)).isEqualTo(OffsetDateTime.parse(expected));
	}

	@ParameterizedTest
	@ValueSource(strings = { "2020-05-14", "14/05/2020 15:01", "2020-05-14 25:01:00", "2020-02-30 10:00:00",
			"2020-05-14T15:01:00-04:00 and more", "1589482860", "2020-05-14  15:01:00" })
	void refusesWhatIsNoTimestamp(String text) {
		assertThatExceptionOfType(DateTimeException.class).isThrownBy(() -> this.timestamps.parse(text));
	}

	@Test
	void usesTheConfiguredExchangeZoneForTimestampsWithoutOffset() {
		Timestamps london = new Timestamps(ZoneId.of("Europe/London"));
		assertThat(london.parse("2020-05-14 15:01:00")).isEqualTo(OffsetDateTime.parse("2020-05-14T15:01:00+01:00"));
	}

	/**
	 * The fast path for the common form answers exactly what the general formatter
	 * answers, and leaves to it whatever it refuses: generated near-misses included
	 * (digits out of range, other separators, offsets of every kind, Feb 29 and 30).
	 */
	@Test
	void theCommonFormsFastPathAgreesWithTheFormatter() {
		Random random = new Random(5);
		String[] offsets = { "-04:00", "+05:30", "Z", "+00:00", "-00:00", "+18:00", "-18:00", "+18:30", "-18:15",
				"+05:45", "+13:45", "+05:17", "-12:60", "+1:00", "-0400", "" };
		int fast = 0;
		for (int i = 0; i < 20_000; i++) {
			String text = String.format("%04d-%02d-%02d%c%02d:%02d:%02d%s", random.nextInt(3) == 0 ? 2024 : 2020,
					1 + random.nextInt(13), 1 + random.nextInt(31), random.nextBoolean() ? ' ' : 'T',
					random.nextInt(25), random.nextInt(61), random.nextInt(61),
					offsets[random.nextInt(offsets.length)]);
			OffsetDateTime common;
			LocalDateTime local;
			try {
				common = Timestamps.parseCommonForm(text);
				local = Timestamps.parseCommonLocalForm(text);
			}
			catch (DateTimeException ex) { // the form, but no time: the formatter agrees
				assertThatExceptionOfType(DateTimeException.class).as(text)
					.isThrownBy(() -> this.timestamps.parseAnyForm(text));
				continue;
			}
			OffsetDateTime general;
			try {
				general = this.timestamps.parseAnyForm(text);
			}
			catch (Timestamps.SkippedTimeException ex) {
				assertThat(local).as(text).isNotNull();
				assertThatExceptionOfType(Timestamps.SkippedTimeException.class)
					.isThrownBy(() -> this.timestamps.parse(text));
				continue;
			}
			catch (DateTimeException ex) {
				assertThat(common).as(text).isNull();
				assertThat(local).as(text).isNull();
				continue;
			}
			if (common != null || local != null) {
				fast++;
				assertThat(this.timestamps.parse(text)).as(text).isEqualTo(general);
			}
		}
		assertThat(fast).as("inputs read by the fast path").isGreaterThan(5_000);
	}

	/**
	 * Reading the formatter's fields and resolving them here (without its exceptions)
	 * accepts and refuses exactly what its strict parse does.
	 */
	@Test
	void resolvingTheFieldsAgreesWithTheStrictFormatter() {
		DateTimeFormatter strict = new DateTimeFormatterBuilder().append(DateTimeFormatter.ISO_LOCAL_DATE)
			.appendLiteral('T')
			.append(DateTimeFormatter.ISO_LOCAL_TIME)
			.optionalStart()
			.appendOffset("+HH:MM", "Z")
			.optionalEnd()
			.toFormatter()
			.withResolverStyle(ResolverStyle.STRICT);
		Random random = new Random(7);
		String[] offsets = { "-04:00", "Z", "+18:00", "" };
		String[] fractions = { "", ".5", ".123456789", ".1234567891" };
		int refused = 0;
		for (int i = 0; i < 20_000; i++) {
			String text = String.format("%04d-%02d-%02dT%02d:%02d:%02d%s%s", 1999 + random.nextInt(3),
					random.nextInt(14), random.nextInt(33), random.nextInt(26), random.nextInt(62), random.nextInt(62),
					fractions[random.nextInt(fractions.length)], offsets[random.nextInt(offsets.length)]);
			OffsetDateTime expected;
			try {
				TemporalAccessor parsed = strict.parse(text);
				LocalDateTime local = LocalDateTime.from(parsed);
				expected = parsed.isSupported(ChronoField.OFFSET_SECONDS)
						? OffsetDateTime.of(local, ZoneOffset.ofTotalSeconds(parsed.get(ChronoField.OFFSET_SECONDS)))
						: null;
			}
			catch (DateTimeException ex) {
				refused++;
				assertThatExceptionOfType(DateTimeException.class).as(text)
					.isThrownBy(() -> this.timestamps.parseAnyForm(text));
				continue;
			}
			OffsetDateTime actual;
			try {
				actual = this.timestamps.parseAnyForm(text);
			}
			catch (Timestamps.SkippedTimeException ex) { // no offset, and the clocks skip
															// it
				assertThat(expected).as(text).isNull();
				continue;
			}
			if (expected != null) {
				assertThat(actual).as(text).isEqualTo(expected);
			}
			else {
				assertThat(actual.toLocalDateTime()).as(text).isEqualTo(LocalDateTime.from(strict.parse(text)));
			}
		}
		assertThat(refused).as("texts refused").isBetween(2_000, 18_000);
	}

}
