package io.tickstream.pipeline;

import java.time.Clock;
import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.tickstream.DataSet;
import io.tickstream.hourly.HourlyHighStore;
import io.tickstream.hourly.HourlyHighUpdate;
import io.tickstream.metrics.PipelineMetrics;
import io.tickstream.stream.KinesisStreams;
import io.tickstream.stream.StreamAnswers;
import io.tickstream.tick.Reading;
import io.tickstream.tick.Tick;
import io.tickstream.tick.TickIngestion;
import org.junit.jupiter.api.Test;

import static io.tickstream.Json.JSON;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code hourlyHighUpdates} aggregated per batch: one offer per company and hour per
 * batch, and the same answers as offering every record.
 */
class HourlyHighStageTests {

	private final TickIngestion ingestion = TickIngestion.forExchangeZone(ZoneId.of("America/New_York"));

	private final StreamStageTests.RecordingPublisher publisher = new StreamStageTests.RecordingPublisher();

	/**
	 * Highest per company and hour, "higher, or as high and not later", as DynamoDB's.
	 */
	private final Map<String, HourlyHighUpdate> highs = new HashMap<>();

	private final List<Tick> offers = new ArrayList<>();

	private final HourlyHighStore store = (tick) -> {
		this.offers.add(tick);
		HourlyHighUpdate candidate = HourlyHighUpdate.of(tick);
		String key = candidate.name() + "|" + candidate.hour();
		HourlyHighUpdate current = this.highs.get(key);
		if (current != null && !candidate.replaces(current)) {
			return Optional.empty();
		}
		this.highs.put(key, candidate);
		return Optional.of(candidate);
	};

	private final ShardStage stage = new HourlyHighStage(this.store,
			new StageIo(this.ingestion, Reading.COURSE,
					new StreamNames("ticks", "hourly-highs", "ticks-dlq", "highs-table", "window-stats",
							"windows-table", "ticks-late"),
					this.publisher, JSON, 1_000_000, PipelineMetrics.NONE, Duration.ofMinutes(5), Clock.systemUTC()));

	@Test
	void offersOnlyTheBatchsHighestRecordPerCompanyAndHour() {
		this.stage.process(batch(tick("FB", "2", "15:01"), tick("FB", "3", "15:20"), tick("FB", "3", "15:10"),
				tick("FB", "1", "15:59"), tick("FB", "4", "16:00"), tick("AAPL", "9", "15:30"), "not json"));

		assertThat(this.offers).extracting((tick) -> tick.name() + " " + tick.high() + " " + tick.ts().toLocalTime())
			.containsExactly("FB 3 15:10", "FB 4 16:00", "AAPL 9 15:30");
		assertThat(this.publisher.written("hourly-highs")).hasSize(3);
		assertThat(this.publisher.written("ticks-dlq")).singleElement()
			.satisfies((letter) -> assertThat(JSON.readTree(letter.data()).get("reason").asString())
				.startsWith("malformed JSON"));
	}

	@Test
	void aRealDayInBatchesGivesTheBatchFunctionsHourlyHighs() {
		DataSet dataSet = DataSet.load("YuboC_2020-05-14");
		List<String> lines = dataSet.lines();
		for (int from = 0; from < lines.size(); from += 500) {
			this.stage.process(batch(lines.subList(from, Math.min(lines.size(), from + 500)).toArray(String[]::new)));
		}

		List<KinesisStreams.StreamRecord> updates = this.publisher.written("hourly-highs")
			.stream()
			.map((record) -> new KinesisStreams.StreamRecord(record.partitionKey(),
					new String(record.data(), StandardCharsets.UTF_8)))
			.toList();
		System.out.printf("hourly highs per batch, %s: %d offers for %d records%n", dataSet.id(), this.offers.size(),
				lines.size());
		assertThat(this.offers.size()).isLessThan(lines.size() / 10);
		dataSet.assertHighsMatch(StreamAnswers.finalHourlyHighs(updates, LocalDate.of(2020, 5, 14)));
	}

	private static String tick(String name, String high, String time) {
		return "{\"name\":\"" + name + "\",\"high\":" + high + ",\"low\":0.5,\"ts\":\"2020-05-14T" + time
				+ ":00-04:00\"}";
	}

	private static ShardBatch batch(String... records) {
		List<ShardBatch.Record> batch = new ArrayList<>();
		for (String record : records) {
			batch.add(new ShardBatch.Record(record.getBytes(StandardCharsets.UTF_8),
					new ShardBatch.Origin("ticks", "shardId-000000000000", Integer.toString(batch.size()), "key")));
		}
		return new ShardBatch("ticks", "shardId-000000000000", batch);
	}

}
