package io.tickstream.lambda;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.tickstream.HostileInputs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * One HTTP contract, two surfaces: the same requests against the local web server and the
 * Lambda handler (as API Gateway and function URLs deliver them) get the same status, the
 * same format and the same problem. Then generated hostile inputs against both: only 2xx
 * and 4xx, no internals, each case within a bound.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "tickstream.max-input-size=64KB")
class HttpContractTests {

	private static final String FB = "{\"name\":\"fb\",\"high\":206.93,\"low\":205.1,\"ts\":\"2020-05-14 15:01:00-04:00\"}";

	private static final String NDJSON = FB + "\n" + FB.replace("206.93", "207") + "\n";

	/** Not a timing: far above any case's cost, so that a hang fails. */
	private static final Duration BOUND = Duration.ofSeconds(10);

	private static final Map<String, LambdaHandler> handlers = new HashMap<>();

	private final HttpClient client = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	/** function, body, Accept, status, Content-Type, problem title. */
	static Stream<Object[]> cases() {
		byte[] invalidUtf8 = FB.getBytes(StandardCharsets.UTF_8);
		invalidUtf8[3] = (byte) 0xFF;
		return Stream.of(new Object[] { "ingest", FB, null, 200, "application/json", null },
				new Object[] { "ingest", FB.replace("206.93", "\"NaN\""), null, 400, "application/problem+json",
						"Invalid record" },
				new Object[] { "ingest", FB.replace("206.93", "1e999999999"), null, 400, "application/problem+json",
						"Invalid record" },
				new Object[] { "ingest", "{\"name\": FB}", null, 400, "application/problem+json", "Malformed input" },
				new Object[] { "ingest", invalidUtf8, null, 400, "application/problem+json", "Malformed input" },
				new Object[] { "hourlyHigh", "", null, 400, "application/problem+json", "Malformed input" },
				new Object[] { "hourlyHigh", NDJSON, "text/csv", 200, "text/csv", null },
				new Object[] { "hourlyHigh", NDJSON, "text/*", 200, "text/csv", null },
				new Object[] { "hourlyHigh", NDJSON, "*/*", 200, "application/json", null },
				new Object[] { "hourlyHigh", NDJSON, "text/csv;q=0.5, application/json", 200, "application/json",
						null },
				new Object[] { "hourlyHigh", NDJSON, "application/xml, text/csv;q=0.1", 200, "text/csv", null },
				new Object[] { "ingest", FB, "text/csv", 406, "application/problem+json", "Not Acceptable" },
				new Object[] { "ingest", FB, "foo", 406, "application/problem+json", "Not Acceptable" },
				new Object[] { "hourlyHigh", NDJSON, "application/json;q=0", 406, "application/problem+json",
						"Not Acceptable" },
				new Object[] { "hourlyHigh", (FB + "\n").repeat(1000), null, 413, "application/problem+json",
						"Body too large" },
				new Object[] { "hourlyHigh", "\uFEFF" + NDJSON, null, 200, "application/json", null },
				new Object[] { "slidingWindows", NDJSON, null, 200, "application/json", null },
				new Object[] { "slidingWindows?size=PT1H&slide=PT10M", NDJSON, "text/csv", 200, "text/csv", null },
				new Object[] { "slidingWindows?size=PT12M", NDJSON, null, 400, "application/problem+json",
						"Invalid parameter" },
				new Object[] { "slidingWindows?slide=PT30S", NDJSON, null, 400, "application/problem+json",
						"Invalid parameter" },
				new Object[] { "slidingWindows?size=fifteen", NDJSON, null, 400, "application/problem+json",
						"Invalid parameter" },
				new Object[] { "slidingWindows?size=PT24H&slide=PT1M", NDJSON, null, 200, "application/json", null },
				new Object[] { "slidingWindows", "{\"name\": FB", null, 400, "application/problem+json",
						"Malformed input" },
				new Object[] { "slidingWindows", NDJSON, "application/xml", 406, "application/problem+json",
						"Not Acceptable" });
	}

