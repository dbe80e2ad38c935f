package io.tickstream.lambda.esm;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

import io.tickstream.DataSet;
import io.tickstream.FeedFiles;
import io.tickstream.RecordContract;
import io.tickstream.pipeline.Pipeline;
import io.tickstream.stream.KinesisStreams;
import io.tickstream.stream.LocalAws;
import io.tickstream.stream.PipelineStreams;
import io.tickstream.stream.StreamAnswers;
import io.tickstream.stream.ThrottlingProxy;
import io.tickstream.stream.TickstreamInstance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import tools.jackson.databind.JsonNode;

import static io.tickstream.Json.JSON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.SoftAssertions.assertSoftly;

/**
 * The record contract's stream column, run on the two stream surfaces: the stream service
 * (the Kinesis binder, profile {@code kinesis}) and Lambda behind the local event source
 * mappings of {@code template.yaml}. Every row's record is put on {@code ticks-raw}, in
 * table order, with DynamoDB throttling the first writes of one record's hourly high;
 * then a real day, each record in the next feed's shape, which must give the course
 * shape's ticks and hourly highs.
 */
@ExtendWith(LocalAws.class)
class RecordContractOnStreamsIntegrationTests {

	/** The sliding windows on Lambda have tests of their own. */
	private static final Predicate<KinesisMapping> HOURLY_HIGHS = LocalLambdaPipeline.without(Pipeline.SLIDING_WINDOWS);

	private static final Duration TIMEOUT = Duration.ofMinutes(2);

	private static final LocalDate DAY = LocalDate.of(2021, 5, 11);

	@Test
	void onTheStreamService(PipelineStreams streams) throws Exception {
		try (ThrottlingProxy dynamoDb = throttling();
				TickstreamInstance instance = TickstreamInstance.start(streams.names(),
						Map.of("tickstream.max-input-size", RecordContract.MAX_INPUT_SIZE), LocalAws.kinesisPort(),
						dynamoDb.port())) {
			run(streams, dynamoDb);
		}
	}

	@Test
	void onLambdaBehindTheEventSourceMappings(PipelineStreams streams) throws Exception {
		Path logs = Files.createDirectories(Path.of(System.getProperty("tickstream.it-logs", "target/it-logs")));
		try (ThrottlingProxy dynamoDb = throttling();
				LocalLambdaPipeline pipeline = LocalLambdaPipeline.start(new LocalLambdaPipeline.Setup(
						Path.of("template.yaml"), Path.of(System.getProperty("tickstream.lambda.jar")),
						Path.of(System.getProperty("tickstream.lambda.runtime")),
						Files.createTempDirectory(logs, streams.names() + "-"),
						"http://127.0.0.1:" + LocalAws.kinesisPort(), "http://127.0.0.1:" + dynamoDb.port(),
						streams.names() + "-", Map.of("TICKSTREAM_MAX_INPUT_SIZE", RecordContract.MAX_INPUT_SIZE)),
						HOURLY_HIGHS, UnaryOperator.identity())) {
			run(streams, dynamoDb);
		}
	}

	/** DynamoDB refuses the first writes of the throttled case's hourly high. */
	private static ThrottlingProxy throttling() throws Exception {
		return new ThrottlingProxy(LocalAws.dynamoDbPort(), "\"" + RecordContract.THROTTLED + "|", 4);
	}

