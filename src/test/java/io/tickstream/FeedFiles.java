package io.tickstream;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import static io.tickstream.Json.JSON;

/**
 * A real data set's records written in the shape of each feed (docs/feeds.md), as its
 * provider documents it: the same prices, at the same moments, so that every feed's
 * answers must equal the course shape's.
 */
public final class FeedFiles {

	/** One record a line in the shape of a WebSocket or single-record message. */
	public enum Shape {

		ALPACA_BAR(FeedFiles::alpacaBar), POLYGON_AGGREGATE(FeedFiles::polygonAggregate),
		BINANCE_KLINE(FeedFiles::binanceKline), COINBASE_CANDLE(FeedFiles::coinbaseCandle),
		ALPACA_REST(FeedFiles::alpacaRest), POLYGON_REST(FeedFiles::polygonRest),
		COINBASE_MESSAGE(FeedFiles::coinbaseMessage), COURSE(FeedFiles::capitalisedWithUsDate);

		private final Function<Record, JsonNode> writer;

		Shape(Function<Record, JsonNode> writer) {
			this.writer = writer;
		}

		public JsonNode write(Record record) {
			return this.writer.apply(record);
		}

		/** Whether its record is a document: a REST answer or a message of several. */
		public boolean isDocument() {
			return this == ALPACA_REST || this == POLYGON_REST || this == COINBASE_MESSAGE;
		}

	}

	/** A record of the data set: the prices as JSON numbers, as the course wrote them. */
	public record Record(String name, JsonNode high, JsonNode low, OffsetDateTime ts) {

		public static Record of(String line) {
			JsonNode record = JSON.readTree(line);
			return new Record(record.get("name").asString(), record.get("high"), record.get("low"),
					OffsetDateTime.parse(record.get("ts").asString().replace(' ', 'T')));
		}

		long epochMillis() {
			return this.ts.toInstant().toEpochMilli();
		}

		String utc() {
			return DateTimeFormatter.ISO_INSTANT.format(this.ts.toInstant());
		}

	}

	private FeedFiles() {
	}

	public static List<Record> records(DataSet day) {
		return day.lines().stream().map(Record::of).toList();
	}

	/** Every record in one shape, one a line. */
	public static String ndjson(DataSet day, Shape shape) {
		StringBuilder text = new StringBuilder();
		records(day).forEach((record) -> text.append(shape.write(record)).append('\n'));
		return text.toString();
	}

	/** Every record in the shapes in turn: a file mixing every JSON shape. */
	public static String mixed(DataSet day) {
		StringBuilder text = new StringBuilder();
		List<Record> records = records(day);
		Shape[] shapes = Shape.values();
		for (int i = 0; i < records.size(); i++) {
			text.append(shapes[i % shapes.length].write(records.get(i))).append('\n');
		}
		return text.toString();
	}

	/**
	 * Alpaca's WebSocket messages: arrays of bars, as it sends them, several a line.
	 */
	public static String alpacaMessages(DataSet day) {
		StringBuilder text = new StringBuilder();
		List<Record> records = records(day);
		for (int i = 0; i < records.size(); i += 7) {
			ArrayNode message = JSON.createArrayNode();
			records.subList(i, Math.min(i + 7, records.size())).forEach((r) -> message.add(alpacaBar(r)));
			text.append(message).append('\n');
		}
		return text.toString();
	}

	/** Alpaca's REST answer for the whole day: one document, bars by symbol. */
	public static String alpacaRestAnswer(DataSet day) {
		ObjectNode answer = JSON.createObjectNode();
		ObjectNode bars = answer.putObject("bars");
		for (Record record : records(day)) {
			ArrayNode symbolBars = bars.has(record.name()) ? (ArrayNode) bars.get(record.name())
					: bars.putArray(record.name());
			alpacaRestBar(symbolBars.addObject(), record);
		}
		answer.putNull("next_page_token");
		return answer.toString();
	}

	/**
	 * Binance's kline stream: every bar first as an update still open (its low so far),
	 * then closed.
	 */
	public static String binanceUpdates(DataSet day) {
		StringBuilder text = new StringBuilder();
		for (Record record : records(day)) {
			ObjectNode open = binanceKline(new Record(record.name(), record.low(), record.low(), record.ts()));
			((ObjectNode) open.get("k")).put("x", false);
			text.append(open).append('\n').append(binanceKline(record)).append('\n');
		}
		return text.toString();
	}

	/** A CSV export: a header row, a record a row, columns named as spreadsheets do. */
	public static String csv(DataSet day) {
		StringBuilder text = new StringBuilder("Datetime,Ticker,Open,High,Low,Close,Volume\n");
		for (Record record : records(day)) {
			text.append(record.ts().toString().replace('T', ' ')).append(',').append(record.name()).append(',');
			text.append(record.high()).append(',').append(record.high()).append(',').append(record.low());
			text.append(',').append(record.low()).append(",100\n");
		}
		return text.toString();
	}

