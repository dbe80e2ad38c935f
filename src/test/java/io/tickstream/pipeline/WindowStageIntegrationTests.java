package io.tickstream.pipeline;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import io.tickstream.metrics.PipelineMetrics;
import io.tickstream.stream.LocalAws;
import io.tickstream.tick.Reading;
import io.tickstream.tick.TickIngestion;
import io.tickstream.window.WindowSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import static io.tickstream.Json.JSON;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The window stage's state in DynamoDB (dynalite), shared by the instances of a group: a
 * shard that moves from one instance to another and back goes on where the last one
 * committed, and a batch delivered again after its commit publishes nothing twice.
 */
@ExtendWith(LocalAws.class)
class WindowStageIntegrationTests {

	private static final String SHARD = "shardId-000000000000";

	private final StreamStageTests.RecordingPublisher published = new StreamStageTests.RecordingPublisher();

	private final DynamoDbWindowStore store = new DynamoDbWindowStore(LocalAws.dynamoDb(), "stage-windows",
			new TransientRetry(Duration.ofSeconds(5)));

	private int sequence;

	@Test
	void aShardMovingBetweenInstancesAndARedeliveryChangeNoWindow() {
		this.store.createIfMissing();
		String stream = "moving-" + System.nanoTime();
		WindowStage first = stage();
		WindowStage second = stage();

		ShardBatch opening = batch(stream, tick("MV", "2", "1", "10:00"), tick("MV", "3", "1", "10:04"));
		first.process(opening);
		second.process(batch(stream, tick("MV", "5", "2", "10:07"), tick("MV", "1", "0.5", "10:02")));
		first.process(batch(stream, tick("MV", "4", "4", "10:30")));
		first.process(opening); // delivered again: committed before, so skipped

		List<String> windows = this.published.written("window-stats")
			.stream()
			.map((record) -> JSON.readTree(record.data()))
			.map(WindowStageIntegrationTests::describe)
			.toList();
		assertThat(windows).containsExactly("09:50 3 0.5 3", "09:55 5 0.5 4", "10:00 5 0.5 4", "10:05 5 2 1");
		assertThat(this.published.written("ticks-dlq")).isEmpty();
	}

	@Test
	void aRecordOlderThanTheWatermarkIsADeadLetterNamedLate() {
		this.store.createIfMissing();
		String stream = "late-" + System.nanoTime();
		WindowStage stage = stage();

		stage.process(batch(stream, tick("LT", "2", "1", "10:30"), tick("LT", "2", "1", "10:24:59")));

		assertThat(this.published.written("ticks-dlq")).singleElement().satisfies((letter) -> {
			JsonNode json = JSON.readTree(letter.data());
			assertThat(json.get("reason").asString()).startsWith("late: the record's ts 2020-05-14T10:24:59-04:00");
			assertThat(json.get("title").asString()).isEqualTo("Late record");
		});
	}

	/**
	 * A pane is one DynamoDB item: records that would take it past the item size limit
	 * are dead letters, rather than a write that fails every time and stops the shard.
	 */
	@Test
	void recordsBeyondWhatAPaneCanStoreAreDeadLettersAndTheShardGoesOn() {
		this.store.createIfMissing();
		String stream = "full-" + System.nanoTime();
		WindowStage stage = stage();
		String price = "2." + "0".repeat(150); // one significant digit, written long
		List<String> records = new ArrayList<>();
		for (int i = 0; i < 1300; i++) { // 443 KB as stored: more than an item holds
			records.add("{\"name\":\"FULL\",\"high\":" + price + ",\"low\":" + price + ",\"ts\":\"2020-05-14T10:00:"
					+ String.format("%02d.%03d", i / 1000, i % 1000) + "-04:00\"}");
		}

		for (int from = 0; from < records.size(); from += 500) {
			stage.process(
					batch(stream, records.subList(from, Math.min(records.size(), from + 500)).toArray(String[]::new)));
		}

		List<JsonNode> letters = this.published.written("ticks-dlq")
			.stream()
			.map((letter) -> JSON.readTree(letter.data()))
			.toList();
		assertThat(letters).isNotEmpty()
			.allSatisfy((letter) -> assertThat(letter.get("reason").asString()).contains("window state's limit"));
		assertThat(records.size() - letters.size()).as("records stored")
			.isLessThanOrEqualTo(WindowStage.MAX_PANE_BYTES / 300);
		stage.process(batch(stream, tick("FULL", "3", "1", "10:30"))); // the shard goes
																		// on
		assertThat(this.published.written("window-stats")).isNotEmpty();
	}

	private WindowStage stage() {
		return new WindowStage(new WindowSpec(Duration.ofMinutes(15), Duration.ofMinutes(5)), Duration.ofMinutes(5),
				this.store,
				new StageIo(TickIngestion.forExchangeZone(ZoneId.of("America/New_York")), Reading.COURSE,
						new StreamNames("ticks", "hourly-highs", "ticks-dlq", "hourly-highs", "window-stats",
								"stage-windows"),
						this.published, JSON, 1_000_000, PipelineMetrics.NONE));
	}

	private ShardBatch batch(String stream, String... records) {
		List<ShardBatch.Record> batch = new ArrayList<>();
		for (String record : records) {
			String sequenceNumber = Integer.toString(++this.sequence);
			batch.add(new ShardBatch.Record(record.getBytes(StandardCharsets.UTF_8),
					new ShardBatch.Origin(stream, SHARD, sequenceNumber, "key")));
		}
		return new ShardBatch(stream, SHARD, batch);
	}

	private static String tick(String name, String high, String low, String time) {
		return "{\"name\":\"" + name + "\",\"high\":" + high + ",\"low\":" + low + ",\"ts\":\"2020-05-14T"
				+ ((time.length() == 5) ? time + ":00" : time) + "-04:00\"}";
	}

	private static String describe(JsonNode window) {
		return window.get("start").asString().substring(11, 16) + " " + window.get("high").asString() + " "
				+ window.get("low").asString() + " " + window.get("count").asString();
	}

}
