package io.tickstream.lambda.esm;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import io.tickstream.stream.KinesisStreams;
import io.tickstream.stream.LocalAws;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static io.tickstream.Json.JSON;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The local event source mapping against the Kinesis emulator, one setting at a time,
 * with a function of the test's own that records every event and answers as told: what
 * Lambda would deliver, in which order, how often, and what reaches the on-failure
 * destination.
 */
@ExtendWith(LocalAws.class)
class LocalEventSourceMappingIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(60);

	private static KinesisStreams streams;

	private static KinesisMapping declared;

	@TempDir
	Path destination;

	/** Every event the function was invoked with: the records' data, in order. */
	private final List<List<String>> invocations = new CopyOnWriteArrayList<>();

	@BeforeAll
	static void readTheTemplate() throws Exception {
		streams = new KinesisStreams(LocalAws.kinesis());
		declared = KinesisMapping.read(Path.of("template.yaml"), "").get(0);
	}

	@Test
	void theTemplatesMappingsAreReadWithTheirSettingsAndLocalNames() throws Exception {
		List<KinesisMapping> mappings = KinesisMapping.read(Path.of("template.yaml"), "t-");

		assertThat(mappings).extracting(KinesisMapping::stream).containsExactly("t-ticks-raw", "t-ticks", "t-ticks");
		KinesisMapping ingest = mappings.get(0);
		assertThat(ingest.environment()).containsEntry("SPRING_CLOUD_FUNCTION_DEFINITION", "ingest")
			.containsEntry("TICKSTREAM_STREAMS_TICKS", "t-ticks")
			.containsEntry("TICKSTREAM_STREAMS_DEAD_LETTERS", "t-ticks-dlq");
		assertThat(mappings.get(1).environment()).containsEntry("TICKSTREAM_STREAMS_STATE_TABLE",
				"t-tickstream-hourly-highs");
		assertThat(ingest.reportBatchItemFailures()).isTrue();
		assertThat(ingest.bisectOnError()).isTrue();
		assertThat(ingest.onFailure()).isTrue();
		assertThat(ingest.startingPosition()).isEqualTo("TRIM_HORIZON");
		// the template's Globals: an invocation is given up on after 30 s, as on Lambda
		assertThat(mappings).extracting(KinesisMapping::timeout).containsOnly(Duration.ofSeconds(30));
	}

	@Test
	void eventsHaveLambdasShapeAndBatchesHonourTheBatchSizeInShardOrder() throws Exception {
		String stream = stream("shape", 1);
		List<String> records = records(25);
		List<JsonNode> events = new CopyOnWriteArrayList<>();

		try (LocalEventSourceMapping mapping = start(declared.with(stream, 10, Duration.ZERO, false, -1, null, 1),
				(event) -> {
					events.add(JSON.readTree(event));
					return record(event, "{}");
				})) {
			streams.put(stream, records, 25);
			await(() -> delivered().size() >= 25);
		}

		assertThat(delivered()).containsExactlyElementsOf(records);
		assertThat(this.invocations).allSatisfy((batch) -> assertThat(batch).hasSizeLessThanOrEqualTo(10));
		JsonNode record = events.get(0).get("Records").get(0);
		JsonNode sample = JSON.readTree(Path.of("src/test/resources/lambda/kinesis_event.json").toFile())
			.get("Records")
			.get(0);
		assertThat(fieldNames(record)).containsExactlyInAnyOrderElementsOf(fieldNames(sample));
		assertThat(fieldNames(record.get("kinesis")))
			.containsExactlyInAnyOrderElementsOf(fieldNames(sample.get("kinesis")));
		assertThat(record.get("eventSource").asString()).isEqualTo("aws:kinesis");
		assertThat(record.get("eventSourceARN").asString()).endsWith(":stream/" + stream);
		assertThat(record.get("eventID").asString())
			.isEqualTo("shardId-000000000000:" + record.get("kinesis").get("sequenceNumber").asString());
		assertThat(record.get("kinesis").get("approximateArrivalTimestamp").isNumber()).isTrue();
	}

	/**
	 * With tumbling windows each invocation carries the window and the state the last one
	 * answered; after the window, a final invocation without records carries the window's
	 * last state. The events have the shape of Lambda's.
	 */
	@Test
	void tumblingWindowsCarryTheStateAndEndWithAFinalInvocation() throws Exception {
		String stream = stream("tumbling", 1);
		List<String> records = records(12);
		List<JsonNode> events = new CopyOnWriteArrayList<>();

		try (LocalEventSourceMapping mapping = start(
				declared.with(stream, 5, Duration.ZERO, false, -1, null, 1).withTumblingWindow(Duration.ofSeconds(2)),
				(event) -> {
					JsonNode json = JSON.readTree(event);
					events.add(json);
					int seen = json.get("state").path("seen").asInt(0) + json.get("Records").size();
					return record(event, "{\"state\":{\"seen\":\"" + seen + "\"},\"batchItemFailures\":[]}");
				})) {
			streams.put(stream, records, 12);
			await(() -> countedAtWindowEnds(events) >= 12); // one window, or two if a
															// boundary fell between
		}

		JsonNode sample = JSON.readTree(Path.of("src/test/resources/lambda/kinesis_time_window_event.json").toFile());
		assertThat(events).allSatisfy((event) -> {
			assertThat(fieldNames(event)).containsExactlyInAnyOrderElementsOf(fieldNames(sample));
			assertThat(event.get("shardId").asString()).isEqualTo("shardId-000000000000");
			assertThat(event.get("eventSourceARN").asString()).endsWith(":stream/" + stream);
		});
		List<JsonNode> finals = events.stream()
			.filter((event) -> event.get("isFinalInvokeForWindow").asBoolean())
			.toList();
		JsonNode last = finals.get(finals.size() - 1);
		assertThat(last.get("Records")).isEmpty();
		assertThat(countedAtWindowEnds(events)).as("every record counted in the final state of its window")
			.isEqualTo(12);
		assertThat(delivered()).containsExactlyElementsOf(records);
		JsonNode first = events.get(0);
		assertThat(Instant.parse(first.get("window").get("end").asString()))
			.isEqualTo(Instant.parse(first.get("window").get("start").asString()).plusSeconds(2));
	}

	/**
	 * A state over Lambda's 1 MB ends the window early: the final invocation says so and
	 * carries the last state within the limit; the batch comes again in a new window.
	 */
	@Test
	void aStateOverOneMegabyteEndsTheWindowEarly() throws Exception {
		String stream = stream("state-limit", 1);
		List<String> records = records(3);
		List<JsonNode> events = new CopyOnWriteArrayList<>();
		AtomicBoolean oversized = new AtomicBoolean();

		try (LocalEventSourceMapping mapping = start(
				declared.with(stream, 10, Duration.ZERO, false, -1, null, 1).withTumblingWindow(Duration.ofSeconds(30)),
				(event) -> {
					JsonNode json = JSON.readTree(event);
					events.add(json);
					if (json.get("isFinalInvokeForWindow").asBoolean()) {
						return new LocalEventSourceMapping.Answer(false, "{\"state\":{}}");
					}
					String pad = oversized.compareAndSet(false, true) ? "x".repeat(1_000_001) : "";
					return record(event, "{\"state\":{\"pad\":\"" + pad + "\"},\"batchItemFailures\":[]}");
				})) {
			streams.put(stream, records, 3);
			await(() -> events.size() >= 3);
		}

		assertThat(events.get(1).get("isFinalInvokeForWindow").asBoolean()).as("the window ended at once").isTrue();
		assertThat(events.get(1).get("isWindowTerminatedEarly").asBoolean()).isTrue();
		assertThat(events.get(1).get("state").isEmpty()).as("the last state within the limit").isTrue();
		assertThat(events.get(2).get("Records")).as("the batch again").hasSize(3);
		assertThat(events.get(2).get("isWindowTerminatedEarly").asBoolean()).isFalse();
	}

	/**
	 * Lambda's 6 MB payload limit: records of 700 000 bytes, 933 336 as base64, make at
	 * most six to a batch whatever the batch size.
	 */
	@Test
	void aBatchStopsShortOfLambdasPayloadLimit() throws Exception {
		String stream = stream("six-mb", 1);
		List<String> records = new ArrayList<>();
		for (int i = 0; i < 12; i++) {
			String record = "{\"name\":\"R\",\"n\":" + i + ",\"pad\":\"";
			records.add(record + "x".repeat(700_000 - record.length() - 2) + "\"}");
		}
		List<Integer> eventBytes = new CopyOnWriteArrayList<>();

		try (LocalEventSourceMapping mapping = start(
				declared.with(stream, 100, Duration.ofSeconds(2), false, -1, null, 1), (event) -> {
					eventBytes.add(event.length);
					return record(event, "{}");
				})) {
			streams.put(stream, records, 4); // a put carries at most 5 MB
			await(() -> delivered().size() >= 12);
		}

		assertThat(eventBytes).as("events' sizes")
			.allSatisfy((bytes) -> assertThat(bytes).isLessThanOrEqualTo(6_000_000));
		assertThat(eventBytes).hasSizeGreaterThanOrEqualTo(2);
		assertThat(delivered()).containsExactlyElementsOf(records);
	}

	/**
	 * Puts 100 records, of which the 38th fails the function, for a mapping that bisects
	 * with the given retries, until it gave up on a batch and the halves after it ran.
	 * @return the records
	 */
	private List<String> bisecting(String name, int retries) throws Exception {
		String stream = stream(name, 1);
		List<String> records = records(100);
		String poison = records.get(37);
		try (LocalEventSourceMapping mapping = start(
				declared.with(stream, 100, Duration.ofSeconds(2), true, retries, null, 1), (event) -> {
					LocalEventSourceMapping.Answer answer = record(event, "{}");
					return data(event).contains(poison) ? new LocalEventSourceMapping.Answer(true, "a bug") : answer;
				})) {
			streams.put(stream, records, 100);
			awaitSettled(() -> destinationMessages().size() >= 1);
		}
		return records;
	}

	/** The records the final invocations' states counted, over every window. */
	private static int countedAtWindowEnds(List<JsonNode> events) {
		return events.stream()
			.filter((event) -> event.get("isFinalInvokeForWindow").asBoolean())
			.mapToInt((event) -> event.get("state").path("seen").asInt(0))
			.sum();
	}

	@Test
	void startingAtLatestSkipsWhatTheStreamHeldBefore() throws Exception {
		String stream = stream("latest", 1);
		streams.put(stream, records(3), 3);
		List<String> later = records(2);

		try (LocalEventSourceMapping mapping = start(
				declared.with(stream, 10, Duration.ZERO, false, -1, null, 1).startingAt("LATEST"),
				(event) -> record(event, "{}"))) {
			await(() -> mapping.shardsReading() >= 1); // from LATEST: what is put now
			streams.put(stream, later, 2);
			awaitSettled(() -> delivered().size() >= 2);
		}

		assertThat(delivered()).containsExactlyElementsOf(later);
	}

	@Test
	void aBatchingWindowGathersRecordsPutApartIntoOneBatch() throws Exception {
		String stream = stream("window", 1);

		try (LocalEventSourceMapping mapping = start(
				declared.with(stream, 100, Duration.ofSeconds(3), false, -1, null, 1),
				(event) -> record(event, "{}"))) {
			streams.put(stream, records(5), 5);
			Thread.sleep(500);
			streams.put(stream, records(5), 5);
			await(() -> delivered().size() >= 10);
		}

		assertThat(this.invocations).hasSize(1);
	}

	@Test
	void aReportedItemFailureResumesTheBatchAtThatRecord() throws Exception {
		String stream = stream("resume", 1);
		AtomicInteger calls = new AtomicInteger();

		try (LocalEventSourceMapping mapping = start(declared.with(stream, 10, Duration.ZERO, false, -1, null, 1),
				(event) -> {
					List<String> sequenceNumbers = sequenceNumbers(event);
					String answer = (calls.incrementAndGet() == 1)
							? "{\"batchItemFailures\":[{\"itemIdentifier\":\"" + sequenceNumbers.get(6)
									+ "\"},{\"itemIdentifier\":\"" + sequenceNumbers.get(4) + "\"}]}"
							: "{\"batchItemFailures\":[]}";
					return record(event, answer);
				})) {
			streams.put(stream, records(10), 10);
			await(() -> this.invocations.size() >= 2);
		}

		assertThat(this.invocations.get(0)).hasSize(10);
		assertThat(this.invocations.get(1)).containsExactlyElementsOf(this.invocations.get(0).subList(4, 10));
		assertThat(this.invocations).hasSize(2);
	}

	@Test
	void anItemIdentifierThatIsNotInTheBatchFailsTheWholeBatch() throws Exception {
		String stream = stream("unknown-id", 1);
		AtomicInteger calls = new AtomicInteger();

		try (LocalEventSourceMapping mapping = start(declared.with(stream, 10, Duration.ZERO, false, -1, null, 1),
				(event) -> record(event, (calls.incrementAndGet() == 1)
						? "{\"batchItemFailures\":[{\"itemIdentifier\":\"no-such-record\"}]}" : "{}"))) {
			streams.put(stream, records(5), 5);
			await(() -> this.invocations.size() >= 2);
		}

		assertThat(this.invocations.get(1)).containsExactlyElementsOf(this.invocations.get(0));
	}

	/**
	 * A split is a retry (the stricter reading): with 2 retries, 100 records are halved
	 * twice, and the quarter that holds the failing record is skipped.
	 */
	@Test
	void aSplitCountsAsARetry() throws Exception {
		bisecting("bisect-retries", 2);

		assertThat(destinationMessages()).singleElement()
			.satisfies((message) -> assertThat(message.get("KinesisBatchInfo").get("batchSize").asInt()).isEqualTo(25));
	}

	/**
	 * Bisect halves a failing batch down to the record that fails; each split counts as a
	 * retry, so the template's 10 retries leave room for seven halvings of 100 records.
	 */
	@Test
	void bisectIsolatesTheRecordThatFailsTheFunctionByHalving() throws Exception {
		List<String> records = bisecting("bisect", 10);
		String poison = records.get(37);

		assertThat(this.invocations.get(0)).hasSize(100);
		// 7 halvings to the poison record, each a retry (the stricter reading), then its
		// last 3 retries; the halves after it once each
		assertThat(this.invocations.size()).as("halving, not one record at a time").isBetween(10, 25);
		List<JsonNode> messages = destinationMessages();
		assertThat(messages).singleElement().satisfies((message) -> {
			JsonNode info = message.get("KinesisBatchInfo");
			assertThat(info.get("batchSize").asInt()).isEqualTo(1);
			assertThat(info.get("startSequenceNumber").asString()).isEqualTo(info.get("endSequenceNumber").asString());
			assertThat(message.get("requestContext").get("condition").asString()).isEqualTo("RetryAttemptsExhausted");
		});
		List<String> succeeded = new ArrayList<>();
		this.invocations.stream().filter((batch) -> !batch.contains(poison)).forEach(succeeded::addAll);
		List<String> others = new ArrayList<>(records);
		others.remove(poison);
		assertThat(succeeded).containsExactlyElementsOf(others);
	}

	@Test
	void aBatchOutOfRetriesGoesToTheDestinationAndTheShardMovesOn() throws Exception {
		String stream = stream("retries", 1);
		AtomicInteger calls = new AtomicInteger();

		try (LocalEventSourceMapping mapping = start(declared.with(stream, 5, Duration.ZERO, false, 2, null, 1),
				(event) -> {
					LocalEventSourceMapping.Answer answer = record(event, "{}");
					return (calls.incrementAndGet() <= 3) ? new LocalEventSourceMapping.Answer(true, "a bug") : answer;
				})) {
			streams.put(stream, records(5), 5);
			await(() -> destinationMessages().size() >= 1);
			streams.put(stream, records(3), 3);
			await(() -> this.invocations.size() >= 4);
		}

		assertThat(this.invocations).hasSize(4);
		JsonNode message = destinationMessages().get(0);
		assertThat(message.get("KinesisBatchInfo").get("batchSize").asInt()).isEqualTo(5);
		assertThat(message.get("requestContext").get("approximateInvokeCount").asInt()).isEqualTo(3);
		assertThat(message.get("KinesisBatchInfo").get("shardId").asString()).isEqualTo("shardId-000000000000");
		assertThat(message.get("KinesisBatchInfo").get("streamArn").asString()).endsWith(":stream/" + stream);
	}

	@Test
	void recordsOlderThanTheMaximumAgeAreSkippedToTheDestination() throws Exception {
		String stream = stream("age", 1);
		streams.put(stream, records(4), 4);
		// the records put before are older than the maximum age; those put once it runs
		// must reach the function within it, a put and a few polls of a busy emulator
		// (with 2 s, a clean run on a loaded machine timed out waiting for them)
		Duration maxAge = Duration.ofSeconds(5);
		Thread.sleep(maxAge.plusMillis(1500).toMillis());

		try (LocalEventSourceMapping mapping = start(declared.with(stream, 10, Duration.ZERO, false, -1, maxAge, 1),
				(event) -> record(event, "{}"))) {
			await(() -> destinationMessages().size() >= 1);
			streams.put(stream, records(2), 2);
			await(() -> delivered().size() >= 2);
		}

		assertThat(destinationMessages()).singleElement()
			.satisfies((message) -> assertThat(message.get("requestContext").get("condition").asString())
				.isEqualTo("RecordAgeExceeded"));
		assertThat(delivered()).hasSize(2);
	}

	@Test
	void aParallelizationFactorRunsLanesAtOnceAndKeepsEachPartitionKeyInOrder() throws Exception {
		String stream = stream("parallel", 1);
		List<String> records = new ArrayList<>();
		for (int i = 0; i < 60; i++) {
			records.add("{\"name\":\"K" + (i % 6) + "\",\"n\":" + i + "}");
		}
		AtomicInteger concurrent = new AtomicInteger();
		AtomicInteger mostAtOnce = new AtomicInteger();

		try (LocalEventSourceMapping mapping = start(
				declared.with(stream, 10, Duration.ofSeconds(2), false, -1, null, 3), (event) -> {
					mostAtOnce.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
					Thread.sleep(300);
					concurrent.decrementAndGet();
					return record(event, "{}");
				})) {
			streams.put(stream, records, 60);
			await(() -> delivered().size() >= 60);
		}

		assertThat(mostAtOnce.get()).isGreaterThan(1).isLessThanOrEqualTo(3);
		for (int key = 0; key < 6; key++) {
			String name = "\"K" + key + "\"";
			assertThat(delivered().stream().filter((data) -> data.contains(name)).toList())
				.containsExactlyElementsOf(records.stream().filter((data) -> data.contains(name)).toList());
		}
	}

	/**
	 * Lambda keeps a partition key's records in order whatever the factor: one key is one
	 * lane, never in two invocations at once (it ran three at once, out of order).
	 */
	@Test
	void oneKeyIsNeverInTwoInvocationsAtOnceWhateverTheFactor() throws Exception {
		String stream = stream("parallel-one-key", 1);
		List<String> records = new ArrayList<>();
		for (int i = 0; i < 60; i++) {
			records.add("{\"name\":\"K\",\"n\":" + i + "}");
		}
		AtomicInteger concurrent = new AtomicInteger();
		AtomicInteger mostAtOnce = new AtomicInteger();

		try (LocalEventSourceMapping mapping = start(
				declared.with(stream, 10, Duration.ofSeconds(2), false, -1, null, 3), (event) -> {
					mostAtOnce.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
					Thread.sleep(100);
					concurrent.decrementAndGet();
					return record(event, "{}");
				})) {
			streams.put(stream, records, 60);
			await(() -> delivered().size() >= 60);
		}

		assertThat(mostAtOnce.get()).as("invocations of one key at once").isEqualTo(1);
		assertThat(delivered()).containsExactlyElementsOf(records);
	}

	private LocalEventSourceMapping start(KinesisMapping mapping, LocalEventSourceMapping.Function function) {
		return new LocalEventSourceMapping(LocalAws.kinesis(), mapping, function, this.destination).start();
	}

	/** Records the event's records, then answers. */
	private LocalEventSourceMapping.Answer record(byte[] event, String answer) {
		this.invocations.add(data(event));
		return new LocalEventSourceMapping.Answer(false, answer);
	}

	private List<String> delivered() {
		List<String> all = new ArrayList<>();
		this.invocations.forEach(all::addAll);
		return all;
	}

	private List<JsonNode> destinationMessages() throws Exception {
		if (!Files.isDirectory(this.destination)) {
			return List.of();
		}
		try (var files = Files.list(this.destination)) {
			return files.sorted().map((file) -> JSON.readTree(file.toFile())).toList();
		}
	}

	private static List<String> data(byte[] event) {
		List<String> data = new ArrayList<>();
		for (JsonNode record : JSON.readTree(event).get("Records")) {
			data.add(new String(Base64.getDecoder().decode(record.get("kinesis").get("data").asString()),
					StandardCharsets.UTF_8));
		}
		return data;
	}

	private static List<String> sequenceNumbers(byte[] event) {
		List<String> numbers = new ArrayList<>();
		JSON.readTree(event)
			.get("Records")
			.forEach((record) -> numbers.add(record.get("kinesis").get("sequenceNumber").asString()));
		return numbers;
	}

	private static List<String> fieldNames(JsonNode node) {
		List<String> names = new ArrayList<>();
		node.propertyNames().forEach(names::add);
		return names;
	}

	private static final AtomicInteger NEXT = new AtomicInteger();

	private static List<String> records(int count) {
		int first = NEXT.getAndAdd(count);
		return IntStream.range(first, first + count).mapToObj((i) -> "{\"name\":\"R\",\"n\":" + i + "}").toList();
	}

	private static String stream(String name, int shards) throws Exception {
		String stream = "esm-" + name;
		streams.create(stream, shards);
		return stream;
	}

	private static void await(Callable<Boolean> check) {
		Awaitility.await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(100)).until(check);
	}

	/** Waits until the check holds and then for a second with no new invocation. */
	private void awaitSettled(Callable<Boolean> check) {
		await(check);
		AtomicInteger seen = new AtomicInteger(-1);
		Awaitility.await("no more invocations")
			.atMost(TIMEOUT)
			.pollInterval(Duration.ofSeconds(1))
			.until(() -> seen.getAndSet(this.invocations.size()) == this.invocations.size());
	}

}
