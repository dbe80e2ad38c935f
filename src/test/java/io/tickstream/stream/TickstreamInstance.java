package io.tickstream.stream;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.awaitility.Awaitility;

/**
 * The packaged application, run as users run it ({@code java -jar} with the
 * {@code kinesis} and {@code local} profiles) against the test's emulators and streams,
 * so that a test can stop it gracefully or kill it with SIGKILL.
 */
public final class TickstreamInstance implements AutoCloseable {

	/** The steps an instance runs; tests of the hourly highs leave the windows out. */
	public static final String INPUT_BINDINGS = "spring.cloud.stream.input-bindings";

	/** The name of an instance's KCL worker, random unless set. */
	public static final String WORKER_ID = "spring.cloud.stream.kinesis.default.consumer.worker-id";

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	private final Process process;

	private final Path log;

	private TickstreamInstance(Process process, Path log) {
		this.process = process;
		this.log = log;
	}

	/**
	 * Starts an instance and waits until it has started.
	 * @param names the prefix of this test's streams and tables
	 * @param settings further {@code --name=value} settings
	 */
	public static TickstreamInstance start(String names, Map<String, String> settings) throws Exception {
		return start(names, settings, LocalAws.kinesisPort(), LocalAws.dynamoDbPort());
	}

	/**
	 * Starts an instance whose KCL worker has the given name (as the lease tables show
	 * it), with the lease duration and batch size given.
	 */
	public static TickstreamInstance startAs(String names, String worker, Duration lease, int batchSize)
			throws Exception {
		return start(names, Map.of(WORKER_ID, worker, "tickstream.streams.lease", lease.toSeconds() + "s",
				"tickstream.streams.batch-size", Integer.toString(batchSize)));
	}

	/**
	 * Starts an instance that reaches Kinesis and DynamoDB on the given ports (a proxy in
	 * front of the emulators).
	 */
	public static TickstreamInstance start(String names, Map<String, String> settings, int kinesisPort,
			int dynamoDbPort) throws Exception {
		List<String> command = new ArrayList<>(List.of(
				Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
				"-XX:TieredStopAtLevel=1", "-jar", System.getProperty("tickstream.app.jar"),
				"--spring.profiles.active=kinesis,local", "--server.port=0",
				"--spring.cloud.aws.kinesis.endpoint=http://127.0.0.1:" + kinesisPort,
				"--spring.cloud.aws.dynamodb.endpoint=http://127.0.0.1:" + dynamoDbPort,
				"--tickstream.streams.raw=" + names + "-ticks-raw", "--tickstream.streams.ticks=" + names + "-ticks",
				"--tickstream.streams.dead-letters=" + names + "-ticks-dlq",
				"--tickstream.streams.hourly-highs=" + names + "-hourly-highs",
				"--tickstream.streams.state-table=" + names + "-hourly-highs",
				"--tickstream.streams.window-stats=" + names + "-window-stats",
				"--tickstream.streams.late-ticks=" + names + "-ticks-late",
				"--tickstream.streams.window-table=" + names + "-windows"));
		if (!settings.containsKey(INPUT_BINDINGS)) {
			// the sliding windows have tests of their own
			// (KinesisWindowsIntegrationTests)
			command.add("--" + INPUT_BINDINGS + "=ingestStream;hourlyHighUpdatesStream");
		}
		settings.forEach((name, value) -> command.add("--" + name + "=" + value));
		// kept after the run, for reading when a test fails
		Path logs = Files.createDirectories(Path.of(System.getProperty("tickstream.it-logs", "target/it-logs")));
		Path log = Files.createTempFile(logs, names + "-", ".log");
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
		builder.environment().put("AWS_EC2_METADATA_DISABLED", "true");
		TickstreamInstance instance = new TickstreamInstance(builder.start(), log);
		instance.awaitLog("Started TickstreamApplication", Duration.ofSeconds(120));
		return instance;
	}

	void awaitLog(String text, Duration timeout) {
		Awaitility.await("'" + text + "' in the log").atMost(timeout).pollInterval(Duration.ofMillis(200)).until(() -> {
			if (!this.process.isAlive()) {
				throw new IllegalStateException("tickstream exited (" + this.process.exitValue() + "):\n" + log());
			}
			return log().contains(text);
		});
	}

	public String log() throws IOException {
		return Files.readString(this.log);
	}

	/**
	 * {@code GET /actuator/health} (or one of its groups, e.g. {@code /readiness}) on the
	 * instance's own port.
	 */
	HttpResponse<String> health(String group) throws IOException, InterruptedException {
		return get("/actuator/health" + group);
	}

	/** {@code GET} a path of the instance's own port. */
	HttpResponse<String> get(String path) throws IOException, InterruptedException {
		return HTTP.send(request(path).build(), HttpResponse.BodyHandlers.ofString());
	}

	/**
	 * Follows a stream of lines (server-sent events) of the instance's own port in the
	 * background, for as long as the instance runs.
	 */
	void follow(String path, Consumer<String> line) throws IOException, InterruptedException {
		// returns once the instance answered the headers: from then on it sends what
		// happens
		HttpResponse<Stream<String>> response = HTTP.send(request(path).header("Accept", "text/event-stream").build(),
				HttpResponse.BodyHandlers.ofLines());
		if (response.statusCode() != 200) {
			throw new IllegalStateException(path + " answered " + response.statusCode());
		}
		Thread reader = new Thread(() -> {
			try {
				response.body().forEach(line);
			}
			catch (UncheckedIOException ex) {
				// the instance stopped: nothing more to follow
			}
		}, "follow " + path);
		reader.setDaemon(true);
		reader.start();
	}

	/** {@code POST} a JSON body to the instance's own port. */
	HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
		return HTTP.send(request(path).header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	/** A request to the port the instance logged at start ({@code server.port=0}). */
	private HttpRequest.Builder request(String path) throws IOException {
		return HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(30));
	}

	/** A path of the instance's own port, as a page's address. */
	public String url(String path) throws IOException {
		Matcher port = Pattern.compile("Tomcat started on port (\\d+)").matcher(log());
		if (!port.find()) {
			throw new IllegalStateException("the instance logged no port:\n" + log());
		}
		return "http://127.0.0.1:" + port.group(1) + path;
	}

	/** SIGTERM: the application shuts down gracefully. */
	public void stop() throws InterruptedException {
		this.process.destroy();
		if (!this.process.waitFor(60, TimeUnit.SECONDS)) {
			throw new IllegalStateException("tickstream did not stop within 60 s");
		}
	}

	/** SIGKILL: the process ends at once, mid-batch, without a last checkpoint. */
	public void kill() throws InterruptedException {
		this.process.destroyForcibly();
		this.process.waitFor(30, TimeUnit.SECONDS);
	}

	@Override
	public void close() throws Exception {
		if (this.process.isAlive()) {
			kill();
		}
	}

}
