package io.tickstream.pipeline;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import io.tickstream.metrics.PipelineMetrics;
import io.tickstream.stream.LocalAws;
import io.tickstream.tick.Reading;
import io.tickstream.tick.TickIngestion;
import io.tickstream.window.EventTime;
import io.tickstream.window.WindowSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import static io.tickstream.Json.JSON;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The window stage's state in DynamoDB (dynalite), per company, shared by the instances
 * of a group and by the shards a company's records pass through: a company that moves
 * from one instance (or shard) to another and back goes on where the last commit left it,
 * a batch delivered again after its commit publishes nothing twice, late records correct
 * their windows or go to the late records' stream, and quiet companies have their windows
 * published.
 */
@ExtendWith(LocalAws.class)
class WindowStageIntegrationTests {

	private static final String SHARD = "shardId-000000000000";

	private static final EventTime TIME = new EventTime(Duration.ofMinutes(5), Duration.ofHours(1),
			Duration.ofSeconds(90));

	private final StreamStageTests.RecordingPublisher published = new StreamStageTests.RecordingPublisher();

	private final DynamoDbWindowStore store = new DynamoDbWindowStore(LocalAws.dynamoDb(), "stage-windows",
			new TransientRetry(Duration.ofSeconds(5)));

	private final MovingClock clock = new MovingClock(Instant.parse("2026-12-03T12:00:00Z"));

	/**
	 * The stream this test's windows read: the sweep of quiet companies is per stream.
	 */
	private final String ticks = "ticks-" + System.nanoTime();

	private int sequence;

	@Test
	void aCompanyMovingBetweenInstancesAndShardsAndARedeliveryChangeNoWindow() {
		this.store.createIfMissing();
		String mv = name("MV");
		WindowStage first = stage();
		WindowStage second = stage();

		ShardBatch opening = batch(SHARD, tick(mv, "2", "1", "10:00"), tick(mv, "3", "1", "10:04"));
		first.process(opening);
		second.process(batch("shardId-000000000001", tick(mv, "5", "2", "10:07"), tick(mv, "1", "0.5", "10:02")));
		first.process(batch(SHARD, tick(mv, "4", "4", "10:30")));
		first.process(opening); // delivered again: committed before, so skipped

		assertThat(windows()).containsExactly("09:50 3 0.5 3", "09:55 5 0.5 4", "10:00 5 0.5 4", "10:05 5 2 1");
		assertThat(this.published.written("ticks-dlq")).isEmpty();
		assertThat(this.published.written("ticks-late")).isEmpty();
	}

	@Test
	void eachCompanyKeepsItsOwnClock() {
		this.store.createIfMissing();
		String ahead = name("AHEAD");
		String behind = name("BEHIND");
		WindowStage stage = stage();

		stage.process(batch(SHARD, tick(ahead, "1", "1", "15:59"), tick(behind, "5", "4", "09:30"),
				tick(behind, "6", "4", "09:40")));

		assertThat(windows()).containsExactly("09:20 5 4 1"); // its own clock is at 09:35
		assertThat(this.published.written("ticks-late")).isEmpty();
	}

	@Test
	void aLateRecordCorrectsItsWindowsAndATooLateOneGoesToTheLateStream() {
		this.store.createIfMissing();
		String lt = name("LT");
		WindowStage stage = stage();

		stage.process(batch(SHARD, tick(lt, "2", "1", "10:01"), tick(lt, "2", "1", "10:30")));
		stage.process(batch(SHARD, tick(lt, "9", "1", "10:03"))); // corrects
		stage.process(batch(SHARD, tick(lt, "2", "1", "12:00"), tick(lt, "9", "1", "10:24:59"))); // too
																									// late

		assertThat(windows()).startsWith("09:50 2 1 1", "09:55 2 1 1", "10:00 2 1 1", "09:50 9 1 2", "09:55 9 1 2",
				"10:00 9 1 2");
		assertThat(this.published.written("ticks-late")).singleElement().satisfies((record) -> {
			JsonNode late = JSON.readTree(record.data());
			assertThat(late.get("reason").asString()).startsWith("too late: the record's ts 2020-05-14T10:24:59-04:00");
			assertThat(late.get("title").asString()).isEqualTo("Too late");
			assertThat(late.get("name").asString()).isEqualTo(lt);
			assertThat(late.get("windowStart").asString()).isEqualTo("2020-05-14T10:10-04:00");
			assertThat(late.get("windowEnd").asString()).isEqualTo("2020-05-14T10:25-04:00");
			assertThat(late.get("sequenceNumber").asString()).isEqualTo(Integer.toString(this.sequence));
		});
		assertThat(this.published.written("ticks-dlq")).isEmpty();
	}

	@Test
	void aRecordFromTheFutureIsADeadLetterAndMovesNoClock() {
		this.store.createIfMissing();
		String fc = name("FC");
		WindowStage stage = stage();

		stage.process(batch(SHARD, tick(fc, "2", "1", "10:01"),
				"{\"name\":\"" + fc + "\",\"high\":3,\"low\":1,\"ts\":\"2036-12-03T12:00:00Z\"}",
				tick(fc, "2", "1", "10:02")));

		assertThat(this.published.written("ticks-dlq")).singleElement()
			.satisfies((letter) -> assertThat(JSON.readTree(letter.data()).get("reason").asString())
				.startsWith("from the future: ts 2036-12-03T")
				.contains("more than PT5M"));
		assertThat(windows()).isEmpty();
		assertThat(this.published.written("ticks-late")).isEmpty();
	}

