package io.tickstream.pipeline;

import java.time.Clock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tickstream.HostileInputs;
import io.tickstream.function.RefusedRecordException;
import io.tickstream.hourly.HourlyHighStore;
import io.tickstream.hourly.HourlyHighUpdate;
import io.tickstream.metrics.MicrometerPipelineMetrics;
import io.tickstream.metrics.PipelineMetrics;
import io.tickstream.tick.Reading;
import io.tickstream.tick.Tick;
import io.tickstream.tick.TickIngestion;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import tools.jackson.databind.JsonNode;

import static io.tickstream.Json.JSON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * A stream stage as the binder calls it, with a batch of a shard's records, writing to a
 * publisher that records what it is given: every record becomes an answer or a dead
 * letter that fits one Kinesis record, and only a bug escapes.
 */
class StreamStageTests {

	private final TickIngestion ingestion = TickIngestion.forExchangeZone(ZoneId.of("America/New_York"));

	private final RecordingPublisher publisher = new RecordingPublisher();

	private final MeterRegistry meters = new SimpleMeterRegistry();

	private final StreamStage ingest = new StreamStage("ingest", Optional::of, "ticks",
			io(new MicrometerPipelineMetrics(this.meters, "stream")));

	private StageIo io(PipelineMetrics metrics) {
		return new StageIo(this.ingestion, Reading.ANY,
				new StreamNames("ticks", "hourly-highs", "dlq", "hourly-highs-table", "window-stats", "windows-table",
						"ticks-late"),
				this.publisher, JSON, 6_000_000, metrics, Duration.ofMinutes(5), Clock.systemUTC());
	}

	@Test
	void writesAnswersAndDeadLettersAfterTheWholeBatch() {
		this.ingest.process(batch("{\"name\":\"fb\",\"high\":2,\"low\":1,\"ts\":\"2020-05-14 15:01:00-04:00\"}",
				"{\"name\":\"FB\",\"high\":1e999999999,\"low\":1,\"ts\":\"2020-05-14 15:01:00-04:00\"}", "[{}]"));

		assertThat(this.publisher.written("ticks")).singleElement()
			.satisfies((tick) -> assertThat(tick.partitionKey()).isEqualTo("FB"));
		List<JsonNode> letters = letters();
		assertThat(letters).extracting((letter) -> letter.get("reason").asString())
			.containsExactly("high '1e999999999' is out of range (1E-130 to 9.99E+125)",
					"a stream record must hold one price record, not an array, several lines"
							+ " or a document of several (a REST answer): put them one a record");
		assertThat(letters.get(0).get("stream").asString()).isEqualTo("ticks-raw");
		assertThat(letters.get(0).get("shard").asString()).isEqualTo("shardId-000000000000");
		assertThat(letters.get(0).get("sequenceNumber").asString()).isEqualTo("1");
		assertThat(letters.get(0).get("dataTruncated").asBoolean()).isFalse();
		assertThat(count("tickstream.records.read")).isEqualTo(3);
		assertThat(count("tickstream.records.accepted")).isEqualTo(1);
		assertThat(count("tickstream.records.dead.lettered")).isEqualTo(2);
		assertThat(count("tickstream.records.published")).isEqualTo(1);
	}

	private double count(String counter) {
		return this.meters.get(counter).tags("function", "ingest", "surface", "stream").counter().count();
	}

	@Test
	void aRecordTooLargeForOneDeadLetterIsKeptAsFarAsItFits() {
		byte[] huge = new byte[1_500_000];
		Arrays.fill(huge, (byte) 0x01);

		this.ingest.process(batch(new String(huge, StandardCharsets.UTF_8)));

		RecordPublisher.OutgoingRecord letter = this.publisher.written("dlq").get(0);
		assertThat(letter.data().length).isLessThan(KinesisPublisher.MAX_RECORD_BYTES);
		JsonNode json = JSON.readTree(letter.data());
		assertThat(json.get("size").asInt()).isEqualTo(1_500_000);
		assertThat(json.get("dataTruncated").asBoolean()).isTrue();
		assertThat(json.get("textTruncated").asBoolean()).isTrue();
	}

	@Test
	void aRecordDynamoDbRefusesIsADeadLetter() {
		StreamStage hourly = new StreamStage("hourlyHighUpdates", offeringTo((tick) -> {
			throw new RefusedRecordException("DynamoDB refused the hourly high: Number overflow", null);
		}), "hourly-highs", io(PipelineMetrics.NONE));

		hourly.process(batch("{\"name\":\"FB\",\"high\":2,\"low\":1,\"ts\":\"2020-05-14T15:01:00-04:00\"}"));

		assertThat(this.publisher.written("hourly-highs")).isEmpty();
		assertThat(letters()).extracting((letter) -> letter.get("title").asString()).containsExactly("Refused record");
	}

	@Test
	void aBugEscapesSoThatTheBatchIsDeliveredAgainAndNothingIsWritten() {
		StreamStage hourly = new StreamStage("hourlyHighUpdates", offeringTo((tick) -> {
			throw new IllegalStateException("a bug");
		}), "hourly-highs", io(PipelineMetrics.NONE));

		assertThatIllegalStateException().isThrownBy(
				() -> hourly.process(batch("{\"name\":\"FB\",\"high\":2,\"low\":1,\"ts\":\"2020-05-14T15:01:00Z\"}")));
		assertThat(this.publisher.written).isEmpty();
	}

