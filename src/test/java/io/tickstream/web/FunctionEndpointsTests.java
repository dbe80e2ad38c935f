package io.tickstream.web;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static io.tickstream.Json.JSON;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HTTP contract of the local web server, against the application running on a random
 * port.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "tickstream.max-input-size=64KB")
class FunctionEndpointsTests {

	private static final String FB = "{\"name\":\"fb\",\"high\":206.93,\"low\":205.1,\"ts\":\"2020-05-14 15:01:00-04:00\",\"extra\":1}";

	private static final String NAN = "{\"name\":\"FB\",\"high\":NaN,\"low\":205.1,\"ts\":\"2020-05-14 15:02:00-04:00\"}";

	private final HttpClient client = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@Nested
	class Ingest {

		@Test
		void answersOneRecordWithTheNormalisedRecord() throws Exception {
			HttpResponse<String> response = post("/ingest", "application/json", FB);

			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.headers().firstValue("Content-Type"))
				.hasValueSatisfying((type) -> assertThat(type).startsWith("application/json"));
			assertThat(JSON.readTree(response.body())).isEqualTo(JSON
				.readTree("{\"name\":\"FB\",\"high\":206.93,\"low\":205.1,\"ts\":\"2020-05-14T15:01:00-04:00\"}"));
		}

		@Test
		void refusesOneInvalidRecordWithAProblemNamingTheField() throws Exception {
			HttpResponse<String> response = post("/ingest", "application/json", NAN);

			assertProblem(response, 400, "Invalid record", "high must be a finite number, was NaN");
		}

		@Test
		void reportsEveryRecordOfAnArray() throws Exception {
			HttpResponse<String> response = post("/ingest", "application/json", "[" + FB + "," + NAN + ",[]]");

			assertThat(response.statusCode()).isEqualTo(200);
			JsonNode body = JSON.readTree(response.body());
			assertThat(body.get("accepted")).hasSize(1);
			assertThat(body.get("accepted").get(0).get("name").asString()).isEqualTo("FB");
			assertThat(body.get("rejected")).isEqualTo(JSON.readTree("""
					[{"index":1,"reason":"high must be a finite number, was NaN"},
					 {"index":2,"reason":"record is not a JSON object"}]"""));
		}

		@Test
		void reportsEveryLineOfNewlineDelimitedJson() throws Exception {
			HttpResponse<String> response = post("/ingest", "application/x-ndjson",
					FB + "\n{\"name\":\"FB\",\"high\":\n" + FB.replace("fb", "amzn") + "\n");

			assertThat(response.statusCode()).isEqualTo(200);
			JsonNode body = JSON.readTree(response.body());
			assertThat(body.get("accepted")).hasSize(2);
			assertThat(body.get("rejected")).hasSize(1);
			assertThat(body.get("rejected").get(0).get("index").asInt()).isEqualTo(1);
			assertThat(body.get("rejected").get(0).get("reason").asString()).startsWith("malformed JSON on line 2: ");
		}

		@Test
		void refusesMalformedJsonSayingWhereItBroke() throws Exception {
			HttpResponse<String> response = post("/ingest", "application/json", "{\"name\": FB}");

			assertProblem(response, 400, "Malformed input", "malformed JSON: ");
			assertThat(JSON.readTree(response.body()).get("detail").asString()).endsWith("at line 1, column 10");
		}

