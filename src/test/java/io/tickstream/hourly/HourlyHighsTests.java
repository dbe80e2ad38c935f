package io.tickstream.hourly;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import io.tickstream.DataSet;
import io.tickstream.tick.IngestReport;
import io.tickstream.tick.Tick;
import io.tickstream.tick.TickIngestion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import static org.assertj.core.api.Assertions.assertThat;

class HourlyHighsTests {

	private static final List<String> DATA_SETS = DataSet.IDS;

	private final HourlyHighs highs = new HourlyHighs();

	@Test
	void keepsTheHighestHighPerCompanyAndHour() {
		add("FB", "10.5", "2020-05-14T09:30:00-04:00");
		add("FB", "11.25", "2020-05-14T09:59:59-04:00");
		add("FB", "9", "2020-05-14T10:00:00-04:00");
		add("AMZN", "2400", "2020-05-14T09:31:00-04:00");

		assertThat(this.highs.results()).containsExactly(
				high("AMZN", "2020-05-14T09:00:00-04:00", "2400", "2020-05-14T09:31:00-04:00", 1),
				high("FB", "2020-05-14T09:00:00-04:00", "11.25", "2020-05-14T09:59:59-04:00", 2),
				high("FB", "2020-05-14T10:00:00-04:00", "9", "2020-05-14T10:00:00-04:00", 1));
	}

	@Test
	void answersATieWithItsEarliestTimestampWhateverTheOrder() {
		add("FB", "12", "2020-05-14T09:45:00-04:00");
		add("FB", "12.00", "2020-05-14T09:15:00-04:00");
		add("FB", "11", "2020-05-14T09:05:00-04:00");

		assertThat(this.highs.results()).singleElement()
			.satisfies((high) -> assertThat(high.ts()).isEqualTo(OffsetDateTime.parse("2020-05-14T09:15:00-04:00")));
	}

	@Test
	void countsADuplicateOnce() {
		add("FB", "12", "2020-05-14T09:45:00-04:00");
		add("FB", "12.0", "2020-05-14T09:45:00-04:00");
		add("FB", "12", "2020-05-14T09:45:00-04:00");

		assertThat(this.highs.results())
			.containsExactly(high("FB", "2020-05-14T09:00:00-04:00", "12", "2020-05-14T09:45:00-04:00", 1));
	}

	@Test
	void groupsByTheClockHourOfEachRecordsOwnOffset() {
		add("FB", "1", "2021-11-30T09:35:00-05:00");
		add("FB", "2", "2020-05-14T09:35:00-04:00");

		assertThat(this.highs.results()).extracting(HourlyHigh::hour)
			.containsExactly(OffsetDateTime.parse("2020-05-14T09:00:00-04:00"),
					OffsetDateTime.parse("2021-11-30T09:00:00-05:00"));
	}

	@Test
	void readsTimestampsWithoutOffsetOrWithTOnTheExchangeClock() {
		TickIngestion ingestion = TickIngestion.forExchangeZone(ZoneId.of("America/New_York"));
		IngestReport report = ingestion.ingestAll("""
				{"name":"fb","high":3,"low":1,"ts":"2021-11-30 09:35:00"}
				{"name":"FB","high":4,"low":1,"ts":"2021-11-30T09:40:00-05:00"}
				{"name":"FB","high":5,"low":1,"ts":"2020-05-14T09:40:00"}
				""");

		assertThat(HourlyHighs.of(report).results()).containsExactly(
				high("FB", "2020-05-14T09:00:00-04:00", "5", "2020-05-14T09:40:00-04:00", 1),
				high("FB", "2021-11-30T09:00:00-05:00", "4", "2021-11-30T09:40:00-05:00", 2));
	}

	@ParameterizedTest
	@FieldSource("DATA_SETS")
	void reproducesTheAthenaResultsOfEveryDataSetInAnyOrder(String id) {
		DataSet dataSet = DataSet.load(id);
		TickIngestion ingestion = TickIngestion.forExchangeZone(ZoneId.of("America/New_York"));
		List<String> lines = new ArrayList<>(dataSet.lines());
		Collections.shuffle(lines, new Random(id.hashCode()));

		HourlyHighReport inOrder = HourlyHighs.of(ingestion.ingestAll(dataSet.ndjson()));
		HourlyHighReport shuffled = HourlyHighs.of(ingestion.ingestAll(String.join("\n", lines)));

		assertThat(inOrder.rejected()).isEmpty();
		dataSet.assertMatches(inOrder.results());
		assertThat(shuffled).isEqualTo(inOrder);
	}

	private void add(String name, String high, String ts) {
		this.highs.add(new Tick(name, new BigDecimal(high), BigDecimal.ONE, OffsetDateTime.parse(ts)));
	}

	private static HourlyHigh high(String name, String hour, String high, String ts, long count) {
		return new HourlyHigh(name, OffsetDateTime.parse(hour), new BigDecimal(high), OffsetDateTime.parse(ts), count);
	}

}
