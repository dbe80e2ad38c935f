package io.tickstream.tick;

import java.time.ZoneId;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class TickIngestionTests {

	private final TickIngestion ingestion = TickIngestion.forExchangeZone(ZoneId.of("America/New_York"));

	@Test
	void answersOneObjectWithTheNormalisedRecord() {
		IngestResult result = this.ingestion
			.ingest("{\"name\":\"fb\",\"high\":206.9,\"low\":205.1,\"ts\":\"2020-05-14 15:01:00-04:00\"}");

		assertThat(result).isInstanceOfSatisfying(Tick.class, (tick) -> assertThat(tick.name()).isEqualTo("FB"));
	}

	@Test
	void refusesOneInvalidObjectWithItsReason() {
		assertThatExceptionOfType(InvalidTickException.class).isThrownBy(
				() -> this.ingestion.ingest("{\"name\":\"fb\",\"high\":1,\"low\":2,\"ts\":\"2020-05-14 15:01:00\"}"))
			.withMessage("low 2 is greater than high 1");
	}

	@Test
	void accountsForEveryRecordOfABatchInItsPlace() {
		IngestResult result = this.ingestion.ingest("""
				[{"name":"fb","high":2,"low":1,"ts":"2020-05-14 15:01:00"},
				 "FB",
				 {"name":"fb","high":"NaN","low":1,"ts":"2020-05-14 15:01:00"},
				 {"name":"amzn","high":3,"low":1,"ts":"2020-05-14T15:02:00-04:00"}]
				""");

		assertThat(result).isInstanceOfSatisfying(IngestReport.class, (report) -> {
			assertThat(report.accepted()).extracting(Tick::name).containsExactly("FB", "AMZN");
			assertThat(report.rejected()).containsExactly(new Rejection(1, "record is not a JSON object"),
					new Rejection(2, "high must be a finite number, was NaN"));
		});
	}

	@Test
	void reportsEvenOneObjectWhenAskedForAll() {
		IngestReport report = this.ingestion
			.ingestAll("{\"name\":\"fb\",\"high\":1,\"low\":2,\"ts\":\"2020-05-14 15:01:00\"}");

		assertThat(report.accepted()).isEmpty();
		assertThat(report.rejected()).containsExactly(new Rejection(0, "low 2 is greater than high 1"));
	}

}