	@Test
	void aPassingFailureThatOutlastsTheRetriesStopsTheBatchAtThatRecordAndWritesWhatCameBefore() {
		StreamStage hourly = new StreamStage("hourlyHighUpdates", offeringTo((tick) -> {
			if (tick.name().equals("DOWN")) {
				throw SdkClientException.create("Unable to execute HTTP request: Connection refused");
			}
			return Optional.of(HourlyHighUpdate.of(tick));
		}), "hourly-highs", io(PipelineMetrics.NONE));

		Optional<ShardBatch.Record> stopped = hourly
			.process(batch("{\"name\":\"FB\",\"high\":2,\"low\":1,\"ts\":\"2020-05-14T15:01:00Z\"}", "not json",
					"{\"name\":\"DOWN\",\"high\":2,\"low\":1,\"ts\":\"2020-05-14T15:01:00Z\"}",
					"{\"name\":\"AAPL\",\"high\":2,\"low\":1,\"ts\":\"2020-05-14T15:01:00Z\"}"));

		assertThat(stopped).get().satisfies((record) -> assertThat(record.origin().sequenceNumber()).isEqualTo("2"));
		assertThat(this.publisher.written("hourly-highs")).extracting(RecordPublisher.OutgoingRecord::partitionKey)
			.containsExactly("FB");
		assertThat(letters()).extracting((letter) -> letter.get("sequenceNumber").asString()).containsExactly("1");
	}

	@Test
	void aRecordAggregatedByTheKinesisProducerLibraryIsADeadLetterWithThatReason() {
		byte[] aggregated = { (byte) 0xF3, (byte) 0x89, (byte) 0x9A, (byte) 0xC2, 0x0A, 0x01, 0x41 };

		this.ingest
			.process(new ShardBatch("ticks-raw", "shardId-000000000000", List.of(new ShardBatch.Record(aggregated,
					new ShardBatch.Origin("ticks-raw", "shardId-000000000000", "0", "FB")))));

		assertThat(letters()).singleElement()
			.satisfies((letter) -> assertThat(letter.get("reason").asString())
				.startsWith("a record aggregated by the Kinesis Producer Library"));
	}

	@Test
	void generatedHostileRecordsAreAllAccountedFor() {
		HostileInputs inputs = new HostileInputs(7L);
		int records = 0;
		for (int b = 0; b < 40; b++) {
			List<String> batch = new ArrayList<>();
			for (int i = 0; i < 30; i++) {
				batch.add(new String(inputs.input(), StandardCharsets.UTF_8));
			}
			records += batch.size();
			assertTimeoutPreemptively(Duration.ofSeconds(30),
					() -> this.ingest.process(batch(batch.toArray(String[]::new))));
		}
		List<RecordPublisher.OutgoingRecord> ticks = this.publisher.written("ticks");
		List<RecordPublisher.OutgoingRecord> letters = this.publisher.written("dlq");
		assertThat(ticks.size() + letters.size()).isEqualTo(records);
		assertThat(letters).allSatisfy((letter) -> {
			assertThat(letter.data().length).isLessThan(KinesisPublisher.MAX_RECORD_BYTES);
			JsonNode json = JSON.readTree(letter.data());
			assertThat(json.get("reason").asString()).isNotBlank().hasSizeLessThan(1100);
			assertThat(json.has("sequenceNumber")).isTrue();
		});
	}

	@Test
	void anUpdateIsPublishedOnlyWhenTheStoreSaysTheRecordRaisedTheHour() {
		StreamStage hourly = new StreamStage("hourlyHighUpdates", offeringTo(
				(tick) -> (tick.high().intValue() > 2) ? Optional.of(HourlyHighUpdate.of(tick)) : Optional.empty()),
				"hourly-highs", io(PipelineMetrics.NONE));

		hourly.process(batch("{\"name\":\"FB\",\"high\":2,\"low\":1,\"ts\":\"2020-05-14T15:01:00-04:00\"}",
				"{\"name\":\"FB\",\"high\":3,\"low\":1,\"ts\":\"2020-05-14T15:02:00-04:00\"}"));

		assertThat(this.publisher.written("hourly-highs")).singleElement()
			.satisfies((update) -> assertThat(JSON.readTree(update.data()).get("high").asInt()).isEqualTo(3));
	}

	private List<JsonNode> letters() {
		return this.publisher.written("dlq").stream().map((letter) -> JSON.readTree(letter.data())).toList();
	}

	/** A step that offers each record to a store, as {@code hourlyHighUpdates} would. */
	private Function<Tick, Optional<?>> offeringTo(HourlyHighStore store) {
		return store::offer;
	}

	private static ShardBatch batch(String... records) {
		List<ShardBatch.Record> list = new ArrayList<>();
		for (int i = 0; i < records.length; i++) {
			list.add(new ShardBatch.Record(records[i].getBytes(StandardCharsets.UTF_8),
					new ShardBatch.Origin("ticks-raw", "shardId-000000000000", Integer.toString(i), "FB")));
		}
		return new ShardBatch("ticks-raw", "shardId-000000000000", list);
	}

	/** Keeps what it is asked to write, per stream. */
	static final class RecordingPublisher implements RecordPublisher {

		final Map<String, List<OutgoingRecord>> written = new java.util.LinkedHashMap<>();

		@Override
		public void publish(String stream, List<OutgoingRecord> records) {
			if (!records.isEmpty()) {
				this.written.computeIfAbsent(stream, (name) -> new ArrayList<>()).addAll(records);
			}
		}

		List<OutgoingRecord> written(String stream) {
			return this.written.getOrDefault(stream, List.of());
		}

	}

}
