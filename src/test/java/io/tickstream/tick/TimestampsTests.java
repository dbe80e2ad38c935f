package io.tickstream.tick;

import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;

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

	@org.junit.jupiter.api.Test
	void usesTheConfiguredExchangeZoneForTimestampsWithoutOffset() {
		Timestamps london = new Timestamps(ZoneId.of("Europe/London"));
		assertThat(london.parse("2020-05-14 15:01:00")).isEqualTo(OffsetDateTime.parse("2020-05-14T15:01:00+01:00"));
	}

}
