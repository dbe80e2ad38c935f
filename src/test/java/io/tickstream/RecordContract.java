package io.tickstream;

import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static io.tickstream.Json.JSON;

/**
 * The one table of what becomes of a record, on every surface: a row per case, with the
 * outcome over HTTP (the web server and Lambda behind API Gateway, {@code POST /ingest})
 * and on a stream (the binder and Lambda behind an event source mapping,
 * {@code ticks-raw → ingest → ticks}, bad records on {@code ticks-dlq}). Each surface's
 * runner sends every row and checks it; adding a case is adding a row.
 * <p>
 * The runners apply {@code tickstream.max-input-size=64KB}, so that "too large" fits
 * every surface (a Kinesis record holds at most 1 MiB).
 */
public final class RecordContract {

	/** The limit every runner sets. */
	public static final String MAX_INPUT_SIZE = "64KB";

	/**
	 * What happens to a record.
	 *
	 * @param kind {@link Kind}
	 * @param text for {@code ACCEPTED}, the normalised record as JSON; for a refusal, the
	 * start of its reason (HTTP: the problem's {@code detail}; stream: the dead letter's
	 * {@code reason})
	 * @param title for a refusal, the problem's title (HTTP) or the dead letter's
	 */
	public record Outcome(Kind kind, String title, String text) {

		static Outcome accepted(String normalised) {
			return new Outcome(Kind.ACCEPTED, null, normalised);
		}

		static Outcome refused(String title, String reason) {
			return new Outcome(Kind.REFUSED, title, reason);
		}

		static Outcome tooLarge(String reason) {
			return new Outcome(Kind.TOO_LARGE, "Body too large", reason);
		}

	}

	public enum Kind {

		/**
		 * HTTP 200 with the normalised record; on a stream, that record on the next
		 * stream.
		 */
		ACCEPTED,
		/** HTTP 400 with a problem; on a stream, a dead letter with the same reason. */
		REFUSED,
		/** HTTP 413. */
		TOO_LARGE,
		/** HTTP 200 with a batch report: a batch is a fine request body. */
		BATCH_REPORT,
		/** Not a case for this surface: HTTP has no downstream that could fail. */
		NOT_APPLICABLE,
		/**
		 * A passing failure downstream (DynamoDB throttles the record's first writes):
		 * retried, not lost, not dead-lettered; its hourly high arrives on
		 * {@code hourly-highs}.
		 */
		RETRIED_UNTIL_DONE

	}

	/**
	 * @param name the case, also the ticker of its record where it has one (so that each
	 * case's output is its own)
	 * @param input the record's bytes
	 */
	public record Case(String name, byte[] input, Outcome http, Outcome stream) {

		@Override
		public String toString() {
			return this.name;
		}

	}

	/** The ticker of the record the stream runners' DynamoDB throttles at first. */
	public static final String THROTTLED = "SLOW";

	private RecordContract() {
	}

	public static List<Case> cases() {
		List<Case> cases = new ArrayList<>();
		accepted(cases, "valid", record("VALID", "206.93", "205.1", "\"2020-05-14 15:01:00-04:00\""),
				"{\"name\":\"VALID\",\"high\":206.93,\"low\":205.1,\"ts\":\"2020-05-14T15:01:00-04:00\"}");
		accepted(cases, "duplicate", record("VALID", "206.93", "205.1", "\"2020-05-14 15:01:00-04:00\""),
				"{\"name\":\"VALID\",\"high\":206.93,\"low\":205.1,\"ts\":\"2020-05-14T15:01:00-04:00\"}");
		accepted(cases, "lower-case name, numeric strings, ISO time",
				record("lower", "\"2.50\"", "\"1\"", "\"2020-05-14T15:01:00Z\""),
				"{\"name\":\"LOWER\",\"high\":2.50,\"low\":1,\"ts\":\"2020-05-14T15:01:00Z\"}");
		invalid(cases, "name missing", "{\"high\":2,\"low\":1,\"ts\":\"2020-05-14 15:01:00-04:00\"}",
				"name is missing");
		invalid(cases, "name not a ticker", record("NOT A TICKER", "2", "1", "\"2020-05-14 15:01:00-04:00\""),
				"name 'NOT A TICKER' is not a symbol");
		invalid(cases, "high NaN", record("NAN", "\"NaN\"", "1", "\"2020-05-14 15:01:00-04:00\""),
				"high must be a finite number, was NaN");
		invalid(cases, "high out of range", record("RANGE", "1e999999999", "1", "\"2020-05-14 15:01:00-04:00\""),
				"high '1e999999999' is out of range");
		invalid(cases, "a 70-digit number",
				record("DIGITS", "1234567890".repeat(7), "1", "\"2020-05-14 15:01:00-04:00\""),
				"high '1234567890123456789012345678901234567...' has more than 38 significant digits");
		invalid(cases, "low above high", record("LOWHIGH", "1", "2", "\"2020-05-14 15:01:00-04:00\""),
				"low 2 is greater than high 1");
		invalid(cases, "negative price", record("NEG", "-1", "-2", "\"2020-05-14 15:01:00-04:00\""),
				"high must be positive");
		invalid(cases, "ts missing", "{\"name\":\"NOTS\",\"high\":2,\"low\":1}", "ts is missing");
		invalid(cases, "ts in the DST gap", record("GAP", "2", "1", "\"2020-03-08 02:30:00\""),
				"ts '2020-03-08 02:30:00' does not exist");
		cases.add(new Case("malformed JSON", utf8("{\"name\":\"MAL\",\"high\":2,\"low\":"),
				Outcome.refused("Malformed input", "malformed JSON: "),
				Outcome.refused("Malformed input", "malformed JSON: ")));
		byte[] invalidUtf8 = utf8(record("UTF", "2", "1", "\"2020-05-14 15:01:00-04:00\""));
		invalidUtf8[10] = (byte) 0xFF;
		cases.add(new Case("invalid UTF-8", invalidUtf8,
				Outcome.refused("Malformed input", "the input is not valid UTF-8 at byte 10"),
				Outcome.refused("Malformed input", "the input is not valid UTF-8 at byte 10")));
		cases.add(new Case("too large", utf8("{\"name\":\"BIG\",\"pad\":\"" + "x".repeat(70_000) + "\"}"),
				Outcome.tooLarge("the request body is larger than 65536 bytes"),
				Outcome.refused("Refused record", "the record is larger than 65536 bytes")));
		cases.add(new Case("a batch in one record",
				utf8("[" + record("BATCH", "2", "1", "\"2020-05-14 15:01:00-04:00\"") + "]"),
				new Outcome(Kind.BATCH_REPORT, null, null),
				Outcome.refused("Invalid record", "a stream record must hold one price record")));
		feeds(cases);
		cases.add(new Case("a passing failure downstream",
				utf8(record(THROTTLED, "2", "1", "\"2020-05-14 15:01:00-04:00\"")),
				new Outcome(Kind.NOT_APPLICABLE, null, null), new Outcome(Kind.RETRIED_UNTIL_DONE, null,
						"{\"name\":\"SLOW\",\"high\":2,\"low\":1,\"ts\":\"2020-05-14T15:01:00-04:00\"}")));
		return cases;
	}

