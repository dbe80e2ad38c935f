package io.tickstream.stream;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import io.tickstream.DataSet;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.ResourceLock;
import tools.jackson.databind.JsonNode;

import static io.tickstream.Json.JSON;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole Kinesis pipeline against the emulators: two real data sets and bad records
 * put on {@code ticks-raw}, every record accounted for on {@code ticks} or
 * {@code ticks-dlq}, and the final {@code hourly-highs} equal to each data set's Athena
 * result; then a burst of 5 000 records ({@link BurstScenario}).
 */
@ExtendWith(LocalAws.class)
@ResourceLock(LocalAws.STREAM_SERVICE)
class KinesisPipelineIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofMinutes(3);

	/** A bad record larger than a dead letter can hold whole. */
	private static final String HUGE = "{\"name\":\"" + "X".repeat(500_000) + "\",\"high\":2,\"low\":1}";

	/** Each bad record and the reason it must arrive with on the dead-letter stream. */
	private static final Map<String, String> BAD_RECORDS = Map.of(HUGE, "name 'XXXXXXXX",
			"{\"name\":\"FB\",\"high\":1e999999999,\"low\":1,\"ts\":\"2020-05-14 10:00:00-04:00\"}",
			"high '1e999999999' is out of range", "{\"name\":\"FB\",\"high\":2,\"low\":", "malformed JSON: ",
			"{\"name\":\"FB\",\"high\":NaN,\"low\":1,\"ts\":\"2020-05-14 10:00:00-04:00\"}",
			"high must be a finite number, was NaN",
			"{\"name\":\"FB\",\"high\":2,\"low\":3,\"ts\":\"2020-05-14 10:00:00-04:00\"}",
			"low 3 is greater than high 2", "{\"name\":\"FB\",\"high\":2,\"low\":1}", "ts is missing",
			"[{\"name\":\"FB\",\"high\":2,\"low\":1,\"ts\":\"2020-05-14 10:00:00-04:00\"}]",
			"a stream record must hold one price record, not an array, several lines");

	/** A counter of a step in Prometheus's text format. */
	private static long counter(String metrics, String name, String function) {
		String prefix = name + "{function=\"" + function + "\",surface=\"stream\"} ";
		return metrics.lines()
			.filter((line) -> line.startsWith(prefix))
			.mapToLong((line) -> (long) Double.parseDouble(line.substring(prefix.length())))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no " + prefix + " in\n" + metrics));
	}

	@Test
	void everyRecordIsAccountedForAndTheHourlyHighsAreExact(PipelineStreams streams) throws Exception {
		DataSet yuboC = DataSet.load("YuboC_2020-05-14");
		DataSet dkfreitag = DataSet.load("dkfreitag_2021-05-11");
		List<String> good = new ArrayList<>(yuboC.lines());
		good.addAll(dkfreitag.lines());
		List<String> input = new ArrayList<>(good);
		input.addAll(BAD_RECORDS.keySet());
		Collections.shuffle(input, new Random(42));

		try (TickstreamInstance instance = TickstreamInstance.start(streams.names(),
				Map.of("logging.structured.format.console", "ecs", "management.endpoint.prometheus.access", "read-only",
						"management.endpoints.web.exposure.include", "health,prometheus"))) {
			// a page following the highs live (server-sent events) from before the first
			// record
			List<String> live = new CopyOnWriteArrayList<>();
			instance.follow("/hourly-highs/live", (line) -> {
				if (line.startsWith("data:")) {
					live.add(line.substring("data:".length()));
				}
			});
			streams.put(streams.raw(), input, 250);

			List<KinesisStreams.StreamRecord> ticks = streams.await(streams.ticks(),
					(records) -> records.size() >= good.size(), TIMEOUT);
			List<KinesisStreams.StreamRecord> deadLetters = streams.await(streams.deadLetters(),
					(records) -> records.size() >= BAD_RECORDS.size(), TIMEOUT);
			List<KinesisStreams.StreamRecord> updates = streams.await(streams.hourlyHighs(),
					(records) -> StreamAnswers.matches(yuboC, records, LocalDate.of(2020, 5, 14))
							&& StreamAnswers.matches(dkfreitag, records, LocalDate.of(2021, 5, 11)),
					TIMEOUT);

			assertThat(ticks).as("one tick per valid record").hasSize(good.size());
			assertThat(StreamAnswers.duplicatesBeyond(StreamAnswers.expectedTickCounts(good),
					StreamAnswers.tickCounts(ticks)))
				.isZero();
			assertThat(ticks).allSatisfy((tick) -> assertThat(tick.partitionKey())
				.isEqualTo(JSON.readTree(tick.data()).get("name").asString()));
			assertThat(deadLetters).hasSize(BAD_RECORDS.size());
			for (KinesisStreams.StreamRecord deadLetter : deadLetters) {
				JsonNode letter = JSON.readTree(deadLetter.data());
				String text = letter.get("text").asString();
				String original = letter.get("textTruncated").asBoolean()
						? BAD_RECORDS.keySet().stream().filter((bad) -> bad.startsWith(text)).findFirst().orElseThrow()
						: text;
				assertThat(BAD_RECORDS).containsKey(original);
				assertThat(letter.get("size").asInt()).isEqualTo(original.length());
				assertThat(letter.get("reason").asString()).startsWith(BAD_RECORDS.get(original));
				assertThat(letter.get("stream").asString()).isEqualTo(streams.raw());
				assertThat(letter.get("shard").asString()).isEqualTo("shardId-000000000000");
				assertThat(letter.get("sequenceNumber").asString()).isNotBlank();
			}
			yuboC.assertHighsMatch(StreamAnswers.finalHourlyHighs(updates, LocalDate.of(2020, 5, 14)));
			dkfreitag.assertHighsMatch(StreamAnswers.finalHourlyHighs(updates, LocalDate.of(2021, 5, 11)));
			assertThat(instance.health("").statusCode()).as("health").isEqualTo(200);
			Set<String> published = updates.stream().map(KinesisStreams.StreamRecord::data).collect(Collectors.toSet());
			Awaitility.await("the page sent every update as it was published")
				.atMost(Duration.ofSeconds(20))
				.untilAsserted(() -> assertThat(new HashSet<>(live)).isEqualTo(published));
			// the counts follow the writes they count by a moment
			Awaitility.await("the counts").atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
				String metrics = instance.get("/actuator/prometheus").body();
				assertThat(counter(metrics, "tickstream_records_read_total", "ingest")).isEqualTo(input.size());
				assertThat(counter(metrics, "tickstream_records_accepted_total", "ingest")).isEqualTo(good.size());
				assertThat(counter(metrics, "tickstream_records_dead_lettered_total", "ingest"))
					.isEqualTo(BAD_RECORDS.size());
				assertThat(counter(metrics, "tickstream_records_read_total", "hourlyHighUpdates"))
					.isEqualTo(good.size());
				assertThat(counter(metrics, "tickstream_records_published_total", "hourlyHighUpdates"))
					.isEqualTo(updates.size());
				assertThat(metrics)
					.contains("tickstream_dynamodb_conditional_writes_total{outcome=\"won\"} " + updates.size() + ".0");
				assertThat(metrics).contains("tickstream_shard_iterator_age_milliseconds{shard=\"shardId-000000000000\""
						+ ",stream=\"" + streams.raw() + "\"}");
			});
			assertThat(instance.post("/ingest", yuboC.lines().get(0)).statusCode())
				.as("no function reachable over the network, only health")
				.isEqualTo(404);

			List<JsonNode> events = instance.log()
				.lines()
				.filter((line) -> line.startsWith("{"))
				.map(JSON::readTree)
				.toList();
			int started = events.stream()
				.map((event) -> event.path("message").asString())
				.toList()
				.indexOf(events.stream()
					.map((event) -> event.path("message").asString())
					.filter((message) -> message.startsWith("Started TickstreamApplication"))
					.findFirst()
					.orElseThrow());
			assertThat(events.subList(0, started)).as("a clean start logs nothing a user would have to act on")
				.noneMatch((event) -> List.of("WARN", "ERROR").contains(event.path("log").path("level").asString()));
			List<JsonNode> letterLines = events.stream()
				.filter((event) -> event.path("message").asString().startsWith("Dead letter"))
				.toList();
			assertThat(letterLines).as("one log line per dead letter").hasSize(BAD_RECORDS.size());
			assertThat(letterLines).allSatisfy((event) -> {
				assertThat(event.path("stream").asString()).isEqualTo(streams.raw());
				assertThat(event.path("shard").asString()).isEqualTo("shardId-000000000000");
				assertThat(deadLetters.stream()
					.map((letter) -> JSON.readTree(letter.data()).get("sequenceNumber").asString()))
					.contains(event.path("sequenceNumber").asString());
			});
			assertThat(instance.log()).as("no record in the log")
				.doesNotContain(BAD_RECORDS.keySet().stream().filter((bad) -> bad.length() > 20).toList());

			// then a burst, on the same service: a fresh one would wait for the KCL's
			// first lease sync again
			BurstScenario.run(streams);
		}
	}

}
