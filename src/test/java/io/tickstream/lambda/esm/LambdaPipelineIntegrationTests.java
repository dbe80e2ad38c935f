package io.tickstream.lambda.esm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

import io.tickstream.DataSet;
import io.tickstream.lambda.LambdaTask;
import io.tickstream.pipeline.Pipeline;
import io.tickstream.stream.CuttableProxy;
import io.tickstream.stream.KinesisStreams;
import io.tickstream.stream.LocalAws;
import io.tickstream.stream.PipelineStreams;
import io.tickstream.stream.StreamAnswers;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import static io.tickstream.Json.JSON;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pipeline on Lambda, end to end and locally: the packaged {@code aws} jar in AWS's
 * runtime interface client, fed by the local event source mappings that
 * {@code template.yaml} declares, against the emulators. Two real data sets and bad
 * records on {@code ticks-raw} give each data set's Athena result on
 * {@code hourly-highs}, every bad record on {@code ticks-dlq}, nothing lost, also when
 * Kinesis is unreachable for a while mid-stream.
 */
@ExtendWith(LocalAws.class)
class LambdaPipelineIntegrationTests {

	/** The sliding windows on Lambda have tests of their own. */
	private static final Predicate<KinesisMapping> HOURLY_HIGHS = LocalLambdaPipeline.without(Pipeline.SLIDING_WINDOWS);

	/** The template's {@code BatchSize} of {@code ingest}'s mapping. */
	private static final int BATCH_SIZE = ingestBatchSize();

	private static final Duration TIMEOUT = Duration.ofMinutes(3);

	private static final Map<String, String> BAD_RECORDS = Map.of(
			"{\"name\":\"FB\",\"high\":1e999999999,\"low\":1,\"ts\":\"2020-05-14 10:00:00-04:00\"}",
			"high '1e999999999' is out of range", "{\"name\":\"FB\",\"high\":2,\"low\":", "malformed JSON: ",
			"{\"name\":\"FB\",\"high\":2,\"low\":3,\"ts\":\"2020-05-14 10:00:00-04:00\"}",
			"low 3 is greater than high 2", "{\"name\":\"FB\",\"high\":2,\"low\":1}", "ts is missing",
			"[{\"name\":\"FB\",\"high\":2,\"low\":1,\"ts\":\"2020-05-14 10:00:00-04:00\"}]",
			"a stream record must hold one price record");

	@Test
	void twoRealDataSetsGiveTheirAthenaResultsAndEveryBadRecordIsADeadLetter(PipelineStreams streams) throws Exception {
		Input input = Input.shuffled();

		try (LocalLambdaPipeline pipeline = LocalLambdaPipeline.start(setup(streams.names(), LocalAws.kinesisPort()),
				HOURLY_HIGHS, UnaryOperator.identity())) {
			streams.put(streams.raw(), input.all(), 250);

			// only an invocation that outlasts its timeout hands a whole batch back
			input.assertArrived(streams, BATCH_SIZE);
		}
	}

	/**
	 * Kinesis unreachable mid-stream, first for the functions (their puts fail, so they
	 * hand batches back to the mapping), then for the mapping too (its reads fail).
	 */
	@Test
	void nothingIsLostWhenKinesisIsUnreachableForAWhileMidStream(PipelineStreams streams) throws Exception {
		Input input = Input.shuffled();
		List<String> all = input.all();
		int half = all.size() / 2;

		try (CuttableProxy forMappings = new CuttableProxy(LocalAws.kinesisPort());
				CuttableProxy forFunctions = new CuttableProxy(LocalAws.kinesisPort());
				LocalLambdaPipeline pipeline = LocalLambdaPipeline.start(
						setup(streams.names(), forMappings.port(),
								Map.of("AWS_ENDPOINT_URL_KINESIS", "http://127.0.0.1:" + forFunctions.port())),
						HOURLY_HIGHS, UnaryOperator.identity())) {
			streams.put(streams.raw(), all.subList(0, half), 250);
			forFunctions.cut();
			streams.put(streams.raw(), all.subList(half, all.size()), 250);
			awaitHandedBack(pipeline);
			forMappings.cut();
			Thread.sleep(5000);
			forMappings.restore();
			forFunctions.restore();

			// a batch whose results were partly written when the puts failed comes again
			// whole: one per outage
			input.assertArrived(streams, 2 * BATCH_SIZE);
		}
	}

