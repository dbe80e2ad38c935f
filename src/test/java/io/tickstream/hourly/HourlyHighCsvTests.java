package io.tickstream.hourly;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HourlyHighCsvTests {

	@Test
	void writesTheAthenaColumnsWithIsoTimestamps() {
		HourlyHigh high = new HourlyHigh("BYND", OffsetDateTime.parse("2020-05-14T09:00:00-04:00"),
				new BigDecimal("137.97000122070312"), OffsetDateTime.parse("2020-05-14T09:39:00-04:00"), 60);

		assertThat(HourlyHighCsv.write(List.of(high))).isEqualTo("""
				name,hour,ts,max_high
				BYND,2020-05-14T09:00:00-04:00,2020-05-14T09:39:00-04:00,137.97000122070312
				""");
	}

	@Test
	void writesOnlyTheHeaderForNoResults() {
		assertThat(HourlyHighCsv.write(List.of())).isEqualTo("name,hour,ts,max_high\n");
	}

}
