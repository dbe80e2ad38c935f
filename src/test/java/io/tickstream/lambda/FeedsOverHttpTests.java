package io.tickstream.lambda;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.tickstream.DataSet;
import io.tickstream.FeedFiles;
import io.tickstream.FeedFiles.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static io.tickstream.Json.JSON;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every real day written in each feed's shape (docs/feeds.md) gives the course shape's
 * hourly highs and sliding windows, compared by instant: named and unnamed, and in a file
 * mixing every JSON shape, on the web server and on Lambda behind API Gateway.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class FeedsOverHttpTests {

	private static final String WINDOWS = "slidingWindows?size=PT1H&slide=PT15M";

	private static final Map<String, LambdaHandler> handlers = new HashMap<>();

	private static final Map<String, JsonNode> courseAnswers = new HashMap<>();

	private final HttpClient client = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	/**
	 * A day in a feed's shape.
	 *
	 * @param feed the feed a request names, or {@code null} where only unnamed is meant
	 * @param contentType the type it is sent as
	 * @param counts whether it holds each record once, so that counts must match too
	 */
	record FeedFile(String description, String feed, String contentType, boolean counts, String body) {

		@Override
		public String toString() {
			return this.description;
		}

	}

	static Stream<Arguments> files() {
		List<Arguments> files = new ArrayList<>();
		// two days over HTTP (one with duplicates and a bar of another day); FeedsTests
		// reads all four in-process
		for (String id : List.of("dkfreitag_2021-05-11", "xyjiang970_2022-05-02")) {
			DataSet day = DataSet.load(id);
			for (Shape shape : Shape.values()) {
				files.add(file(day, shape.name(), feedOf(shape), "application/x-ndjson", true,
						FeedFiles.ndjson(day, shape)));
			}
			files.add(file(day, "every JSON shape mixed", null, "application/x-ndjson", true, FeedFiles.mixed(day)));
			files.add(file(day, "Alpaca's WebSocket messages", "alpaca", "application/x-ndjson", true,
					FeedFiles.alpacaMessages(day)));
			files.add(file(day, "Alpaca's REST answer", "alpaca", "application/json", true,
					FeedFiles.alpacaRestAnswer(day)));
			files.add(file(day, "Binance's open and closed klines", "binance", "application/x-ndjson", false,
					FeedFiles.binanceUpdates(day)));
			files.add(file(day, "CSV", "csv", "text/csv", true, FeedFiles.csv(day)));
			files.add(file(day, "yfinance's CSV of several symbols", "csv", "text/csv", true, FeedFiles.yfinance(day)));
		}
		return files.stream();
	}

	private static Arguments file(DataSet day, String shape, String feed, String type, boolean counts, String body) {
		return Arguments.of(day.id(), new FeedFile(shape, feed, type, counts, body));
	}

	private static String feedOf(Shape shape) {
		return shape.name().split("_")[0].toLowerCase(java.util.Locale.ROOT);
	}

	@ParameterizedTest(name = "{0}: {1}")
	@MethodSource("files")
	void everyFeedAnswersAsTheCourseShapeDoes(String id, FeedFile file) throws Exception {
		JsonNode courseHighs = courseAnswer(id, "hourlyHigh");
		JsonNode courseWindows = courseAnswer(id, WINDOWS);

		List<String> ways = new ArrayList<>();
		ways.add(null); // unnamed: recognised (a CSV file by its header)
		if (file.feed() != null) {
			ways.add(file.feed());
		}
		for (String feed : ways) {
			String query = (feed != null) ? "feed=" + URLEncoder.encode(feed, StandardCharsets.UTF_8) : null;
			// unnamed, a CSV file is sent as a plain body, recognised by its header
			String type = (feed == null && file.contentType().equals("text/csv")) ? "text/plain" : file.contentType();
			String as = file + ((feed != null) ? " named " + feed : " unnamed");
			assertSameAnswers(as, courseHighs, webAnswer(with("hourlyHigh", query), file.body(), type), file.counts());
			assertSameAnswers(as, courseWindows, webAnswer(with(WINDOWS, query), file.body(), type), file.counts());
			assertSameAnswers(as + " on Lambda", courseHighs,
					lambdaAnswer("hourlyHigh", query(query, null), file.body(), type), file.counts());
			assertSameAnswers(as + " on Lambda", courseWindows,
					lambdaAnswer("slidingWindows", query(query, "size=PT1H&slide=PT15M"), file.body(), type),
					file.counts());
		}
	}

	@Test
	void aCsvFileWithoutSymbolsTakesTheNamedOne() throws Exception {
		String csv = """
				Date,Open,High,Low,Close,Adj Close,Volume
				2020-05-14,202.55,206.93,198.24,206.30,206.30,23356000
				2020-05-15,204.88,211.26,204.88,210.88,210.88,22496900
				""";

		JsonNode answer = webAnswer("hourlyHigh?name=FB", csv, "text/csv");

		assertThat(answer.get("results")).extracting((high) -> high.get("hour").asString())
			.containsExactly("2020-05-14T00:00:00-04:00", "2020-05-15T00:00:00-04:00");
		assertThat(answer.get("results")).allSatisfy((high) -> assertThat(high.get("name").asString()).isEqualTo("FB"));
		assertThat(webResponse("hourlyHigh", csv, "text/csv").statusCode()).isEqualTo(400);
		assertThat(webResponse("hourlyHigh", csv, "text/csv").body())
			.contains("the CSV header has no column a symbol (name, symbol or ticker;");
	}

	@Test
	void oneBadRecordInEachFeedIsRejectedWithItsReasonAndTheRestAnswered() throws Exception {
		DataSet day = DataSet.load("dkfreitag_2021-05-11");
		List<FeedFiles.Record> records = FeedFiles.records(day);
		FeedFiles.Record good = records.get(0);
		FeedFiles.Record bad = new FeedFiles.Record(good.name(), JSON.getNodeFactory().numberNode(-1), good.low(),
				good.ts());
		Map<Shape, String> reasons = Map.of(Shape.ALPACA_BAR, "h must be positive, was -1", Shape.POLYGON_AGGREGATE,
				"h must be positive, was -1", Shape.BINANCE_KLINE, "k.h must be positive, was -1",
				Shape.COINBASE_CANDLE, "high must be positive, was -1", Shape.ALPACA_REST, "h must be positive, was -1",
				Shape.POLYGON_REST, "h must be positive, was -1", Shape.COINBASE_MESSAGE,
				"high must be positive, was -1", Shape.COURSE, "high must be positive, was -1");
		for (Shape shape : Shape.values()) {
			StringBuilder body = new StringBuilder();
			for (int i = 0; i < 20; i++) {
				body.append(shape.write((i == 7) ? bad : records.get(i))).append('\n');
			}

			JsonNode answer = webAnswer("ingest?feed=" + feedOf(shape), body.toString(), "application/x-ndjson");

			assertThat(answer.get("accepted")).as(shape.name()).hasSize(19);
			assertThat(answer.get("rejected")).as(shape.name()).hasSize(1);
			assertThat(answer.get("rejected").get(0).get("index").asInt()).as(shape.name()).isEqualTo(7);
			assertThat(answer.get("rejected").get(0).get("reason").asString()).as(shape.name())
				.isEqualTo(reasons.get(shape));
		}
		String csv = FeedFiles.csv(day)
			.lines()
			.limit(21)
			.toList()
			.stream()
			.reduce("", (a, b) -> a + b + "\n")
			.replaceFirst("\n(\\S+ \\S+),FB,([^,]+),([^,]+),", "\n$1,FB,$2,NaN,");
		JsonNode answer = webAnswer("ingest", csv, "text/csv");
		assertThat(answer.get("accepted")).hasSize(19);
		assertThat(answer.get("rejected").get(0).get("reason").asString())
			.isEqualTo("High must be a finite number, was NaN");
	}

	@Test
	void aRecordOfNoFeedNamesTheShapesThereAre() throws Exception {
		HttpResponse<String> response = webResponse("ingest", "{\"symbol\":\"FB\",\"price\":206.9}",
				"application/json");

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(JSON.readTree(response.body()).get("detail").asString()).startsWith(
				"not a price record of any feed: expected course {name, high, low, ts}, alpaca {T: \"b\", S, h, l, t}");
		assertThat(webResponse("ingest?feed=reuters", "{}", "application/json").body())
			.contains("no feed 'reuters': the feeds are any, course, alpaca, polygon, binance, coinbase, csv");
	}

	/** The course shape's answer of a day, asked once. */
	private JsonNode courseAnswer(String id, String function) throws Exception {
		String key = id + " " + function;
		JsonNode answer = courseAnswers.get(key);
		if (answer == null) {
			DataSet day = DataSet.load(id);
			answer = webAnswer(function, day.ndjson(), "application/x-ndjson");
			if (function.equals("hourlyHigh")) {
				day.assertMatches(DataSet.results(answer));
			}
			courseAnswers.put(key, answer);
		}
		return answer;
	}

	/**
	 * Asserts that two answers of a function hold the same results, every time compared
	 * as an instant and every price as a number, and that the feed's rejected none.
	 */
	private static void assertSameAnswers(String as, JsonNode expected, JsonNode actual, boolean counts) {
		assertThat(actual.get("rejectedCount").asInt()).as("%s: rejected %s...", as, actual.get("rejected").get(0))
			.isZero();
		assertThat(normalised(actual, counts)).as(as).isEqualTo(normalised(expected, counts));
	}

	private static List<JsonNode> normalised(JsonNode answer, boolean counts) {
		List<JsonNode> results = new ArrayList<>();
		for (JsonNode result : answer.get("results")) {
			ObjectNode normal = JSON.createObjectNode();
			result.properties().forEach((field) -> {
				JsonNode value = field.getValue();
				if (field.getKey().equals("count")) {
					if (counts) {
						normal.put("count", value.asLong());
					}
				}
				else if (value.isNumber()) {
					normal.put(field.getKey(), value.decimalValue().stripTrailingZeros().toPlainString());
				}
				else if (!field.getKey().equals("name")) {
					normal.put(field.getKey(), OffsetDateTime.parse(value.asString()).toInstant().toString());
				}
				else {
					normal.put("name", value.asString());
				}
			});
			results.add(normal);
		}
		return results;
	}

	private static String with(String function, String query) {
		if (query == null) {
			return function;
		}
		return function + (function.contains("?") ? "&" : "?") + query;
	}

	private static String query(String a, String b) {
		return (a == null) ? b : (b == null) ? a : a + "&" + b;
	}

	private JsonNode webAnswer(String function, String body, String contentType) throws Exception {
		HttpResponse<String> response = webResponse(function, body, contentType);
		assertThat(response.statusCode()).as(function + ": " + response.body()).isEqualTo(200);
		return JSON.readTree(response.body());
	}

	private HttpResponse<String> webResponse(String function, String body, String contentType) throws Exception {
		return this.client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/" + function))
			.header("Content-Type", contentType)
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	/** The answer of a Lambda function behind API Gateway's HTTP API. */
	private static JsonNode lambdaAnswer(String function, String query, String body, String contentType)
			throws Exception {
		Map<String, String> parameters = new HashMap<>();
		if (query != null) {
			for (String parameter : query.split("&")) {
				String[] pair = parameter.split("=", 2);
				parameters.put(pair[0], pair[1]);
			}
		}
		byte[] event = LambdaEvents.withParameters(
				LambdaEvents.http(1, body.getBytes(StandardCharsets.UTF_8), Map.of("content-type", contentType)),
				parameters);
		JsonNode response = LambdaEvents.tree(invoke(function, event));
		assertThat(response.get("statusCode").asInt()).as(function + " on Lambda: " + response.get("body"))
			.isEqualTo(200);
		return JSON.readTree(response.get("body").asString());
	}

	private static synchronized byte[] invoke(String function, byte[] event) throws Exception {
		LambdaHandler handler = handlers.get(function);
		if (handler == null) {
			// the handler reads its function when it starts, at its first event
			System.setProperty("spring.cloud.function.definition", function);
			try {
				handler = new LambdaHandler();
				ByteArrayOutputStream output = new ByteArrayOutputStream();
				handler.handleRequest(new ByteArrayInputStream(event), output, new TestContext());
				handlers.put(function, handler);
				return output.toByteArray();
			}
			finally {
				System.clearProperty("MAIN_CLASS");
				System.clearProperty("spring.cloud.function.definition");
			}
		}
		ByteArrayOutputStream output = new ByteArrayOutputStream();
		handler.handleRequest(new ByteArrayInputStream(event), output, new TestContext());
		return output.toByteArray();
	}

}