	private static int ingestBatchSize() {
		try {
			return KinesisMapping.read(Path.of("template.yaml"), "").get(0).batchSize();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Waits until a function has handed a batch back to its mapping in the outage. */
	private static void awaitHandedBack(LocalLambdaPipeline pipeline) {
		Awaitility.await("a batch handed back to the mapping")
			.atMost(TIMEOUT)
			.pollInterval(Duration.ofMillis(500))
			.until(() -> {
				for (LambdaTask runtime : pipeline.runtimes()) {
					if (runtime.log().contains("a passing failure stopped the batch")) {
						return true;
					}
				}
				return false;
			});
	}

	private static LocalLambdaPipeline.Setup setup(String names, int kinesisPort) throws Exception {
		return setup(names, kinesisPort, Map.of());
	}

	private static LocalLambdaPipeline.Setup setup(String names, int kinesisPort, Map<String, String> environment)
			throws Exception {
		Path logs = Files.createDirectories(Path.of(System.getProperty("tickstream.it-logs", "target/it-logs")));
		return new LocalLambdaPipeline.Setup(Path.of("template.yaml"),
				Path.of(System.getProperty("tickstream.lambda.jar")),
				Path.of(System.getProperty("tickstream.lambda.runtime")), Files.createTempDirectory(logs, names + "-"),
				"http://127.0.0.1:" + kinesisPort, "http://127.0.0.1:" + LocalAws.dynamoDbPort(), names + "-",
				environment);
	}

	/** Two real data sets and the bad records, shuffled. */
	private record Input(DataSet yuboC, DataSet dkfreitag, List<String> good, List<String> all) {

		static Input shuffled() {
			DataSet yuboC = DataSet.load("YuboC_2020-05-14");
			DataSet dkfreitag = DataSet.load("dkfreitag_2021-05-11");
			List<String> good = new ArrayList<>(yuboC.lines());
			good.addAll(dkfreitag.lines());
			List<String> all = new ArrayList<>(good);
			all.addAll(BAD_RECORDS.keySet());
			Collections.shuffle(all, new Random(7));
			return new Input(yuboC, dkfreitag, good, all);
		}

		/**
		 * @param maxDuplicates how many ticks the run may have written twice
		 */
		void assertArrived(PipelineStreams streams, int maxDuplicates) {
			List<KinesisStreams.StreamRecord> ticks = streams.await(streams.ticks(),
					(records) -> StreamAnswers.covers(StreamAnswers.expectedTickCounts(this.good), records), TIMEOUT);
			List<KinesisStreams.StreamRecord> deadLetters = streams.await(streams.deadLetters(),
					(records) -> records.size() >= BAD_RECORDS.size(), TIMEOUT);
			List<KinesisStreams.StreamRecord> updates = streams.await(streams.hourlyHighs(),
					(records) -> StreamAnswers.matches(this.yuboC, records, LocalDate.of(2020, 5, 14))
							&& StreamAnswers.matches(this.dkfreitag, records, LocalDate.of(2021, 5, 11)),
					TIMEOUT);

			assertThat(StreamAnswers.covers(StreamAnswers.expectedTickCounts(this.good), ticks))
				.as("every valid record on ticks")
				.isTrue();
			int duplicates = StreamAnswers.duplicatesBeyond(StreamAnswers.expectedTickCounts(this.good),
					StreamAnswers.tickCounts(ticks));
			System.out.printf("lambda-pipeline: %d ticks for %d valid records (%d duplicates)%n", ticks.size(),
					this.good.size(), duplicates);
			assertThat(duplicates).as("ticks written twice").isLessThanOrEqualTo(maxDuplicates);
			assertThat(ticks).allSatisfy((tick) -> assertThat(tick.partitionKey())
				.isEqualTo(JSON.readTree(tick.data()).get("name").asString()));
			List<String> reasons = new ArrayList<>();
			for (KinesisStreams.StreamRecord deadLetter : deadLetters) {
				JsonNode letter = JSON.readTree(deadLetter.data());
				String original = letter.get("text").asString();
				assertThat(BAD_RECORDS).containsKey(original);
				assertThat(letter.get("reason").asString()).startsWith(BAD_RECORDS.get(original));
				assertThat(letter.get("stream").asString()).isEqualTo(streams.raw());
				assertThat(letter.get("shard").asString()).isEqualTo("shardId-000000000000");
				assertThat(letter.get("sequenceNumber").asString()).isNotBlank();
				reasons.add(original);
			}
			assertThat(reasons).containsAll(BAD_RECORDS.keySet());
			this.yuboC.assertHighsMatch(StreamAnswers.finalHourlyHighs(updates, LocalDate.of(2020, 5, 14)));
			this.dkfreitag.assertHighsMatch(StreamAnswers.finalHourlyHighs(updates, LocalDate.of(2021, 5, 11)));
		}

	}

}
