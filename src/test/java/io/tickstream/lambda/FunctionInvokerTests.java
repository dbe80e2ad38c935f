package io.tickstream.lambda;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static io.tickstream.Json.JSON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The Lambda handler (Spring Cloud Function's {@code FunctionInvoker}), in-process, with
 * real event shapes: API Gateway REST (1.0) and HTTP (2.0) APIs, a function URL, and
 * direct invocation.
 */
class FunctionInvokerTests {

	private static final String FB = "{\"name\":\"fb\",\"high\":206.93,\"low\":205.1,\"ts\":\"2020-05-14 15:01:00-04:00\"}";

	private static final String NDJSON = """
			{"name":"fb","high":2,"low":1,"ts":"2020-05-14 09:31:00-04:00"}
			{"name":"FB","high":3.0,"low":1,"ts":"2020-05-14 09:45:00-04:00"}
			{"name":"FB","high":9,"low":10,"ts":"2020-05-14 10:00:00-04:00"}
			""";

	private static LambdaHandler ingest;

	private static LambdaHandler hourlyHigh;

	@BeforeAll
	static void startInvokers() {
		ingest = invoker("ingest");
		hourlyHigh = invoker("hourlyHigh");
	}

	@AfterAll
	static void clearProperties() {
		System.clearProperty("MAIN_CLASS");
		System.clearProperty("spring.cloud.function.definition");
		System.clearProperty("tickstream.max-input-size");
	}

	/** As Lambda starts it: the function chosen by the definition alone. */
	private static LambdaHandler invoker(String definition) {
		clearProperties();
		System.setProperty("spring.cloud.function.definition", definition);
		System.setProperty("tickstream.max-input-size", "64KB");
		return new LambdaHandler();
	}

	@Nested
	class RestApi {

		@Test
		void answersHourlyHighsAsAJsonObjectWithOnlyItsOwnHeaders() throws IOException {
			JsonNode response = invoke(hourlyHigh,
					LambdaEvents.restApi(NDJSON, Map.of("Content-Type", "application/x-ndjson", "X-Secret", "s3cr3t")));

			assertThat(response.get("statusCode").asInt()).isEqualTo(200);
			assertThat(headerNames(response)).containsExactly("Content-Type");
			assertThat(response.get("headers").get("Content-Type").asString()).isEqualTo("application/json");
			assertThat(response.get("isBase64Encoded").asBoolean()).isFalse();
			JsonNode body = JSON.readTree(response.get("body").asString());
			assertThat(body.get("results")).hasSize(1);
			assertThat(body.get("results").get(0).get("high").decimalValue()).isEqualByComparingTo("3.0");
			assertThat(body.get("rejected").get(0).get("reason").asString()).isEqualTo("low 10 is greater than high 9");
		}

		@Test
		void refusesMalformedJsonWith400() throws IOException {
			JsonNode response = invoke(hourlyHigh, LambdaEvents.restApi("{\"name\": FB}", Map.of()));

			assertProblem(response, 400, "Malformed input", "malformed JSON: ");
		}

		@Test
		void decodesABase64EncodedBody() throws IOException {
			JsonNode response = invoke(ingest, LambdaEvents.restApiBase64(FB));

			assertThat(response.get("statusCode").asInt()).isEqualTo(200);
			assertThat(response.get("isBase64Encoded").asBoolean()).isFalse();
			assertThat(JSON.readTree(response.get("body").asString()).get("name").asString()).isEqualTo("FB");
		}

		@Test
		void answersTheSampleWhoseBodyIsNotTheBase64ItClaimsWith400() throws IOException {
			JsonNode response = invoke(ingest, LambdaEvents.restApiSample());

			assertProblem(response, 400, "Malformed input",
					"the body is marked base64-encoded but is not valid base64");
		}

		@Test
		void refusesABodyOverTheLimitWith413() throws IOException {
			JsonNode response = invoke(hourlyHigh, LambdaEvents.restApi(FB.repeat(1000), Map.of()));

			assertProblem(response, 413, "Body too large", "the request body is larger than 65536 bytes");
		}

	}

	@Nested
	class HttpApi {

		@Test
		void answersOneRecordWithTheNormalisedRecord() throws IOException {
			JsonNode response = invoke(ingest, LambdaEvents.httpApi(FB, Map.of("content-type", "application/json")));

			assertThat(response.get("statusCode").asInt()).isEqualTo(200);
			assertThat(JSON.readTree(response.get("body").asString())).isEqualTo(JSON
				.readTree("{\"name\":\"FB\",\"high\":206.93,\"low\":205.1,\"ts\":\"2020-05-14T15:01:00-04:00\"}"));
		}

		@Test
		void refusesOneInvalidRecordWith400NamingTheField() throws IOException {
			JsonNode response = invoke(ingest, LambdaEvents.httpApi(FB.replace("206.93", "\"NaN\""), Map.of()));

			assertProblem(response, 400, "Invalid record", "high must be a finite number, was NaN");
		}

		@Test
		void reportsTheInvalidRecordsOfABatch() throws IOException {
			JsonNode response = invoke(ingest, LambdaEvents.httpApi("[" + FB + ",{}]", Map.of()));

			assertThat(response.get("statusCode").asInt()).isEqualTo(200);
			JsonNode body = JSON.readTree(response.get("body").asString());
			assertThat(body.get("accepted")).hasSize(1);
			assertThat(body.get("rejected").get(0).get("index").asInt()).isEqualTo(1);
		}

	}

	@Nested
	class FunctionUrl {

		@Test
		void answersCsvWhenAskedFor() throws IOException {
			JsonNode response = invoke(hourlyHigh, LambdaEvents.functionUrl(NDJSON, Map.of("accept", "text/csv")));

			assertThat(response.get("statusCode").asInt()).isEqualTo(200);
			assertThat(response.get("headers").get("Content-Type").asString()).isEqualTo("text/csv;charset=UTF-8");
			assertThat(response.get("body").asString()).isEqualTo("""
					name,hour,ts,max_high
					FB,2020-05-14T09:00:00-04:00,2020-05-14T09:45:00-04:00,3.0
					""");
		}

		@Test
		void refusesAnEmptyBodyWith400() throws IOException {
			JsonNode response = invoke(ingest, LambdaEvents.functionUrl("", Map.of()));

			assertProblem(response, 400, "Malformed input", "the input is empty");
		}

	}

	@Nested
	class DirectInvocation {

		@Test
		void answersWithTheResultItself() throws IOException {
			JsonNode response = invoke(hourlyHigh, ("[" + FB + "]").getBytes(StandardCharsets.UTF_8));

			assertThat(response.get("results").get(0).get("high").decimalValue()).isEqualByComparingTo("206.93");
			assertThat(response.get("rejected")).isEmpty();
		}

		@Test
		void answersAnInvalidRecordWithAProblemNotAnError() throws IOException {
			JsonNode response = invoke(ingest, "{\"name\":\"FB\"}".getBytes(StandardCharsets.UTF_8));

			assertThat(response.get("status").asInt()).isEqualTo(400);
			assertThat(response.get("detail").asString()).startsWith("ts is missing");
		}

	}

	@Nested
	class WhatItAnswers {

		@Test
		void failsAKinesisEventForAFunctionThatIsNoStepOfTheStreamPipeline() {
			assertThatIllegalArgumentException()
				.isThrownBy(() -> invoke(hourlyHigh, LambdaEvents.resource("kinesis_event.json")))
				.withMessageStartingWith("Unsupported event: a Kinesis batch, but hourlyHigh is no step");
		}

		@Test
		void failsAnSqsEvent() {
			byte[] sqs = "{\"Records\":[{\"messageId\":\"1\",\"body\":\"{}\",\"eventSource\":\"aws:sqs\"}]}"
				.getBytes(StandardCharsets.UTF_8);

			assertThatIllegalArgumentException().isThrownBy(() -> invoke(hourlyHigh, sqs))
				.withMessageContaining("aws:sqs");
		}

		@Test
		void failsAnEventBridgeEvent() {
			byte[] event = "{\"version\":\"0\",\"detail-type\":\"Scheduled Event\",\"source\":\"aws.events\",\"detail\":{}}"
				.getBytes(StandardCharsets.UTF_8);

			assertThatIllegalArgumentException().isThrownBy(() -> invoke(ingest, event))
				.withMessageContaining("EventBridge");
		}

		@Test
		void takesARecordWhateverItsOtherFieldsAreCalled() throws IOException {
			JsonNode response = invoke(ingest,
					FB.replace("}", ",\"headers\":1,\"payload\":{\"name\":\"X\"}}").getBytes(StandardCharsets.UTF_8));

			assertThat(response.get("name").asString()).isEqualTo("FB");
		}

		@Test
		void takesAStringOfNewlineDelimitedRecords() throws IOException {
			JsonNode response = invoke(hourlyHigh, JSON.writeValueAsBytes(NDJSON));

			assertThat(response.get("results").get(0).get("high").decimalValue()).isEqualByComparingTo("3.0");
		}

		@Test
		void keepsTheAnswerToManyBadRecordsSmall() throws IOException {
			JsonNode response = invoke(hourlyHigh, LambdaEvents.functionUrl("{}\n".repeat(20_000), Map.of()));

			JsonNode body = JSON.readTree(response.get("body").asString());
			assertThat(response.get("statusCode").asInt()).isEqualTo(200);
			assertThat(body.get("rejectedCount").asInt()).isEqualTo(20_000);
			assertThat(body.get("rejected")).hasSize(1000);
			assertThat(response.toString().length()).isLessThan(HttpContract.MAX_RESPONSE_BYTES);
		}

	}

	private static JsonNode invoke(LambdaHandler invoker, byte[] event) throws IOException {
		ByteArrayOutputStream output = new ByteArrayOutputStream();
		invoker.handleRequest(new ByteArrayInputStream(event), output, new TestContext());
		return LambdaEvents.tree(output.toByteArray());
	}

	private static Iterable<String> headerNames(JsonNode response) {
		return response.get("headers").propertyNames();
	}

	private static void assertProblem(JsonNode response, int status, String title, String detailStart) {
		assertThat(response.get("statusCode").asInt()).isEqualTo(status);
		assertThat(response.get("headers").get("Content-Type").asString()).isEqualTo("application/problem+json");
		JsonNode problem = JSON.readTree(response.get("body").asString());
		// RFC 9457's members, a member without a value left out (not null)
		assertThat(problem.propertyNames()).containsExactlyInAnyOrder("title", "status", "detail");
		assertThat(problem.get("status").asInt()).isEqualTo(status);
		assertThat(problem.get("title").asString()).isEqualTo(title);
		assertThat(problem.get("detail").asString()).startsWith(detailStart);
	}

}
