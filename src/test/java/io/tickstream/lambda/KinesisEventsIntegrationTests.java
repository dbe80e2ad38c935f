package io.tickstream.lambda;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.tickstream.stream.KinesisStreams;
import io.tickstream.stream.LocalAws;
import io.tickstream.stream.PipelineStreams;
import io.tickstream.stream.ThrottlingProxy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.Isolated;
import tools.jackson.databind.JsonNode;

import static io.tickstream.Json.JSON;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Lambda handler ({@code FunctionInvoker}) in-process with Kinesis event source
 * mapping batches, writing to the emulators: valid records go on, bad ones become dead
 * letters and the batch succeeds; a passing failure of a write in the middle of a batch
 * hands the batch back from its first record in {@code batchItemFailures}, with nothing
 * of it published (a stage writes a batch's results together, after the whole batch).
 */
@ExtendWith(LocalAws.class)
@Isolated // sets system properties, or reads standard output
class KinesisEventsIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(60);

	private static PipelineStreams streams;

	private static ThrottlingProxy dynamoDb;

	private static LambdaHandler ingest;

	private static LambdaHandler hourlyHighUpdates;

	private static LambdaHandler slidingWindows;

	@BeforeAll
	static void startTheFunctions(PipelineStreams pipeline) throws Exception {
		streams = pipeline;
		dynamoDb = new ThrottlingProxy(LocalAws.dynamoDbPort(), "\"DOWN|");
		// what Lambda's environment gives the function, as the SDK's system properties
		System.setProperty("aws.region", "us-east-1");
		System.setProperty("aws.accessKeyId", "local");
		System.setProperty("aws.secretAccessKey", "local");
		System.setProperty("aws.endpointUrlKinesis", "http://127.0.0.1:" + LocalAws.kinesisPort());
		System.setProperty("aws.endpointUrlDynamoDb", "http://127.0.0.1:" + dynamoDb.port());
		System.setProperty("tickstream.streams.ticks", streams.ticks());
		System.setProperty("tickstream.streams.dead-letters", streams.deadLetters());
		System.setProperty("tickstream.streams.hourly-highs", streams.hourlyHighs());
		System.setProperty("tickstream.streams.state-table", streams.hourlyHighs());
		System.setProperty("tickstream.streams.window-stats", streams.windowStats());
		System.setProperty("tickstream.streams.window-table", streams.names() + "-windows");
		System.setProperty("tickstream.streams.late-ticks", streams.lateTicks());
		System.setProperty("tickstream.window-idle", "PT2S");
		System.setProperty("tickstream.lambda.retry-patience", "1s");
		System.setProperty("spring.cloud.function.definition", "ingest");
		ingest = new LambdaHandler();
		System.setProperty("spring.cloud.function.definition", "hourlyHighUpdates");
		hourlyHighUpdates = new LambdaHandler();
		System.setProperty("spring.cloud.function.definition", "slidingWindows");
		slidingWindows = new LambdaHandler();
	}

	@AfterAll
	static void stop() {
		if (dynamoDb != null) {
			dynamoDb.close();
		}
	}

	@Test
	void theRealSampleEventIsADeadLetterAndTheBatchSucceeds() throws Exception {
		JsonNode response = invoke(ingest, LambdaEvents.resource("kinesis_event.json"));

		assertThat(response.get("batchItemFailures")).isEmpty();
		JsonNode letter = deadLetterWith("SGVsbG8sIHRoaXMgaXMgYSB0ZXN0IDEyMy4=");
		assertThat(letter.get("reason").asString()).startsWith("malformed JSON: ");
		assertThat(letter.get("shard").asString()).isEqualTo("shardId-000000000000");
		assertThat(letter.get("sequenceNumber").asString())
			.isEqualTo("49545115243490985018280067714973144582180062593244200961");
		assertThat(letter.get("partitionKey").asString()).isEqualTo("partitionKey-03");
		assertThat(letter.get("text").asString()).isEqualTo("Hello, this is a test 123.");
	}

	@Test
	void aMixedBatchPutsValidRecordsOnAndDeadLettersTheRest() throws Exception {
		byte[] kplAggregated = { (byte) 0xF3, (byte) 0x89, (byte) 0x9A, (byte) 0xC2, 0x0A, 0x02, 0x4D, 0x58 };
		byte[] event = LambdaEvents.kinesis(streams.raw(),
				List.of(utf8("{\"name\":\"mixa\",\"high\":2,\"low\":1,\"ts\":\"2020-05-14 15:01:00-04:00\"}"),
						utf8("{\"name\":\"MIXB\",\"high\":1,\"low\":2,\"ts\":\"2020-05-14 15:01:00-04:00\"}"),
						kplAggregated,
						utf8("{\"name\":\"MIXC\",\"high\":3,\"low\":1,\"ts\":\"2020-05-14T15:02:00-04:00\"}")));

		JsonNode response = invoke(ingest, event);

		assertThat(response.get("batchItemFailures")).isEmpty();
		List<KinesisStreams.StreamRecord> ticks = streams.await(streams.ticks(),
				(records) -> records.stream().filter((r) -> r.partitionKey().startsWith("MIX")).count() >= 2, TIMEOUT);
		assertThat(ticks).filteredOn((r) -> r.partitionKey().startsWith("MIX"))
			.extracting(KinesisStreams.StreamRecord::partitionKey)
			.containsExactly("MIXA", "MIXC");
		assertThat(deadLetterAt("-ticks-raw", 1).get("reason").asString()).isEqualTo("low 2 is greater than high 1");
		assertThat(deadLetterAt("-ticks-raw", 2).get("reason").asString())
			.startsWith("a record aggregated by the Kinesis Producer Library");
	}

	/**
	 * {@code hourlyHighUpdates} aggregates a batch before it writes: a passing failure of
	 * one write (DynamoDB throttling one company's hour) hands the whole batch back, with
	 * nothing of it published; the conditional writes make its redelivery change nothing.
	 */
	@Test
	void aPassingFailureOfOneWriteHandsTheWholeBatchBackAndPublishesNothingOfIt() throws Exception {
		byte[] event = LambdaEvents.kinesis(streams.ticks(),
				List.of(utf8("{\"name\":\"UPA\",\"high\":2,\"low\":1,\"ts\":\"2020-05-14T15:01:00-04:00\"}"),
						utf8("{\"name\":\"UPB\",\"high\":1,\"low\":2,\"ts\":\"2020-05-14T15:01:00-04:00\"}"),
						utf8("{\"name\":\"DOWN\",\"high\":2,\"low\":1,\"ts\":\"2020-05-14T15:01:00-04:00\"}"),
						utf8("{\"name\":\"UPC\",\"high\":2,\"low\":1,\"ts\":\"2020-05-14T15:01:00-04:00\"}")));

		JsonNode response = invoke(hourlyHighUpdates, event);

		assertThat(response.get("batchItemFailures")).singleElement()
			.satisfies((failure) -> assertThat(failure.get("itemIdentifier").asString())
				.isEqualTo(LambdaEvents.sequenceNumber(0)));
		assertThat(dynamoDb.throttled()).isPositive();
		assertThat(streams.readAll(streams.hourlyHighs())).extracting(KinesisStreams.StreamRecord::partitionKey)
			.doesNotContain("UPA", "DOWN", "UPC");

		JsonNode again = invoke(hourlyHighUpdates,
				LambdaEvents.kinesis(streams.ticks(),
						List.of(utf8("{\"name\":\"UPA\",\"high\":2,\"low\":1,\"ts\":\"2020-05-14T15:01:00-04:00\"}"),
								utf8("{\"name\":\"UPA\",\"high\":3,\"low\":1,\"ts\":\"2020-05-14T15:07:00-04:00\"}"),
								utf8("{\"name\":\"UPB\",\"high\":1,\"low\":2,\"ts\":\"2020-05-14T15:01:00-04:00\"}"))));
		assertThat(again.get("batchItemFailures")).isEmpty();
		List<KinesisStreams.StreamRecord> updates = streams.await(streams.hourlyHighs(),
				(records) -> records.stream().anyMatch((r) -> r.partitionKey().equals("UPA")), TIMEOUT);
		assertThat(updates).filteredOn((r) -> r.partitionKey().equals("UPA"))
			.singleElement()
			.satisfies((update) -> assertThat(JSON.readTree(update.data()).get("high").asString())
				.as("one update per company and hour per batch: the batch's highest")
				.isEqualTo("3"));
		assertThat(deadLetterAt("-ticks", 2).get("reason").asString()).isEqualTo("low 2 is greater than high 1");
	}

	/**
	 * Lambda's tumbling windows: the records of a window travel in the state from
	 * invocation to invocation, and its final invocation publishes the sliding windows
	 * that are final by then; a bad record is a dead letter at once.
	 */
	@Test
	void aTumblingWindowCarriesItsRecordsInTheStateAndPublishesAtItsEnd() throws Exception {
		String stream = streams.ticks();
		JsonNode first = invoke(slidingWindows,
				LambdaEvents.kinesisTimeWindow(stream,
						List.of(utf8("{\"name\":\"TWA\",\"high\":2,\"low\":1,\"ts\":\"2020-05-14T10:00:00-04:00\"}"),
								utf8("{\"name\":\"TWA\",\"high\":1,\"low\":2,\"ts\":\"2020-05-14T10:00:00-04:00\"}")),
						20, LambdaEvents.tree(utf8("{}")), false));
		assertThat(first.get("batchItemFailures")).isEmpty();
		assertThat(deadLetterAt("-ticks", 21).get("reason").asString()).isEqualTo("low 2 is greater than high 1");

		JsonNode second = invoke(slidingWindows,
				LambdaEvents.kinesisTimeWindow(stream,
						List.of(utf8("{\"name\":\"TWA\",\"high\":3,\"low\":1.5,\"ts\":\"2020-05-14T10:01:00-04:00\"}"),
								utf8("{\"name\":\"TWA\",\"high\":9,\"low\":8,\"ts\":\"2020-05-14T10:30:00-04:00\"}")),
						22, first.get("state"), false));
		assertThat(second.get("state").get("records").asString()).contains("10:00:00", "10:01:00", "10:30:00");
		assertThat(streams.readAll(streams.windowStats())).as("nothing published before the window ends")
			.noneMatch((r) -> r.partitionKey().equals("TWA"));

		JsonNode last = invoke(slidingWindows,
				LambdaEvents.kinesisTimeWindow(stream, List.of(), 24, second.get("state"), true));
		assertThat(last.get("state").isEmpty()).isTrue();
		List<KinesisStreams.StreamRecord> windows = streams.await(streams.windowStats(),
				(records) -> records.stream().filter((r) -> r.partitionKey().equals("TWA")).count() >= 3, TIMEOUT);
		assertThat(windows).filteredOn((r) -> r.partitionKey().equals("TWA"))
			.extracting((record) -> JSON.readTree(record.data()))
			.extracting((window) -> window.get("start").asString() + " " + window.get("high").asString() + " "
					+ window.get("low").asString() + " " + window.get("count").asString())
			.containsExactly("2020-05-14T09:50:00-04:00 3 1 2", "2020-05-14T09:55:00-04:00 3 1 2",
					"2020-05-14T10:00:00-04:00 3 1 2");
	}

	/**
	 * EventBridge's scheduled event wakes {@code slidingWindows} for the companies gone
	 * quiet: their open windows are published, however far their clocks stand.
	 */
	@Test
	void aScheduledEventPublishesTheWindowsOfQuietCompanies() throws Exception {
		JsonNode batch = invoke(slidingWindows,
				LambdaEvents.kinesis(streams.ticks(),
						List.of(utf8("{\"name\":\"QTA\",\"high\":2,\"low\":1,\"ts\":\"2020-05-14T10:00:00-04:00\"}"),
								utf8("{\"name\":\"QTA\",\"high\":3,\"low\":1,\"ts\":\"2020-05-14T10:04:00-04:00\"}"))));
		assertThat(batch.get("batchItemFailures")).isEmpty();
		Thread.sleep(2_500); // tickstream.window-idle

		JsonNode answer = invoke(slidingWindows,
				utf8("{\"version\":\"0\",\"id\":\"1\",\"detail-type\":\"Scheduled Event\","
						+ "\"source\":\"aws.events\",\"time\":\"2026-12-03T12:00:00Z\",\"resources\":[],\"detail\":{}}"));

		assertThat(answer.get("published").asInt()).isGreaterThanOrEqualTo(3);
		List<KinesisStreams.StreamRecord> windows = streams.await(streams.windowStats(),
				(records) -> records.stream().filter((r) -> r.partitionKey().equals("QTA")).count() >= 3, TIMEOUT);
		assertThat(windows).filteredOn((r) -> r.partitionKey().equals("QTA"))
			.extracting((record) -> JSON.readTree(record.data()))
			.extracting((window) -> window.get("start").asString() + " " + window.get("count").asString())
			.containsExactly("2020-05-14T09:50:00-04:00 2", "2020-05-14T09:55:00-04:00 2",
					"2020-05-14T10:00:00-04:00 2");
	}

	/**
	 * A window's state never reaches Lambda's 1 MB, at which Lambda would end the window
	 * early: counted in bytes, records of many non-ASCII characters are processed at once
	 * (their characters alone, 600 000, were taken for a small enough state).
	 */
	@Test
	void aTumblingWindowsStateStaysWithinLambdasLimitInBytes() throws Exception {
		List<byte[]> records = new ArrayList<>();
		for (int i = 0; i < 60; i++) {
			records.add(utf8("{\"name\":\"TWB\",\"high\":" + (2 + i) + ",\"low\":1,\"ts\":\"2020-05-14T11:10:00-04:00\""
					+ ",\"note\":\"" + "\u00fc".repeat(10_000) + "\"}"));
		}
		// a window state of its own (another stream), and no window final yet: the other
		// tumbling window's test sees nothing of this one
		JsonNode answer = invoke(slidingWindows, LambdaEvents.kinesisTimeWindow(streams.ticks() + "-bytes", records,
				100, LambdaEvents.tree(utf8("{}")), false));

		assertThat(answer.get("batchItemFailures")).isEmpty();
		assertThat(JSON.writeValueAsBytes(answer.get("state")).length).as("the state's bytes")
			.isLessThanOrEqualTo(1_000_000);
		assertThat(answer.get("state").isEmpty()).as("the records processed at once").isTrue();
	}

	private static JsonNode invoke(LambdaHandler handler, byte[] event) throws Exception {
		ByteArrayOutputStream output = new ByteArrayOutputStream();
		handler.handleRequest(new ByteArrayInputStream(event), output, new TestContext());
		return LambdaEvents.tree(output.toByteArray());
	}

	private static JsonNode deadLetterWith(String base64) throws Exception {
		return deadLetter((letter) -> letter.get("data").asString().equals(base64));
	}

	/**
	 * The dead letter of the record at {@code index} of a batch from this test's stream.
	 */
	private static JsonNode deadLetterAt(String stream, int index) throws Exception {
		return deadLetter((letter) -> letter.get("sequenceNumber").asString().equals(LambdaEvents.sequenceNumber(index))
				&& letter.get("stream").asString().equals(streams.names() + stream));
	}

	private static JsonNode deadLetter(java.util.function.Predicate<JsonNode> which) throws Exception {
		List<KinesisStreams.StreamRecord> letters = streams.await(streams.deadLetters(),
				(records) -> records.stream().map((r) -> JSON.readTree(r.data())).anyMatch(which), TIMEOUT);
		return letters.stream()
			.map((r) -> JSON.readTree(r.data()))
			.filter(which)
			.reduce((first, second) -> second)
			.orElseThrow();
	}

	private static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
