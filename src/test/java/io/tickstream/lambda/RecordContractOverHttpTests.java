package io.tickstream.lambda;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import io.tickstream.RecordContract;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The record contract's HTTP column, run on the two HTTP surfaces: the local web server
 * and Lambda behind API Gateway (HTTP API), each record posted to {@code /ingest}.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "tickstream.max-input-size=" + RecordContract.MAX_INPUT_SIZE)
class RecordContractOverHttpTests {

	private final HttpClient client = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	static List<RecordContract.Case> cases() {
		return RecordContract.cases();
	}

	@ParameterizedTest(name = "web server: {0}")
	@MethodSource("cases")
	void onTheWebServer(RecordContract.Case contract) throws Exception {
		HttpResponse<String> response = this.client
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/ingest"))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofByteArray(contract.input()))
				.build(), HttpResponse.BodyHandlers.ofString());

		check(contract.http(), response.statusCode(), response.body());
	}

	@ParameterizedTest(name = "Lambda behind API Gateway: {0}")
	@MethodSource("cases")
	void onLambdaBehindApiGateway(RecordContract.Case contract) throws Exception {
		JsonNode response = LambdaEvents
			.tree(HttpContractTests.invoke("ingest", LambdaEvents.http(1, contract.input(), Map.of())));

		check(contract.http(), response.get("statusCode").asInt(), response.get("body").asString());
	}

	private static void check(RecordContract.Outcome expected, int status, String body) {
		JsonNode answer = LambdaEvents.tree(body.getBytes(StandardCharsets.UTF_8));
		switch (expected.kind()) {
			case ACCEPTED -> {
				assertThat(status).isEqualTo(200);
				assertThat(answer).isEqualTo(LambdaEvents.tree(expected.text().getBytes(StandardCharsets.UTF_8)));
			}
			case REFUSED, TOO_LARGE -> {
				assertThat(status).isEqualTo((expected.kind() == RecordContract.Kind.REFUSED) ? 400 : 413);
				assertThat(answer.get("title").asString()).isEqualTo(expected.title());
				assertThat(answer.get("detail").asString()).startsWith(expected.text());
			}
			case BATCH_REPORT -> {
				assertThat(status).isEqualTo(200);
				assertThat(answer.get("accepted")).hasSize(1);
			}
			case NOT_APPLICABLE -> assertThat(status).isEqualTo(200);
			default -> throw new IllegalArgumentException("no HTTP outcome: " + expected);
		}
	}

}