	@ParameterizedTest(name = "{0} {2}: {3}")
	@MethodSource("cases")
	void theWebServerAndLambdaAnswerAlike(String function, Object body, String accept, int status, String type,
			String title) throws Exception {
		byte[] bytes = (body instanceof byte[] raw) ? raw : ((String) body).getBytes(StandardCharsets.UTF_8);
		Answer web = web(function, bytes, accept);
		for (int shape = 0; shape < 3; shape++) {
			Answer lambda = lambda(function, shape, bytes, accept);
			assertThat(lambda).as("Lambda (event shape %d) like the web server", shape).isEqualTo(web);
		}
		assertThat(web.status()).isEqualTo(status);
		assertThat(web.type()).isEqualTo(type);
		assertThat(web.title()).isEqualTo(title);
	}

	/**
	 * Every body is read by its shape, whatever type it is declared as, or refused with
	 * 415: never parsed as a form (curl's default type) and answered as if it were read.
	 */
	@ParameterizedTest(name = "{0}")
	@MethodSource("declaredTypes")
	void aBodyIsReadWhateverItIsDeclaredAsOrRefused(String contentType, boolean read) throws Exception {
		byte[] day = sampleDay();
		for (String function : List.of("ingest", "hourlyHigh", "slidingWindows?size=PT1H&slide=PT10M")) {
			Answer expected = web(function, day, null, "application/x-ndjson");
			Answer web = web(function, day, null, contentType);
			for (int shape = 0; shape < 3; shape++) {
				Answer lambda = lambda(function, shape, day, null, contentType);
				assertThat(lambda).as("%s on Lambda (event shape %d) like the web server", function, shape)
					.isEqualTo(web);
			}
			if (read) {
				assertThat(web).as(function).isEqualTo(expected);
				assertThat(web.status()).isEqualTo(200);
				assertThat(web.content()).as("all 500 records read").contains("\"rejectedCount\":0");
			}
			else {
				assertThat(web.status()).as(function).isEqualTo(415);
				assertThat(web.title()).isEqualTo("Unsupported Media Type");
				assertThat(web.content()).contains("application/json", "application/x-ndjson");
			}
		}
	}

	static Stream<Object[]> declaredTypes() {
		return Stream.of(new Object[] { null, true }, new Object[] { "application/x-www-form-urlencoded", true },
				new Object[] { "application/x-www-form-urlencoded; charset=UTF-8", true },
				new Object[] { "text/plain", true }, new Object[] { "application/octet-stream", true },
				new Object[] { "application/json", true }, new Object[] { "application/json;charset=utf-8", true },
				new Object[] { "application/jsonl", true }, new Object[] { "application/vnd.api+json", true },
				new Object[] { "multipart/form-data; boundary=x", false }, new Object[] { "application/xml", false },
				new Object[] { "text/html", false }, new Object[] { "application/*", false },
				new Object[] { "ndjson", false }, new Object[] { "application/x-ndjson; charset=iso-8859-1", false });
	}

	/** The first records of the sample day, within this test's 64 KB limit. */
	private static byte[] sampleDay() throws Exception {
		List<String> lines = Files.readAllLines(Path.of("samples/ticks-2020-05-14.ndjson"));
		return (String.join("\n", lines.subList(0, 500)) + "\n").getBytes(StandardCharsets.UTF_8);
	}

	@Test
	void generatedHostileInputsGetOnlyClientAnswersOnBothSurfaces() throws Exception {
		HostileInputs inputs = new HostileInputs(42L);
		String[] accepts = { null, "application/json", "text/csv", "*/*", "foo", "text/csv;q=0.1, */*;q=0.5" };
		for (int i = 0; i < 1000; i++) {
			String function = (i % 2 == 0) ? "ingest" : "hourlyHigh";
			byte[] input = inputs.input();
			String accept = accepts[i % accepts.length];
			int index = i;
			Answer web = assertTimeoutPreemptively(BOUND, () -> web(function, input, accept));
			Answer lambda = assertTimeoutPreemptively(BOUND, () -> lambda(function, index, input, accept));
			assertThat(web.status()).as("case %d", i).isIn(200, 400, 406, 413);
			assertThat(lambda).as("case %d on Lambda", i).isEqualTo(web);
		}
		// the server still answers
		assertThat(web("ingest", FB.getBytes(StandardCharsets.UTF_8), null).status()).isEqualTo(200);
	}