	@Test
	void aQuietCompanyHasItsWindowsPublishedThenItsStateDeleted() {
		this.store.createIfMissing();
		String quiet = name("QUIET");
		WindowStage stage = stage();
		stage.process(batch(SHARD, tick(quiet, "2", "1", "10:00"), tick(quiet, "3", "1", "10:04")));
		assertThat(stage.closeQuiet()).isZero();

		this.clock.move(TIME.idle());
		assertThat(stage.closeQuiet()).isEqualTo(3);
		assertThat(windows()).containsExactly("09:50 3 1 2", "09:55 3 1 2", "10:00 3 1 2");
		assertThat(stage.closeQuiet()).isZero();

		this.clock.move(TIME.allowedLateness());
		stage.closeQuiet();
		stage.process(batch(SHARD, tick(quiet, "9", "1", "10:12")));
		assertThat(this.published.written("ticks-late")).hasSize(1);
		assertThat(windows()).hasSize(3);
	}

	/**
	 * A pane is one DynamoDB item: records that would take it past the item size limit
	 * are dead letters, rather than a write that fails every time and stops the shard.
	 */
	@Test
	void recordsBeyondWhatAPaneCanStoreAreDeadLettersAndTheShardGoesOn() {
		this.store.createIfMissing();
		String full = name("FULL");
		WindowStage stage = stage();
		String price = "2." + "0".repeat(150); // one significant digit, written long
		List<String> records = new ArrayList<>();
		for (int i = 0; i < 1300; i++) { // 443 KB as stored: more than an item holds
			records.add("{\"name\":\"" + full + "\",\"high\":" + price + ",\"low\":" + price
					+ ",\"ts\":\"2020-05-14T10:00:" + String.format("%02d.%03d", i / 1000, i % 1000) + "-04:00\"}");
		}

		for (int from = 0; from < records.size(); from += 500) {
			stage.process(
					batch(SHARD, records.subList(from, Math.min(records.size(), from + 500)).toArray(String[]::new)));
		}

		List<JsonNode> letters = this.published.written("ticks-dlq")
			.stream()
			.map((letter) -> JSON.readTree(letter.data()))
			.toList();
		assertThat(letters).isNotEmpty()
			.allSatisfy((letter) -> assertThat(letter.get("reason").asString()).contains("window state's limit"));
		assertThat(records.size() - letters.size()).as("records stored")
			.isLessThanOrEqualTo(WindowStage.MAX_PANE_BYTES / 300);
		stage.process(batch(SHARD, tick(full, "3", "1", "10:30"))); // the shard goes on
		assertThat(this.published.written("window-stats")).isNotEmpty();
	}

	private WindowStage stage() {
		return new WindowStage(new WindowSpec(Duration.ofMinutes(15), Duration.ofMinutes(5)), TIME, this.store,
				new StageIo(TickIngestion.forExchangeZone(ZoneId.of("America/New_York")), Reading.COURSE,
						new StreamNames(this.ticks, "hourly-highs", "ticks-dlq", "hourly-highs", "window-stats",
								"stage-windows", "ticks-late"),
						this.published, JSON, 1_000_000, PipelineMetrics.NONE, Duration.ofMinutes(5), this.clock));
	}

	private List<String> windows() {
		return this.published.written("window-stats")
			.stream()
			.map((record) -> JSON.readTree(record.data()))
			.map(WindowStageIntegrationTests::describe)
			.toList();
	}

	/** A company of this test alone: the table is the run's. */
	private static String name(String prefix) {
		return prefix + Long.toString(System.nanoTime() % 1_000_000_000L, 36).toUpperCase(java.util.Locale.ROOT);
	}

	private ShardBatch batch(String shard, String... records) {
		List<ShardBatch.Record> batch = new ArrayList<>();
		for (String record : records) {
			String sequenceNumber = Integer.toString(++this.sequence);
			batch.add(new ShardBatch.Record(record.getBytes(StandardCharsets.UTF_8),
					new ShardBatch.Origin(this.ticks, shard, sequenceNumber, "key")));
		}
		return new ShardBatch(this.ticks, shard, batch);
	}

	private static String tick(String name, String high, String low, String time) {
		return "{\"name\":\"" + name + "\",\"high\":" + high + ",\"low\":" + low + ",\"ts\":\"2020-05-14T"
				+ ((time.length() == 5) ? time + ":00" : time) + "-04:00\"}";
	}

	private static String describe(JsonNode window) {
		return window.get("start").asString().substring(11, 16) + " " + window.get("high").asString() + " "
				+ window.get("low").asString() + " " + window.get("count").asString();
	}

	/** Processing time that a test moves on. */
	private static final class MovingClock extends Clock {

		private Instant now;

		MovingClock(Instant now) {
			this.now = now;
		}

		void move(Duration by) {
			this.now = this.now.plus(by);
		}

		@Override
		public Instant instant() {
			return this.now;
		}

		@Override
		public ZoneId getZone() {
			return ZoneId.of("UTC");
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

	}

}
