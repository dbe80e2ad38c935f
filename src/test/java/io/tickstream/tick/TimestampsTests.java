package io.tickstream.tick;

import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
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
		assertThatExceptionOfType(DateTimeParseException.class).isThrownBy(() -> this.timestamps.parse(text));
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
			OffsetDateTime common = Timestamps.parseCommonForm(text);
			OffsetDateTime general;
			try {
				general = this.timestamps.parseAnyForm(text);
			}
			catch (DateTimeException ex) {
				assertThat(common).as(text).isNull();
				continue;
			}
			if (common != null) {
				fast++;
				assertThat(common).as(text).isEqualTo(general);
			}
		}
		assertThat(fast).as("inputs read by the fast path").isGreaterThan(5_000);
	}

}