	/**
	 * A real record (the first of YuboC_2020-05-14) in each feed's shape, each under a
	 * ticker of its own, and a bad one of each feed.
	 */
	private static void feeds(List<Case> cases) {
		FeedFiles.Record real = FeedFiles.records(DataSet.load("YuboC_2020-05-14")).get(0);
		Map<FeedFiles.Shape, String> tickers = new EnumMap<>(
				Map.of(FeedFiles.Shape.ALPACA_BAR, "ALPACABAR", FeedFiles.Shape.POLYGON_AGGREGATE, "POLYGONAM",
						FeedFiles.Shape.BINANCE_KLINE, "BINANCE", FeedFiles.Shape.COINBASE_CANDLE, "COINBASE",
						FeedFiles.Shape.COURSE, "USDATES", FeedFiles.Shape.ALPACA_REST, "ALPACAREST",
						FeedFiles.Shape.POLYGON_REST, "POLYGONREST", FeedFiles.Shape.COINBASE_MESSAGE, "COINBASEWS"));
		tickers.forEach((shape, ticker) -> {
			FeedFiles.Record record = new FeedFiles.Record(ticker, real.high(), real.low(), real.ts());
			String input = shape.write(record).toString();
			String normalised = "{\"name\":\"" + ticker + "\",\"high\":" + real.high() + ",\"low\":" + real.low()
					+ ",\"ts\":\"" + DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(real.ts()) + "\"}";
			if (shape.isDocument()) { // a REST answer or a message of several: a batch
				cases.add(new Case("feed: " + shape, utf8(input), new Outcome(Kind.BATCH_REPORT, null, null),
						Outcome.refused("Invalid record", "a stream record must hold one price record")));
			}
			else {
				accepted(cases, "feed: " + shape, input, normalised);
			}
		});
		FeedFiles.Record bad = new FeedFiles.Record("BADBAR", JSON.getNodeFactory().numberNode(-1), real.low(),
				real.ts());
		invalid(cases, "feed: alpaca bar with a negative high", FeedFiles.Shape.ALPACA_BAR.write(bad).toString(),
				"h must be positive, was -1");
		invalid(cases, "feed: polygon aggregate with a start that is no time",
				FeedFiles.Shape.POLYGON_AGGREGATE.write(real).toString().replaceFirst("\"s\":\\d+", "\"s\":\"soon\""),
				"s 'soon' is not a time in milliseconds since the epoch");
		invalid(cases, "feed: binance kline without its kline", "{\"e\":\"kline\",\"E\":1,\"s\":\"BNBBTC\"}",
				"k is missing or no object");
		invalid(cases, "feed: coinbase candle of no symbol",
				FeedFiles.Shape.COINBASE_CANDLE
					.write(new FeedFiles.Record("BTC/USD", real.high(), real.low(), real.ts()))
					.toString(),
				"product_id 'BTC/USD' is not a symbol");
		invalid(cases, "feed: alpaca trade", "{\"T\":\"t\",\"S\":\"AAPL\",\"p\":126.55,\"t\":\"2021-02-22T15:51:44Z\"}",
				"T 't' is no bar");
		invalid(cases, "feed: no feed's record", "{\"symbol\":\"FB\",\"price\":206.9}",
				"not a price record of any feed: expected course {name, high, low, ts}");
	}

	private static void accepted(List<Case> cases, String name, String input, String normalised) {
		cases.add(new Case(name, utf8(input), Outcome.accepted(normalised), Outcome.accepted(normalised)));
	}

	private static void invalid(List<Case> cases, String name, String input, String reason) {
		cases.add(new Case(name, utf8(input), Outcome.refused("Invalid record", reason),
				Outcome.refused("Invalid record", reason)));
	}

	private static String record(String name, String high, String low, String ts) {
		return "{\"name\":\"" + name + "\",\"high\":" + high + ",\"low\":" + low + ",\"ts\":" + ts + "}";
	}

	private static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