	/**
	 * yfinance's export of several symbols ({@code yf.download([...]).to_csv()}): rows
	 * {@code Price}, {@code Ticker} and {@code Datetime}, then a row per time, empty
	 * where a symbol had no bar.
	 */
	public static String yfinance(DataSet day) {
		Map<OffsetDateTime, Map<String, Record>> byTime = new TreeMap<>();
		Map<String, Boolean> symbols = new LinkedHashMap<>();
		for (Record record : records(day)) {
			byTime.computeIfAbsent(record.ts(), (ts) -> new LinkedHashMap<>()).put(record.name(), record);
			symbols.put(record.name(), true);
		}
		List<String> names = new ArrayList<>(symbols.keySet());
		List<String> fields = List.of("Close", "High", "Low", "Open", "Volume");
		StringBuilder text = new StringBuilder("Price");
		fields.forEach((field) -> names.forEach((name) -> text.append(',').append(field)));
		text.append("\nTicker");
		fields.forEach((field) -> names.forEach((name) -> text.append(',').append(name)));
		text.append("\nDatetime").append(",".repeat(fields.size() * names.size())).append('\n');
		byTime.forEach((ts, records) -> {
			text.append(ts.toString().replace('T', ' '));
			for (String field : fields) {
				for (String name : names) {
					Record record = records.get(name);
					text.append(',');
					if (record != null) {
						text.append(switch (field) {
							case "High", "Close" -> record.high().toString();
							case "Low", "Open" -> record.low().toString();
							default -> "100";
						});
					}
				}
			}
			text.append('\n');
		});
		return text.toString();
	}

	static ObjectNode alpacaBar(Record record) {
		ObjectNode bar = JSON.createObjectNode();
		bar.put("T", "b").put("S", record.name());
		bar.set("o", record.low());
		bar.set("h", record.high());
		bar.set("l", record.low());
		bar.set("c", record.high());
		bar.put("v", 100).put("t", record.utc()).put("n", 3);
		bar.set("vw", record.low());
		return bar;
	}

	private static void alpacaRestBar(ObjectNode bar, Record record) {
		bar.put("t", record.utc());
		bar.set("o", record.low());
		bar.set("h", record.high());
		bar.set("l", record.low());
		bar.set("c", record.high());
		bar.put("v", 100).put("n", 3);
		bar.set("vw", record.low());
	}

	static ObjectNode alpacaRest(Record record) {
		ObjectNode answer = JSON.createObjectNode();
		alpacaRestBar(answer.putObject("bars").putArray(record.name()).addObject(), record);
		answer.putNull("next_page_token");
		return answer;
	}

	static ObjectNode polygonAggregate(Record record) {
		ObjectNode aggregate = JSON.createObjectNode();
		aggregate.put("ev", "AM").put("sym", record.name()).put("v", 100).put("av", 10000);
		aggregate.set("op", record.low());
		aggregate.set("vw", record.low());
		aggregate.set("o", record.low());
		aggregate.set("c", record.high());
		aggregate.set("h", record.high());
		aggregate.set("l", record.low());
		aggregate.set("a", record.low());
		aggregate.put("z", 10).put("s", record.epochMillis()).put("e", record.epochMillis() + 60_000);
		return aggregate;
	}

	static ObjectNode polygonRest(Record record) {
		ObjectNode answer = JSON.createObjectNode();
		answer.put("ticker", record.name()).put("queryCount", 1).put("resultsCount", 1).put("adjusted", true);
		ObjectNode result = answer.putArray("results").addObject();
		result.put("v", 100);
		result.set("vw", record.low());
		result.set("o", record.low());
		result.set("c", record.high());
		result.set("h", record.high());
		result.set("l", record.low());
		result.put("t", record.epochMillis()).put("n", 3);
		answer.put("status", "OK").put("request_id", "6a7e466379af0a71039d60cc78e72282").put("count", 1);
		return answer;
	}

	static ObjectNode binanceKline(Record record) {
		ObjectNode event = JSON.createObjectNode();
		event.put("e", "kline").put("E", record.epochMillis() + 59_000).put("s", record.name());
		ObjectNode kline = event.putObject("k");
		kline.put("t", record.epochMillis()).put("T", record.epochMillis() + 59_999).put("s", record.name());
		kline.put("i", "1m").put("f", 100).put("L", 200);
		kline.put("o", record.low().asString()).put("c", record.high().asString());
		kline.put("h", record.high().asString()).put("l", record.low().asString());
		kline.put("v", "1000").put("n", 100).put("x", true).put("q", "1.0000").put("V", "500").put("Q", "0.500");
		kline.put("B", "123456");
		return event;
	}

	static ObjectNode coinbaseCandle(Record record) {
		ObjectNode candle = JSON.createObjectNode();
		candle.put("start", Long.toString(record.ts().toEpochSecond()));
		candle.put("high", record.high().asString()).put("low", record.low().asString());
		candle.put("open", record.low().asString()).put("close", record.high().asString());
		candle.put("volume", "0.20269406").put("product_id", record.name());
		return candle;
	}

	static ObjectNode coinbaseMessage(Record record) {
		ObjectNode message = JSON.createObjectNode();
		message.put("channel", "candles").put("client_id", "").put("timestamp", Instant.EPOCH.toString());
		message.put("sequence_num", 0);
		ObjectNode event = message.putArray("events").addObject();
		event.put("type", "update");
		event.putArray("candles").add(coinbaseCandle(record));
		return message;
	}

	/**
	 * The course's shape as some of its students' streams wrote it: capitalised keys, US
	 * dates on the exchange's clock without an offset.
	 */
	static ObjectNode capitalisedWithUsDate(Record record) {
		ObjectNode tick = JSON.createObjectNode();
		tick.set("High", record.high());
		tick.set("Low", record.low());
		LocalDateTime local = record.ts().toLocalDateTime();
		tick.put("TS", DateTimeFormatter.ofPattern("MM/dd/yyyy HH:mm:ss").format(local));
		tick.put("Name", record.name());
		return tick;
	}

}
