package io.tickstream.tick;

import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.List;

import io.tickstream.DataSet;
import io.tickstream.FeedFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.FieldSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Each feed's shape read into the one normal form: the real days in every shape give the
 * course shape's ticks, record for record; reasons name the feed's own fields.
 */
class FeedsTests {

	private static final List<String> DAYS = DataSet.IDS;

	private final TickIngestion ingestion = TickIngestion.forExchangeZone(ZoneId.of("America/New_York"));

	@ParameterizedTest
	@FieldSource("DAYS")
	void everyShapeOfARealDayGivesTheCourseTicks(String id) {
		DataSet day = DataSet.load(id);
		List<Tick> course = ticks(this.ingestion.ingestAll(day.ndjson()));
		assertThat(course).hasSize(day.lines().size());

		for (FeedFiles.Shape shape : FeedFiles.Shape.values()) {
			String file = FeedFiles.ndjson(day, shape);
			Feed feed = Feed.of(shape.name().split("_")[0]);
			assertThat(ticks(this.ingestion.ingestAll(bytes(file), Reading.ANY))).as(shape + " recognised")
				.isEqualTo(course);
			assertThat(ticks(this.ingestion.ingestAll(bytes(file), Reading.of(feed)))).as(shape + " named")
				.isEqualTo(course);
		}
		assertThat(ticks(this.ingestion.ingestAll(FeedFiles.mixed(day)))).as("mixed").isEqualTo(course);
		assertThat(ticks(this.ingestion.ingestAll(FeedFiles.alpacaMessages(day)))).as("messages").isEqualTo(course);
		assertThat(ticks(this.ingestion.ingestAll(FeedFiles.csv(day)))).as("CSV").isEqualTo(course);
	}

