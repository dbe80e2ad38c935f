package io.tickstream.stream;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import io.tickstream.Commands;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static io.tickstream.Json.JSON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code bin/replay} and {@code bin/read-stream} as a user runs them, against the local
 * Kinesis emulator: a day's file goes onto a stream in full and comes back from every
 * shard, each company's records in the file's order.
 */
@ExtendWith(LocalAws.class)
class ReplayCommandsIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofMinutes(2);

	private static final Path SAMPLE_DAY = Path.of("samples/ticks-2020-05-14.ndjson");

	private final KinesisStreams streams = new KinesisStreams(LocalAws.kinesis());

	@Test
	void aDayGoesOntoAStreamInFullAndComesBackFromEveryShard(@TempDir Path folder) throws Exception {
		this.streams.create("replay-day", 2);
		List<String> day = new ArrayList<>(
				Files.readAllLines(SAMPLE_DAY).stream().filter((l) -> !l.isBlank()).toList());
		day.add(100, "not a record");
		day.add(2000, "{\"high\":1,\"low\":1}");
		Path file = folder.resolve("day.ndjson");
		Files.writeString(file,
				String.join("\n", day.subList(0, 1000)) + "\n\n" + String.join("\r\n", day.subList(1000, day.size())));

		Commands.Result replay = run("bin/replay", file.toString(), "--stream", "replay-day");

		assertThat(replay.exit()).as(replay.err()).isZero();
		assertThat(replay.out())
			.startsWith("put 3 846 records onto replay-day (http://127.0.0.1:" + LocalAws.kinesisPort() + ")")
			.endsWith("; retried 0, refused 0\n");
		assertThat(replay.err()).as("plain progress lines when not on a terminal")
			.contains("replay-day: 3 846/3 846 100%")
			.doesNotContain("\r", "\u001b");
		assertThat(this.streams.readAll("replay-day")).as("one record a line, the company as partition key")
			.allSatisfy((record) -> assertThat(record.partitionKey()).isEqualTo(companyOf(record.data())));

		Commands.Result read = run("bin/read-stream", "replay-day");

		assertThat(read.exit()).as(read.err()).isZero();
		List<String> lines = read.out().lines().toList();
		assertThat(lines).as("every record once, as NDJSON").hasSize(day.size());
		List<String> expected = day.stream()
			.map((line) -> line.equals("not a record") ? "\"not a record\"" : line)
			.toList();
		assertThat(lines).containsExactlyInAnyOrderElementsOf(expected);
		assertThat(byCompany(lines)).as("each company's records in the file's order").isEqualTo(byCompany(expected));
	}

	@Test
	void withASpeedRecordsGoInEventTimeOrderAtThatPace(@TempDir Path folder) throws Exception {
		this.streams.create("replay-paced", 1);
		Path file = folder.resolve("paced.ndjson");
		Files.writeString(file, """
				{"name":"FB","high":2,"low":1,"ts":"2020-05-14 09:32:00-04:00"}
				{"name":"FB","high":2,"low":1,"ts":"2020-05-14 09:30:00-04:00"}
				{"name":"FB","high":2,"low":1,"ts":"2020-05-14 09:31:00-04:00"}
				""");
		long started = System.nanoTime();

		Commands.Result replay = run("bin/replay", file.toString(), "--stream", "replay-paced", "--speed", "60");

		assertThat(replay.exit()).as(replay.err()).isZero();
		assertThat(Duration.ofNanos(System.nanoTime() - started)).as("two minutes of ticks at 60 times")
			.isGreaterThanOrEqualTo(Duration.ofSeconds(2));
		assertThat(this.streams.readAll("replay-paced"))
			.extracting((record) -> JSON.readTree(record.data()).get("ts").asString())
			.containsExactly("2020-05-14 09:30:00-04:00", "2020-05-14 09:31:00-04:00", "2020-05-14 09:32:00-04:00");
	}

	@Test
	void followingAStreamPrintsRecordsAsTheyArrive(@TempDir Path folder) throws Exception {
		this.streams.create("replay-followed", 2);
		Path out = folder.resolve("followed.ndjson");
		Process follow = command("bin/read-stream", "replay-followed", "--follow").redirectOutput(out.toFile())
			.redirectError(folder.resolve("follow.err").toFile())
			.start();
		try {
			List<String> records = Files.readAllLines(SAMPLE_DAY).subList(0, 50);
			Path file = folder.resolve("part.ndjson");
			Files.write(file, records);

			assertThat(run("bin/replay", file.toString(), "--stream", "replay-followed").exit()).isZero();

			await().atMost(TIMEOUT)
				.untilAsserted(() -> assertThat(Files.readAllLines(out)).containsExactlyInAnyOrderElementsOf(records));
			assertThat(follow.isAlive()).as("it follows until stopped").isTrue();
		}
		finally {
			follow.destroy();
			follow.waitFor(10, TimeUnit.SECONDS);
		}
	}

	@Test
	void aMissingStreamIsSaidPlainly() throws Exception {
		Commands.Result read = run("bin/read-stream", "no-such-stream");

		assertThat(read.exit()).isEqualTo(1);
		assertThat(read.err()).contains("no stream no-such-stream at http://127.0.0.1:" + LocalAws.kinesisPort());
		assertThat(run("bin/replay", SAMPLE_DAY.toString(), "--stream", "no-such-stream").exit()).isEqualTo(1);
	}

	private static String companyOf(String record) {
		JsonNode tree;
		try {
			tree = JSON.readTree(record);
		}
		catch (RuntimeException ex) {
			return "unnamed";
		}
		return tree.path("name").isString() ? tree.get("name").asString().toUpperCase() : "unnamed";
	}

	private static Map<String, List<String>> byCompany(List<String> lines) {
		Map<String, List<String>> companies = new TreeMap<>();
		lines.forEach((line) -> companies.computeIfAbsent(companyOf(line), (name) -> new ArrayList<>()).add(line));
		return companies;
	}

	private static Commands.Result run(String... command) throws IOException, InterruptedException {
		return Commands.run(command(command), TIMEOUT);
	}

	private static ProcessBuilder command(String... command) {
		ProcessBuilder builder = new ProcessBuilder(command);
		builder.environment().put("KINESIS_PORT", Integer.toString(LocalAws.kinesisPort()));
		builder.environment().remove("AWS_ENDPOINT_URL_KINESIS");
		builder.environment().remove("AWS_ENDPOINT_URL");
		builder.environment().remove("AWS_ACCESS_KEY_ID");
		return builder;
	}

}