	private static void run(PipelineStreams streams, ThrottlingProxy dynamoDb) throws Exception {
		List<RecordContract.Case> cases = RecordContract.cases();
		put(streams.raw(), cases);
		DataSet day = DataSet.load("dkfreitag_2021-05-11");
		putInEveryFeed(streams.raw(), day);
		long onward = cases.stream().filter((c) -> c.stream().kind() != RecordContract.Kind.REFUSED).count();
		long refused = cases.size() - onward;
		List<JsonNode> ticks = json(
				notOfDay(streams.await(streams.ticks(), (records) -> notOfDay(records).size() >= onward, TIMEOUT)));
		List<JsonNode> letters = json(
				streams.await(streams.deadLetters(), (records) -> records.size() >= refused, TIMEOUT));
		List<JsonNode> updates = json(streams.await(streams.hourlyHighs(),
				(records) -> records.stream().anyMatch((r) -> r.partitionKey().equals(RecordContract.THROTTLED)),
				TIMEOUT));

		// at least once: a record may arrive twice (a put whose answer was lost is put
		// again), never another one
		assertThat(Set.copyOf(ticks)).as("nothing on ticks but the accepted records")
			.isEqualTo(cases.stream()
				.filter((c) -> c.stream().kind() != RecordContract.Kind.REFUSED)
				.map((c) -> tree(c.stream().text()))
				.collect(Collectors.toSet()));
		assertThat(letters.stream().map((letter) -> letter.get("data").asString()).distinct())
			.as("one dead letter per refused record")
			.hasSize((int) refused);
		assertSoftly((softly) -> {
			for (RecordContract.Case contract : cases) {
				RecordContract.Outcome expected = contract.stream();
				switch (expected.kind()) {
					case ACCEPTED -> softly.assertThat(ticks).as(contract.name()).contains(tree(expected.text()));
					case REFUSED -> {
						JsonNode letter = letters.stream()
							.filter((l) -> l.get("data")
								.asString()
								.equals(Base64.getEncoder().encodeToString(contract.input())))
							.findFirst()
							.orElse(null);
						softly.assertThat(letter).as(contract.name() + ": a dead letter").isNotNull();
						if (letter != null) {
							softly.assertThat(letter.get("title").asString())
								.as(contract.name())
								.isEqualTo(expected.title());
							softly.assertThat(letter.get("reason").asString())
								.as(contract.name())
								.startsWith(expected.text());
							softly.assertThat(letter.get("stream").asString()).isEqualTo(streams.raw());
						}
					}
					case RETRIED_UNTIL_DONE -> {
						softly.assertThat(ticks).as(contract.name()).contains(tree(expected.text()));
						softly.assertThat(dynamoDb.throttled()).as(contract.name() + ": throttled").isPositive();
						softly.assertThat(updates)
							.as(contract.name() + ": its hourly high")
							.anyMatch((u) -> u.get("name").asString().equals(RecordContract.THROTTLED));
					}
					default -> softly.fail("no stream outcome: " + expected);
				}
			}
		});

		// the real day, its records in the feeds' shapes in turn: the course's ticks and
		// hourly highs
		Map<String, Integer> expected = StreamAnswers.expectedTickCounts(day.lines());
		List<KinesisStreams.StreamRecord> dayTicks = streams.await(streams.ticks(),
				(records) -> StreamAnswers.covers(expected, ofDay(records)), TIMEOUT);
		assertThat(StreamAnswers.duplicatesBeyond(expected, StreamAnswers.tickCounts(ofDay(dayTicks))))
			.as("ticks of the day beyond its records")
			.isLessThanOrEqualTo(day.lines().size());
		List<KinesisStreams.StreamRecord> dayUpdates = streams.await(streams.hourlyHighs(),
				(records) -> StreamAnswers.matches(day, records, DAY), TIMEOUT);
		day.assertHighsMatch(StreamAnswers.finalHourlyHighs(dayUpdates, DAY));
	}

	/**
	 * The real day's records, one a Kinesis record, each in the next single-record shape.
	 */
	private static void putInEveryFeed(String stream, DataSet day) {
		List<FeedFiles.Shape> shapes = Arrays.stream(FeedFiles.Shape.values())
			.filter((shape) -> !shape.isDocument())
			.toList();
		List<FeedFiles.Record> records = FeedFiles.records(day);
		List<PutRecordsRequestEntry> entries = new ArrayList<>();
		for (int i = 0; i < records.size(); i++) {
			entries.add(PutRecordsRequestEntry.builder()
				.partitionKey(records.get(i).name())
				.data(SdkBytes.fromUtf8String(shapes.get(i % shapes.size()).write(records.get(i)).toString()))
				.build());
		}
		try (KinesisClient kinesis = LocalAws.kinesis()) {
			for (int from = 0; from < entries.size(); from += 500) {
				List<PutRecordsRequestEntry> batch = entries.subList(from, Math.min(from + 500, entries.size()));
				assertThat(kinesis.putRecords((put) -> put.streamName(stream).records(batch)).failedRecordCount())
					.isZero();
			}
		}
	}

	/** The ticks of the real day, apart from the contract's. */
	private static List<KinesisStreams.StreamRecord> ofDay(List<KinesisStreams.StreamRecord> ticks) {
		return ticks.stream().filter((tick) -> tick.data().contains("\"" + DAY)).toList();
	}

	/** The contract's ticks, apart from the real day's. */
	private static List<KinesisStreams.StreamRecord> notOfDay(List<KinesisStreams.StreamRecord> ticks) {
		return ticks.stream().filter((tick) -> !tick.data().contains("\"" + DAY)).toList();
	}

	private static void put(String stream, List<RecordContract.Case> cases) {
		List<PutRecordsRequestEntry> entries = new ArrayList<>();
		for (RecordContract.Case contract : cases) {
			entries.add(PutRecordsRequestEntry.builder()
				.partitionKey(contract.name())
				.data(SdkBytes.fromByteArray(contract.input()))
				.build());
		}
		try (KinesisClient kinesis = LocalAws.kinesis()) {
			assertThat(kinesis.putRecords((put) -> put.streamName(stream).records(entries)).failedRecordCount())
				.isZero();
		}
	}

	private static List<JsonNode> json(List<KinesisStreams.StreamRecord> records) {
		return records.stream().map((record) -> tree(record.data())).toList();
	}

	private static JsonNode tree(String json) {
		return JSON.readTree(json.getBytes(StandardCharsets.UTF_8));
	}

}