	@Test
	void epochTimesAreToldOnTheExchangesClock() {
		Tick tick = (Tick) this.ingestion
			.ingest(bytes("{\"ev\":\"AM\",\"sym\":\"GTE\",\"h\":0.4489,\"l\":0.4486,\"s\":1589463060000}"));

		assertThat(tick.ts()).hasToString("2020-05-14T09:31-04:00");
		assertThat(((Tick) this.ingestion
			.ingest(bytes("{\"start\":\"1589463060\",\"high\":\"1\",\"low\":\"1\",\"product_id\":\"ETH-USD\"}"))).ts())
			.isEqualTo(tick.ts());
		assertThat(((Tick) this.ingestion
			.ingest(bytes("{\"T\":\"b\",\"S\":\"BRK.B\",\"h\":1,\"l\":1,\"t\":\"2020-05-14T13:31:00Z\"}"))).ts())
			.isEqualTo(tick.ts());
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', quoteCharacter = '`',
			textBlock = """
					{"ev":"AM","sym":"A","h":1,"l":1,"s":"soon"}                  | s 'soon' is not a time in milliseconds since the epoch up to the year 9999
					{"ev":"AM","sym":"A","h":1,"l":1,"s":1.5E12}                   | s '1.5E12' is not a time in milliseconds since the epoch up to the year 9999
					{"ev":"AM","sym":"A","h":1,"l":1,"s":999999999999999}          | s '999999999999999' is not a time in milliseconds since the epoch up to the year 9999
					{"ev":"T","sym":"A","p":1}                                      | ev 'T' is no aggregate (AM or A): trades, quotes and other events carry no high and low
					{"T":"q","S":"A"}                                               | T 'q' is no bar (b, d or u): trades, quotes and other messages carry no high and low
					{"e":"trade","s":"BNBBTC"}                                      | e 'trade' is no kline event: trades, tickers and other events carry no high and low of a time
					{"e":"kline","s":"BNBBTC","k":[]}                               | k is missing or no object: a kline event holds its kline in k
					{"e":"kline","s":"BNBBTC","k":{"t":1,"h":"x","l":"1"}}          | k.h 'x' is not a number
					{"channel":"level2","events":[]}                                | channel 'level2' is no candles channel: other channels carry no high and low of a time
					{"start":"1589463060","high":"1","low":"1","product_id":"BTC/USD"} | product_id 'BTC/USD' is not a symbol (letters, digits, '.', '-' or ':', at most 12)
					{"S":"A","h":{},"l":1,"t":"2020-05-14T13:31:00Z"}              | h must be a number
					{"symbol":"FB","price":206.9}                                   | not a price record of any feed: expected course {name, high, low, ts}, alpaca {T: "b", S, h, l, t} or {bars}, polygon {ev: "AM", sym, h, l, s} or {ticker, results}, binance {e: "kline", s, k}, coinbase {product_id, start, high, low} or {channel: "candles", events}
					""")
	void aRecordOfAFeedIsRejectedWithAReasonInItsOwnTerms(String record, String reason) {
		assertThatExceptionOfType(InvalidTickException.class).isThrownBy(() -> this.ingestion.ingest(bytes(record)))
			.withMessage(reason);
	}

	@Test
	void aNamedFeedRefusesAnotherFeedsRecord() {
		assertThatExceptionOfType(InvalidTickException.class).isThrownBy(() -> this.ingestion.ingest(
				bytes("{\"name\":\"FB\",\"high\":2,\"low\":1,\"ts\":\"2020-05-14 15:01:00-04:00\"}"),
				Reading.of(Feed.ALPACA)))
			.withMessage("a course record, where the feed is alpaca (or name none)");
	}

	@Test
	void aDocumentIsABatchEvenOfOneRecordAndItsBadPartsAreRejectedAlone() {
		IngestResult one = this.ingestion
			.ingest(bytes("{\"ticker\":\"AAPL\",\"results\":[{\"h\":2,\"l\":1,\"t\":1589463060000}]}"));
		assertThat(one).isInstanceOfSatisfying(IngestReport.class,
				(report) -> assertThat(report.accepted()).singleElement()
					.satisfies((tick) -> assertThat(tick.name()).isEqualTo("AAPL")));

		IngestReport report = this.ingestion
			.ingestAll("{\"bars\":{\"AAPL\":[{\"h\":2,\"l\":1,\"t\":\"2020-05-14T13:31:00Z\"},7],\"MSFT\":{}}}");
		assertThat(report.accepted()).hasSize(1);
		assertThat(report.rejected()).extracting(Rejection::reason)
			.containsExactly("an item of bars of AAPL is not a JSON object",
					"bars of MSFT must be an array of objects");
	}

	@Test
	void aCsvFileIsReadByColumnNamesWithQuotingAndRowsOfTheWrongWidthRejected() {
		IngestReport report = this.ingestion.ingestAll("""
				"Symbol","Time","Note","LOW","HIGH"
				fb,2020-05-14 15:01:00-04:00,"a note, with \"\"quotes\"\"",205.1,206.9
				fb,2020-05-14 15:02:00-04:00,short
				fb,2020-05-14 15:03:00-04:00,,x,206.9
				""");

		assertThat(report.accepted()).singleElement().satisfies((tick) -> {
			assertThat(tick.name()).isEqualTo("FB");
			assertThat(tick.high()).isEqualByComparingTo("206.9");
			assertThat(tick.low()).isEqualByComparingTo("205.1");
		});
		assertThat(report.rejected()).extracting(Rejection::reason)
			.containsExactly("row 3 has 3 fields, the header 5", "LOW 'x' is not a number");
	}

	@Test
	void aCsvFileWithoutTheColumnsNeededIsRefusedWhole() {
		assertThatExceptionOfType(MalformedInputException.class)
			.isThrownBy(() -> this.ingestion.ingestAll(bytes("name,price,ts\nFB,1,2020-05-14 15:01:00\n"),
					Reading.of(Feed.CSV)))
			.withMessage("the CSV header has no column high, no low");
	}

	@Test
	void aFeedNamedIsOneOfThoseThereAre() {
		assertThat(Feed.of(" Polygon ")).isEqualTo(Feed.POLYGON);
		assertThatExceptionOfType(MalformedInputException.class).isThrownBy(() -> Feed.of("x".repeat(100)))
			.withMessageStartingWith("no feed 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...': the feeds are any, course");
	}

	private static List<Tick> ticks(IngestReport report) {
		assertThat(report.rejected()).as("rejected").isEmpty();
		return report.accepted();
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
