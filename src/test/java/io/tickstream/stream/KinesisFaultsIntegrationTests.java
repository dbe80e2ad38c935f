package io.tickstream.stream;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.tickstream.DataSet;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.ResourceLock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Outages in the middle of a stream: DynamoDB unreachable for 30 s, then Kinesis for 20
 * s, each while records wait to be processed: the test puts them during the outage (the
 * instance reaches the emulators through proxies the test cuts: connections closed and
 * refused, the emulators' state kept; the test writes to the emulators directly).
 * Afterwards nothing is lost, the answers are exact, an outage repeats at most a batch
 * per stage on {@code ticks}, and the log tells of each outage once, not once per retry.
 */
@ExtendWith(LocalAws.class)
@ResourceLock(LocalAws.STREAM_SERVICE)
class KinesisFaultsIntegrationTests {

	private static final int BATCH = 100;

	private static final Map<String, String> SETTINGS = Map.of("tickstream.streams.batch-size", Integer.toString(BATCH),
			"tickstream.streams.retry-cap", "5s");

	private static final Duration TIMEOUT = Duration.ofMinutes(4);

	/** Readiness answers as expected within the outage (a check waits up to 3 s). */
	private static void awaitReadiness(TickstreamInstance instance, int status, String part) {
		Awaitility.await("readiness " + status + " with " + part)
			.atMost(Duration.ofSeconds(15))
			.pollInterval(Duration.ofMillis(250))
			.until(() -> instance.health("/readiness"),
					(readiness) -> readiness.statusCode() == status && readiness.body().contains(part));
	}

	@Test
	void outagesOfDynamoDbAndKinesisLoseNothingAndChangeNoAnswer(PipelineStreams streams) throws Exception {
		DataSet yuboC = DataSet.load("YuboC_2020-05-14");
		DataSet dkfreitag = DataSet.load("dkfreitag_2021-05-11");
		List<String> all = new ArrayList<>(yuboC.lines());
		all.addAll(dkfreitag.lines());
		Map<String, Integer> expected = StreamAnswers.expectedTickCounts(all);

		try (CuttableProxy kinesis = new CuttableProxy(LocalAws.kinesisPort());
				CuttableProxy dynamoDb = new CuttableProxy(LocalAws.dynamoDbPort());
				TickstreamInstance instance = TickstreamInstance.start(streams.names(), SETTINGS, kinesis.port(),
						dynamoDb.port())) {
			List<String> secondDay = dkfreitag.lines();
			streams.put(streams.raw(), yuboC.lines(), 500);
			streams.await(streams.ticks(), (ticks) -> ticks.size() >= 200, TIMEOUT);
			assertThat(instance.health("").statusCode()).as("health before the outages").isEqualTo(200);
			dynamoDb.cut();
			long cut = System.nanoTime();
			// put while DynamoDB is away: these records wait for it
			streams.put(streams.raw(), secondDay.subList(0, secondDay.size() / 2), 500);
			awaitReadiness(instance, 503, "\"dynamoDb\":{\"status\":\"DOWN\"}");
			assertThat(instance.health("").statusCode()).as("health while DynamoDB is away").isEqualTo(503);
			assertThat(instance.health("/liveness").statusCode()).as("liveness: waiting out an outage is alive")
				.isEqualTo(200);
			Thread.sleep(Math.max(0, 30_000 - Duration.ofNanos(System.nanoTime() - cut).toMillis()));
			dynamoDb.restore();
			awaitReadiness(instance, 200, "\"status\":\"UP\"");

			kinesis.cut();
			cut = System.nanoTime();
			// put while the instance cannot reach Kinesis: these records wait for it
			streams.put(streams.raw(), secondDay.subList(secondDay.size() / 2, secondDay.size()), 500);
			awaitReadiness(instance, 503, "\"binders\":{\"components\":{\"kinesis\":{\"status\":\"DOWN\"");
			Thread.sleep(Math.max(0, 20_000 - Duration.ofNanos(System.nanoTime() - cut).toMillis()));
			kinesis.restore();
			awaitReadiness(instance, 200, "\"status\":\"UP\"");

			List<KinesisStreams.StreamRecord> ticks = streams.await(streams.ticks(),
					(records) -> StreamAnswers.covers(expected, records), TIMEOUT);
			List<KinesisStreams.StreamRecord> updates = streams.await(streams.hourlyHighs(),
					(records) -> StreamAnswers.matches(yuboC, records, LocalDate.of(2020, 5, 14))
							&& StreamAnswers.matches(dkfreitag, records, LocalDate.of(2021, 5, 11)),
					TIMEOUT);

			int duplicates = StreamAnswers.duplicatesBeyond(expected, StreamAnswers.tickCounts(ticks));
			List<String> warnings = instance.log().lines().filter((line) -> line.contains(" WARN ")).toList();
			List<String> ours = warnings.stream().filter((line) -> line.contains(" io.tickstream.")).toList();
			System.out.printf("faults: %d ticks for %d records (%d duplicates), %d WARN lines, %d of them ours%n",
					ticks.size(), all.size(), duplicates, warnings.size(), ours.size());
			assertThat(duplicates).as("ticks repeated by two outages").isLessThanOrEqualTo(2 * BATCH);
			assertThat(streams.readAll(streams.deadLetters())).as("no record is a dead letter for an outage").isEmpty();
			yuboC.assertHighsMatch(StreamAnswers.finalHourlyHighs(updates, LocalDate.of(2020, 5, 14)));
			dkfreitag.assertHighsMatch(StreamAnswers.finalHourlyHighs(updates, LocalDate.of(2021, 5, 11)));
			// tickstream's own lines; the KCL logs its own failures as it sees fit
			assertThat(ours).as("tickstream's warnings tell of the outages")
				.isNotEmpty()
				.allMatch((line) -> line.contains(" failed for a passing reason ")
						|| line.contains("Could not checkpoint"));
			Map<String, Long> perCall = ours.stream().collect(Collectors.groupingBy((line) -> {
				String message = line.substring(line.indexOf(" : ") + 3);
				return message.substring(0, Math.max(message.indexOf('('), 0));
			}, Collectors.counting()));
			assertThat(perCall).as("a WARN per outage and call, not per retry")
				.allSatisfy((call, count) -> assertThat(count).as(call).isLessThanOrEqualTo(2));
		}
	}

}
