package io.tickstream.web;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import io.tickstream.DataSet;
import io.tickstream.hourly.HourlyHigh;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static io.tickstream.Json.JSON;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every real data set, posted to the running server exactly as Firehose wrote it, answers
 * what the course project's Athena query answered.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class DataSetsOverHttpTests {

	private static final List<String> DATA_SETS = DataSet.IDS;

	private final HttpClient client = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	/**
	 * Sent as {@code curl --data-binary @file} sends it, declared a form: the body is
	 * read as records all the same, not as form parameters.
	 */
	@ParameterizedTest
	@FieldSource("DATA_SETS")
	void hourlyHighOfTheFirehoseFileSentWithCurlsDefaultTypeEqualsTheAthenaResult(String id) throws Exception {
		DataSet dataSet = DataSet.load(id);

		HttpResponse<String> response = post("application/x-www-form-urlencoded", null, dataSet.ndjson());

		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode body = JSON.readTree(response.body());
		assertThat(body.get("rejected")).isEmpty();
		List<HourlyHigh> results = new ArrayList<>();
		for (JsonNode result : body.get("results")) {
			results.add(new HourlyHigh(result.get("name").asString(),
					OffsetDateTime.parse(result.get("hour").asString()), result.get("high").decimalValue(),
					OffsetDateTime.parse(result.get("ts").asString()), result.get("count").asLong()));
		}
		dataSet.assertMatches(results);
		assertThat(results.stream().mapToLong(HourlyHigh::count).sum()).as("every record counted once")
			.isEqualTo(dataSet.lines().stream().distinct().count());
	}

	@ParameterizedTest
	@FieldSource("DATA_SETS")
	void hourlyHighAsCsvOfAJsonArrayEqualsTheAthenaResult(String id) throws Exception {
		DataSet dataSet = DataSet.load(id);
		String array = "[" + String.join(",", dataSet.lines()) + "]";

		HttpResponse<String> response = post("application/json", "text/csv", array);

		assertThat(response.statusCode()).isEqualTo(200);
		List<String> lines = response.body().lines().toList();
		assertThat(lines.get(0)).isEqualTo("name,hour,ts,max_high");
		List<HourlyHigh> results = new ArrayList<>();
		for (String line : lines.subList(1, lines.size())) {
			String[] fields = line.split(",");
			results.add(new HourlyHigh(fields[0], OffsetDateTime.parse(fields[1]), new BigDecimal(fields[3]),
					OffsetDateTime.parse(fields[2]), 0));
		}
		dataSet.assertHighsMatch(results); // the CSV of hourly highs has no count
	}

	@ParameterizedTest
	@FieldSource("DATA_SETS")
	void hourLongWindowsAsCsvEqualTheAthenaResult(String id) throws Exception {
		DataSet dataSet = DataSet.load(id);

		HttpResponse<String> response = post("/slidingWindows?size=PT1H&slide=PT1H", "application/x-ndjson", "text/csv",
				dataSet.ndjson());

		assertThat(response.statusCode()).isEqualTo(200);
		List<String> lines = response.body().lines().toList();
		assertThat(lines.get(0)).isEqualTo("name,start,end,high,high_ts,low,low_ts,count");
		List<HourlyHigh> results = new ArrayList<>();
		for (String line : lines.subList(1, lines.size())) {
			String[] fields = line.split(",");
			assertThat(OffsetDateTime.parse(fields[2])).isEqualTo(OffsetDateTime.parse(fields[1]).plusHours(1));
			results.add(new HourlyHigh(fields[0], OffsetDateTime.parse(fields[1]), new BigDecimal(fields[3]),
					OffsetDateTime.parse(fields[4]), Long.parseLong(fields[7])));
		}
		dataSet.assertMatches(results);
	}

	private HttpResponse<String> post(String contentType, String accept, String body) throws Exception {
		return post("/hourlyHigh", contentType, accept, body);
	}

	private HttpResponse<String> post(String path, String contentType, String accept, String body) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.header("Content-Type", contentType)
			.POST(BodyPublishers.ofString(body));
		if (accept != null) {
			request.header("Accept", accept);
		}
		return this.client.send(request.build(), BodyHandlers.ofString());
	}

}
