package io.tickstream.stream;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.tickstream.DataSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Outages in the middle of a stream: DynamoDB unreachable for 30 s, then Kinesis for 20
 * s, each while records wait to be processed (the instance reaches the emulators through
 * proxies the test cuts: connections closed and refused, the emulators' state kept).
 * Afterwards nothing is lost, the answers are exact, an outage repeats at most a batch
 * per stage on {@code ticks}, and the log tells of each outage once, not once per retry.
 */
@ExtendWith(LocalAws.class)
class KinesisFaultsIntegrationTests {

	private static final String NAMES = "faults";

	private static final int BATCH = 100;

	private static final Map<String, String> SETTINGS = Map.of("tickstream.streams.batch-size", Integer.toString(BATCH),
			"tickstream.streams.retry-cap", "5s");

	private static final Duration TIMEOUT = Duration.ofMinutes(4);

	private static KinesisStreams streams;

	@BeforeAll
	static void createStreams() throws Exception {
		streams = new KinesisStreams(LocalAws.kinesis());
		streams.createPipeline(NAMES, 1);
	}

	/** Readiness answers as expected within the outage (a check waits up to 3 s). */
	private static void awaitReadiness(TickstreamInstance instance, int status, String part) throws Exception {
		long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
		HttpResponse<String> readiness = instance.health("/readiness");
		while (readiness.statusCode() != status || !readiness.body().contains(part)) {
			if (System.nanoTime() > deadline) {
				throw new AssertionError("readiness did not become " + status + " with " + part + ": "
						+ readiness.statusCode() + " " + readiness.body());
			}
			Thread.sleep(250);
			readiness = instance.health("/readiness");
		}
	}

	@Test
	void outagesOfDynamoDbAndKinesisLoseNothingAndChangeNoAnswer() throws Exception {
		DataSet yuboC = DataSet.load("YuboC_2020-05-14");
		DataSet dkfreitag = DataSet.load("dkfreitag_2021-05-11");
		List<String> all = new ArrayList<>(yuboC.lines());
		all.addAll(dkfreitag.lines());
		Map<String, Integer> expected = StreamAnswers.expectedTickCounts(all);

		try (CuttableProxy kinesis = new CuttableProxy(LocalAws.kinesisPort());
				CuttableProxy dynamoDb = new CuttableProxy(LocalAws.dynamoDbPort());
				TickstreamInstance instance = TickstreamInstance.start(NAMES, SETTINGS, kinesis.port(),
						dynamoDb.port())) {
			streams.put(NAMES + "-ticks-raw", yuboC.lines(), 500);
			streams.await(NAMES + "-ticks", (ticks) -> ticks.size() >= 200, TIMEOUT);
			assertThat(instance.health("").statusCode()).as("health before the outages").isEqualTo(200);
			dynamoDb.cut();
			long cut = System.nanoTime();
			streams.put(NAMES + "-ticks-raw", dkfreitag.lines(), 500);
			awaitReadiness(instance, 503, "\"dynamoDb\":{\"status\":\"DOWN\"}");
			assertThat(instance.health("").statusCode()).as("health while DynamoDB is away").isEqualTo(503);
			assertThat(instance.health("/liveness").statusCode()).as("liveness: waiting out an outage is alive")
				.isEqualTo(200);
			Thread.sleep(Math.max(0, 30_000 - Duration.ofNanos(System.nanoTime() - cut).toMillis()));
			dynamoDb.restore();
			awaitReadiness(instance, 200, "\"status\":\"UP\"");

			streams.await(NAMES + "-ticks", (ticks) -> ticks.size() >= yuboC.lines().size() + 200, TIMEOUT);
			kinesis.cut();
			cut = System.nanoTime();
			awaitReadiness(instance, 503, "\"binders\":{\"components\":{\"kinesis\":{\"status\":\"DOWN\"");
			Thread.sleep(Math.max(0, 20_000 - Duration.ofNanos(System.nanoTime() - cut).toMillis()));
			kinesis.restore();
			awaitReadiness(instance, 200, "\"status\":\"UP\"");

			List<KinesisStreams.StreamRecord> ticks = streams.await(NAMES + "-ticks",
					(records) -> StreamAnswers.covers(expected, records), TIMEOUT);
			List<KinesisStreams.StreamRecord> updates = streams.await(NAMES + "-hourly-highs",
					(records) -> StreamAnswers.matches(yuboC, records, LocalDate.of(2020, 5, 14))
							&& StreamAnswers.matches(dkfreitag, records, LocalDate.of(2021, 5, 11)),
					TIMEOUT);

			int duplicates = StreamAnswers.duplicatesBeyond(expected, StreamAnswers.tickCounts(ticks));
			long warnings = instance.log().lines().filter((line) -> line.contains(" WARN ")).count();
			System.out.printf("faults: %d ticks for %d records (%d duplicates), %d WARN lines%n", ticks.size(),
					all.size(), duplicates, warnings);
			assertThat(duplicates).as("ticks repeated by two outages").isLessThanOrEqualTo(2 * BATCH);
			assertThat(streams.readAll(NAMES + "-ticks-dlq")).as("no record is a dead letter for an outage").isEmpty();
			yuboC.assertMatches(StreamAnswers.finalHourlyHighs(updates, LocalDate.of(2020, 5, 14)));
			dkfreitag.assertMatches(StreamAnswers.finalHourlyHighs(updates, LocalDate.of(2021, 5, 11)));
			assertThat(instance.log()).contains("failed for a passing reason");
			assertThat(warnings).as("a WARN per outage and call site, not per retry").isLessThan(20);
		}
	}

}
