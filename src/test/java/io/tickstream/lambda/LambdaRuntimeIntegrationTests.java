package io.tickstream.lambda;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.tickstream.DataSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static io.tickstream.Json.JSON;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged {@code aws} jar, unzipped and run by AWS's own Lambda runtime interface
 * client (the runtime of Lambda's managed Java runtimes) against a local Runtime API,
 * with real events and real data.
 */
class LambdaRuntimeIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(90);

	@TempDir
	static Path taskRoot;

	private static LambdaRuntimeApi api;

	private static LambdaTask hourlyHigh;

	@BeforeAll
	static void startTheFunction() throws Exception {
		Path jar = Path.of(System.getProperty("tickstream.lambda.jar"));
		assertThat(jar).as("the aws jar, built by the package phase").exists();
		LambdaTask.unzip(jar, taskRoot);
		api = new LambdaRuntimeApi();
		hourlyHigh = LambdaTask.start(taskRoot, runtimeJars(), api,
				Map.of("SPRING_CLOUD_FUNCTION_DEFINITION", "hourlyHigh"));
	}

	@AfterAll
	static void stopTheFunction() throws Exception {
		if (hourlyHigh != null) {
			hourlyHigh.close();
		}
		if (api != null) {
			api.close();
		}
	}

	/**
	 * SnapStart: the runtime runs the {@code beforeCheckpoint} hooks, then asks to be
	 * restored (where Lambda takes the snapshot); the function was primed by then, and
	 * answers after the restore.
	 */
	@Test
	void withSnapStartTheFunctionIsPrimedBeforeTheSnapshotAndAnswersAfterTheRestore() throws Exception {
		try (LambdaRuntimeApi snapStart = new LambdaRuntimeApi();
				LambdaTask slidingWindows = LambdaTask.start(taskRoot, runtimeJars(), snapStart,
						Map.of("SPRING_CLOUD_FUNCTION_DEFINITION", "slidingWindows", "AWS_LAMBDA_INITIALIZATION_TYPE",
								"snap-start"))) {
			snapStart.awaitRestore(TIMEOUT, slidingWindows);
			assertThat(slidingWindows.log()).contains("SnapStart: slidingWindows primed with 2 requests");

			LambdaRuntimeApi.Result result = snapStart.invoke(
					LambdaEvents.httpApi("{\"name\":\"FB\",\"high\":2,\"low\":1,\"ts\":\"2020-05-14 15:01:00-04:00\"}",
							Map.of("content-type", "application/json")),
					TIMEOUT, slidingWindows);

			assertThat(result.error()).isFalse();
			JsonNode response = JSON.readTree(result.body());
			assertThat(response.get("statusCode").asInt()).isEqualTo(200);
			assertThat(JSON.readTree(response.get("body").asString()).get("results")).hasSize(3);
			assertThat(slidingWindows.log()).contains("SnapStart: slidingWindows restored");
		}
	}

	/**
	 * A stream step deployed with its streams and tables (as the template does) gets its
	 * stage and AWS clients built before the snapshot, without a call to AWS (none runs
	 * here: a call would fail the hook).
	 */
	@Test
	void withSnapStartAStreamStepIsBuiltBeforeTheSnapshot() throws Exception {
		try (LambdaRuntimeApi snapStart = new LambdaRuntimeApi();
				LambdaTask hourlyHighUpdates = LambdaTask.start(taskRoot, runtimeJars(), snapStart,
						Map.of("SPRING_CLOUD_FUNCTION_DEFINITION", "hourlyHighUpdates",
								"AWS_LAMBDA_INITIALIZATION_TYPE", "snap-start", "TICKSTREAM_STREAMS_CREATE_MISSING",
								"false", "AWS_ENDPOINT_URL_KINESIS", "http://127.0.0.1:9", "AWS_ENDPOINT_URL_DYNAMODB",
								"http://127.0.0.1:9"))) {
			snapStart.awaitRestore(TIMEOUT, hourlyHighUpdates);
			assertThat(hourlyHighUpdates.log())
				.contains("SnapStart: hourlyHighUpdates primed with 0 requests and its stream stage built");
		}
	}

	@Test
	void restApiEventWithARealDataSetAnswersTheAthenaResult() throws Exception {
		DataSet dataSet = DataSet.load("YuboC_2020-05-14");

		JsonNode response = invokeHttp(
				LambdaEvents.restApi(dataSet.ndjson(), Map.of("Content-Type", "application/x-ndjson")));

		assertThat(response.get("statusCode").asInt()).isEqualTo(200);
		assertThat(response.get("headers").get("Content-Type").asString()).isEqualTo("application/json");
		dataSet.assertMatches(DataSet.results(JSON.readTree(response.get("body").asString())));
	}

	@Test
	void httpApiEventWithARealDataSetAnswersTheAthenaResult() throws Exception {
		DataSet dataSet = DataSet.load("dkfreitag_2021-05-11");

		JsonNode response = invokeHttp(
				LambdaEvents.httpApi(dataSet.ndjson(), Map.of("content-type", "application/x-ndjson")));

		assertThat(response.get("statusCode").asInt()).isEqualTo(200);
		dataSet.assertMatches(DataSet.results(JSON.readTree(response.get("body").asString())));
	}

	/**
	 * The sample day as {@code curl --data-binary @file} sends it through a function URL:
	 * declared a form, read as records all the same.
	 */
	@Test
	void theSampleDayWithCurlsDefaultTypeIsAnsweredInFull() throws Exception {
		DataSet dataSet = DataSet.load("YuboC_2020-05-14");
		String day = Files.readString(Path.of("samples/ticks-2020-05-14.ndjson"));

		JsonNode response = invokeHttp(
				LambdaEvents.functionUrl(day, Map.of("content-type", "application/x-www-form-urlencoded")));

		assertThat(response.get("statusCode").asInt()).isEqualTo(200);
		JsonNode answer = JSON.readTree(response.get("body").asString());
		assertThat(answer.get("rejectedCount").asInt()).isZero();
		dataSet.assertMatches(DataSet.results(answer));
	}

	@Test
	void directInvocationWithARealDataSetAnswersTheAthenaResult() throws Exception {
		DataSet dataSet = DataSet.load("Nafis-Chowdhury_2021-11-30");
		String array = "[" + String.join(",", dataSet.lines()) + "]";

		LambdaRuntimeApi.Result result = api.invoke(array.getBytes(StandardCharsets.UTF_8), TIMEOUT, hourlyHigh);

		assertThat(result.error()).as(result.body()).isFalse();
		dataSet.assertMatches(DataSet.results(JSON.readTree(result.body())));
	}

	@Test
	void badRequestIsA400ResponseNotALambdaError() throws Exception {
		JsonNode response = invokeHttp(LambdaEvents.httpApi("{\"name\": FB", Map.of()));

		assertThat(response.get("statusCode").asInt()).isEqualTo(400);
		assertThat(response.get("headers").get("Content-Type").asString()).isEqualTo("application/problem+json");
		assertThat(JSON.readTree(response.get("body").asString()).get("detail").asString())
			.startsWith("malformed JSON: ");
	}

	@Test
	void eachInvocationIsCountedAsOneEmbeddedMetricLine() throws Exception {
		String records = DataSet.load("YuboC_2020-05-14")
			.lines()
			.subList(0, 3)
			.stream()
			.collect(java.util.stream.Collectors.joining("\n")) + "\n{\"name\":\"FB\",\"high\":2,\"low\":3}";

		JsonNode response = invokeHttp(LambdaEvents.httpApi(records, Map.of("content-type", "application/x-ndjson")));

		assertThat(response.get("statusCode").asInt()).isEqualTo(200);
		List<JsonNode> metrics = hourlyHigh.log()
			.lines()
			.filter((line) -> line.startsWith("{\"_aws\""))
			.map(JSON::readTree)
			.filter((line) -> line.path("RecordsRead").asLong() == 4)
			.toList();
		assertThat(metrics).as(hourlyHigh.log()).singleElement().satisfies((line) -> {
			assertThat(line.path("function").asString()).isEqualTo("hourlyHigh");
			assertThat(line.path("RecordsAccepted").asLong()).isEqualTo(3);
			assertThat(line.path("RecordsRejected").asLong()).isEqualTo(1);
			assertThat(line.path("_aws").path("CloudWatchMetrics").get(0).path("Namespace").asString())
				.isEqualTo("tickstream");
		});
	}

	@Test
	void aFunctionThatCannotStartReportsAnInitErrorAndExits(@TempDir Path otherTaskRoot) throws Exception {
		assertInitError(otherTaskRoot, Map.of("SPRING_CLOUD_FUNCTION_DEFINITION", "noSuchFunction"),
				"'noSuchFunction' names no function; set it to one of "
						+ "[hourlyHigh, hourlyHighUpdates, ingest, slidingWindows]");
	}

	/**
	 * A clean start, as the template configures the log (ECS JSON lines): nothing at WARN
	 * or above, no line the application did not mean to write, and tickstream's own
	 * version, not the runtime client's.
	 */
	@Test
	void aCleanStartLogsQuietlyWithTickstreamsOwnVersion(@TempDir Path quietTaskRoot) throws Exception {
		LambdaTask.unzip(Path.of(System.getProperty("tickstream.lambda.jar")), quietTaskRoot);
		try (LambdaRuntimeApi quietApi = new LambdaRuntimeApi();
				LambdaTask quiet = LambdaTask.start(quietTaskRoot, runtimeJars(), quietApi, Map
					.of("SPRING_CLOUD_FUNCTION_DEFINITION", "ingest", "LOGGING_STRUCTURED_FORMAT_CONSOLE", "ecs"))) {
			LambdaRuntimeApi.Result result = quietApi.invoke(LambdaEvents
				.httpApi("{\"name\":\"FB\",\"high\":2,\"low\":1,\"ts\":\"2020-05-14 15:01:00-04:00\"}", Map.of()),
					TIMEOUT, quiet);
			assertThat(result.error()).as(quiet.log()).isFalse();

			String log = quiet.log();
			assertThat(log).doesNotContain("======>", "SOURCE:");
			List<JsonNode> lines = log.lines()
				.filter((line) -> line.startsWith("{\"@timestamp\""))
				.map(JSON::readTree)
				.toList();
			assertThat(lines).as(log).isNotEmpty().allSatisfy((line) -> {
				assertThat(line.at("/log/level").asString()).as(line.toString()).isIn("INFO", "DEBUG", "TRACE");
				assertThat(line.at("/service/version").asString()).as(line.toString())
					.isEqualTo(System.getProperty("tickstream.version"));
			});
		}
	}

	/** The web server's application has no Lambda surface: it must not start here. */
	@Test
	void anotherStartClassIsAnInitError(@TempDir Path otherTaskRoot) throws Exception {
		assertInitError(otherTaskRoot, Map.of("SPRING_CLOUD_FUNCTION_DEFINITION", "hourlyHigh", "MAIN_CLASS",
				"io.tickstream.TickstreamApplication"), "MAIN_CLASS is io.tickstream.TickstreamApplication");
	}

	private static void assertInitError(Path taskRoot, Map<String, String> environment, String message)
			throws Exception {
		LambdaTask.unzip(Path.of(System.getProperty("tickstream.lambda.jar")), taskRoot);
		try (LambdaRuntimeApi initApi = new LambdaRuntimeApi();
				LambdaTask broken = LambdaTask.start(taskRoot, runtimeJars(), initApi, environment)) {

			String error = initApi.awaitInitError(TIMEOUT);

			assertThat(error).contains(message);
			assertThat(broken.awaitExit(TIMEOUT)).as(broken.log()).isEqualTo(1);
		}
	}

	private static JsonNode invokeHttp(byte[] event) throws Exception {
		LambdaRuntimeApi.Result result = api.invoke(event, TIMEOUT, hourlyHigh);
		assertThat(result.error()).as("%s%n%s", result.body(), hourlyHigh.log()).isFalse();
		return JSON.readTree(result.body());
	}

	private static Path runtimeJars() {
		Path jars = Path.of(System.getProperty("tickstream.lambda.runtime"));
		assertThat(jars).as("the runtime interface client's jars, copied by the build").isDirectory();
		try (var files = Files.list(jars)) {
			assertThat(files.map((file) -> file.getFileName().toString()))
				.anyMatch((name) -> name.startsWith("aws-lambda-java-runtime-interface-client"));
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
		return jars;
	}

}