		@Test
		void refusesAnEmptyBody() throws Exception {
			assertProblem(post("/ingest", "application/json", ""), 400, "Malformed input", "the input is empty");
		}

	}

	@Nested
	class HourlyHigh {

		private static final String NDJSON = """
				{"name":"fb","high":2,"low":1,"ts":"2020-05-14 09:31:00-04:00"}
				{"name":"FB","high":3,"low":1,"ts":"2020-05-14 09:45:00-04:00"}
				{"name":"FB","high":3.0,"low":1,"ts":"2020-05-14 09:40:00-04:00"}
				{"name":"AMZN","high":2400,"low":2300,"ts":"2020-05-14T10:05:00-04:00"}
				{"name":"FB","high":9,"low":10,"ts":"2020-05-14 10:00:00-04:00"}
				""";

		@Test
		void answersJsonSortedByNameAndHourWithRejectedRecords() throws Exception {
			HttpResponse<String> response = post("/hourlyHigh", "application/x-ndjson", NDJSON);

			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(JSON.readTree(response.body())).isEqualTo(JSON.readTree(
					"""
							{"results":[
							  {"name":"AMZN","hour":"2020-05-14T10:00:00-04:00","high":2400,"ts":"2020-05-14T10:05:00-04:00","count":1},
							  {"name":"FB","hour":"2020-05-14T09:00:00-04:00","high":3.0,"ts":"2020-05-14T09:40:00-04:00","count":3}],
							 "rejected":[{"index":4,"reason":"low 10 is greater than high 9"}],"rejectedCount":1}"""));
		}

		@Test
		void answersCsvWhenAskedFor() throws Exception {
			HttpResponse<String> response = send(
					request("/hourlyHigh", "application/x-ndjson", NDJSON).header("Accept", "text/csv"));

			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.headers().firstValue("Content-Type")).hasValue("text/csv;charset=UTF-8");
			assertThat(response.headers().firstValue("Rejected-Count")).hasValue("1");
			assertThat(response.body()).isEqualTo("""
					name,hour,ts,max_high
					AMZN,2020-05-14T10:00:00-04:00,2020-05-14T10:05:00-04:00,2400
					FB,2020-05-14T09:00:00-04:00,2020-05-14T09:40:00-04:00,3.0
					""");
		}

		@Test
		void acceptsAJsonArray() throws Exception {
			String array = "[" + String.join(",", NDJSON.strip().split("\n")) + "]";

			HttpResponse<String> response = post("/hourlyHigh", "application/json", array);

			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(JSON.readTree(response.body()).get("results")).hasSize(2);
		}

		@Test
		void answersAProblemEvenWhenCsvWasAskedFor() throws Exception {
			HttpResponse<String> response = send(
					request("/hourlyHigh", "application/json", "[{").header("Accept", "text/csv"));

			assertProblem(response, 400, "Malformed input", "malformed JSON: ");
		}

		@Test
		void refusesAFormatItCannotWrite() throws Exception {
			HttpResponse<String> response = send(
					request("/hourlyHigh", "application/json", FB).header("Accept", "application/xml"));

			assertThat(response.statusCode()).isEqualTo(406);
		}

	}

	@Nested
	class Limits {

		@Test
		void refusesABodyOverTheLimitWith413() throws Exception {
			HttpResponse<String> response = post("/hourlyHigh", "application/x-ndjson", largeBody());

			assertProblem(response, 413, "Body too large", "the request body is larger than 65536 bytes");
		}

		@Test
		void refusesAChunkedBodyOverTheLimitWith413() throws Exception {
			byte[] body = largeBody().getBytes(StandardCharsets.UTF_8);
			// a stream of unknown length is sent chunked, without Content-Length
			HttpRequest request = request("/hourlyHigh", "application/x-ndjson", "")
				.POST(BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body)))
				.build();

			assertProblem(FunctionEndpointsTests.this.client.send(request, BodyHandlers.ofString()), 413,
					"Body too large", "the request body is larger than 65536 bytes");
		}

		@Test
		void servesNeitherTheFunctionRouterNorCompositions() throws Exception {
			assertProblem(post("/functionRouter", "application/json", FB), 404, "Not Found", "no function at");
			assertProblem(post("/ingest,hourlyHigh", "application/json", FB), 404, "Not Found", "no function at");
			assertThat(post("/ingest%7ChourlyHigh", "application/json", FB).statusCode()).isEqualTo(404);
		}

		@Test
		void neverServesTheStreamStepThatChangesState() throws Exception {
			assertProblem(post("/hourlyHighUpdates", "application/json", FB), 404, "Not Found", "No static resource");
		}

		@Test
		void takesPostOnly() throws Exception {
			HttpResponse<String> response = send(HttpRequest
				.newBuilder(URI.create("http://127.0.0.1:" + FunctionEndpointsTests.this.port + "/ingest"))
				.GET());

			assertProblem(response, 405, "Method Not Allowed", "/ingest takes POST only");
			assertThat(response.headers().firstValue("Allow")).hasValue("POST");
		}

		@Test
		void answersAnUnknownPathWith404() throws Exception {
			HttpResponse<String> response = post("/nosuchfunction", "application/json", FB);

			assertThat(response.statusCode()).isEqualTo(404);
			assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		}

		@Test
		void neverEchoesRequestHeaders() throws Exception {
			HttpResponse<String> response = send(request("/ingest", "application/json", FB).header("X-Secret", "s3cr3t")
				.header("User-Agent", "tickstream-test"));

			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.headers().map().keySet()).map(String::toLowerCase)
				.doesNotContain("x-secret", "user-agent", "accept");
		}

		private static String largeBody() {
			StringBuilder body = new StringBuilder();
			while (body.length() <= 64 * 1024) {
				body.append(FB).append('\n');
			}
			return body.toString();
		}

	}

	private HttpRequest.Builder request(String path, String contentType, String body) {
		return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.header("Content-Type", contentType)
			.POST(BodyPublishers.ofString(body));
	}

	private HttpResponse<String> post(String path, String contentType, String body) throws Exception {
		return send(request(path, contentType, body));
	}

	private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
		return this.client.send(request.build(), BodyHandlers.ofString());
	}

	static void assertProblem(HttpResponse<String> response, int status, String title, String detailStart) {
		assertThat(response.statusCode()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		JsonNode problem = JSON.readTree(response.body());
		assertThat(problem.get("status").asInt()).isEqualTo(status);
		assertThat(problem.get("title").asString()).isEqualTo(title);
		assertThat(problem.get("detail").asString()).startsWith(detailStart);
		assertThat(response.body()).doesNotContain("Exception", "\tat ");
	}

}