	@Test
	void generatedHostileDirectInvocationsGetOnlyAnswers() throws Exception {
		HostileInputs inputs = new HostileInputs(43L);
		for (int i = 0; i < 1000; i++) {
			String record = inputs.record();
			String event = (i % 2 == 0) ? record : "[" + record + "," + record + "]";
			JsonNode answer = LambdaEvents
				.tree(invoke((i % 4 < 2) ? "ingest" : "hourlyHigh", event.getBytes(StandardCharsets.UTF_8)));
			if (answer.has("status")) {
				assertThat(answer.get("status").asInt()).as("case %d", i).isIn(400, 413);
				assertThat(answer.toString()).doesNotContain("Exception", "\\tat ");
			}
		}
	}

	private Answer web(String function, byte[] body, String accept) throws Exception {
		return web(function, body, accept, "application/x-ndjson");
	}

	private Answer web(String function, byte[] body, String accept, String contentType) throws Exception {
		HttpRequest.Builder request = HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/" + function))
			.POST(BodyPublishers.ofByteArray(body));
		if (contentType != null) {
			request.header("Content-Type", contentType);
		}
		if (accept != null) {
			request.header("Accept", accept);
		}
		HttpResponse<String> response = this.client.send(request.build(), BodyHandlers.ofString());
		return Answer.of(response.statusCode(), response.headers().firstValue("Content-Type").orElse(null),
				response.body());
	}

	/**
	 * @param function a function's name, with a query string where the case has one
	 */
	private Answer lambda(String function, int shape, byte[] body, String accept) throws Exception {
		return lambda(function, shape, body, accept, null);
	}

	private Answer lambda(String function, int shape, byte[] body, String accept, String contentType) throws Exception {
		Map<String, String> headers = new HashMap<>();
		if (accept != null) {
			headers.put("accept", accept);
		}
		if (contentType != null) {
			headers.put((shape == 0) ? "Content-Type" : "content-type", contentType); // REST
																						// keeps
																						// the
																						// case
		}
		String[] path = function.split("\\?", 2);
		Map<String, String> parameters = new HashMap<>();
		if (path.length == 2) {
			for (String parameter : path[1].split("&")) {
				String[] pair = parameter.split("=", 2);
				parameters.put(pair[0], pair[1]);
			}
		}
		JsonNode response = LambdaEvents
			.tree(invoke(path[0], LambdaEvents.withParameters(LambdaEvents.http(shape, body, headers), parameters)));
		return Answer.of(response.get("statusCode").asInt(), response.get("headers").get("Content-Type").asString(),
				response.get("body").asString());
	}

	/**
	 * The Lambda handler of a function, started at its first event with the contract's
	 * limit.
	 */
	static synchronized byte[] invoke(String function, byte[] event) throws Exception {
		LambdaHandler handler = handlers.get(function);
		ByteArrayOutputStream output = new ByteArrayOutputStream();
		if (handler == null) {
			// the handler reads its settings when it starts, at its first event
			System.setProperty("spring.cloud.function.definition", function);
			System.setProperty("tickstream.max-input-size", "64KB");
			try {
				handler = new LambdaHandler();
				handler.handleRequest(new ByteArrayInputStream(event), output, new TestContext());
				handlers.put(function, handler);
				return output.toByteArray();
			}
			finally {
				for (String property : List.of("MAIN_CLASS", "spring.cloud.function.definition",
						"tickstream.max-input-size")) {
					System.clearProperty(property);
				}
			}
		}
		handler.handleRequest(new ByteArrayInputStream(event), output, new TestContext());
		return output.toByteArray();
	}

	/**
	 * What the two surfaces must agree on: the status, the format, and for a problem its
	 * title and detail; for a success the body itself.
	 */
	record Answer(int status, String type, String title, String content) {

		static Answer of(int status, String contentType, String body) {
			String type = (contentType != null) ? contentType.split(";")[0].trim() : null;
			if ("application/problem+json".equals(type)) {
				JsonNode problem = LambdaEvents.tree(body.getBytes(StandardCharsets.UTF_8));
				assertThat(body).doesNotContain("Exception", "\\tat ", "java.");
				return new Answer(status, type, problem.get("title").asString(), problem.get("detail").asString());
			}
			return new Answer(status, type, null, "application/json".equals(type)
					? LambdaEvents.tree(body.getBytes(StandardCharsets.UTF_8)).toString() : body);
		}

	}

}
