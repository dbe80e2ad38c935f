package io.tickstream.tick;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import io.tickstream.tick.RawTick.Fields;
import io.tickstream.tick.RawTick.TimeForm;
import tools.jackson.core.JsonToken;

/**
 * Each JSON feed's records, as its provider documents them, turned into the one raw form
 * every record is validated in (docs/feeds.md). A feed named reads every object as its
 * own; {@link Feed#ANY} recognises each object's feed by keys that feed alone writes.
 */
final class FeedShapes {

	/** What a reason names when no feed recognises a record. */
	static final String KNOWN_SHAPES = "course {name, high, low, ts}, alpaca {T: \"b\", S, h, l, t} or {bars},"
			+ " polygon {ev: \"AM\", sym, h, l, s} or {ticker, results}, binance {e: \"kline\", s, k},"
			+ " coinbase {product_id, start, high, low} or {channel: \"candles\", events}";

	private static final Fields ALPACA = new Fields("S", "h", "l", "t", TimeForm.ON_EXCHANGE_CLOCK);

	private static final Fields ALPACA_REST = new Fields("symbol", "h", "l", "t", TimeForm.ON_EXCHANGE_CLOCK);

	private static final Fields POLYGON = new Fields("sym", "h", "l", "s", TimeForm.EPOCH_MILLIS);

	private static final Fields POLYGON_REST = new Fields("ticker", "h", "l", "t", TimeForm.EPOCH_MILLIS);

	private static final Fields BINANCE = new Fields("s", "k.h", "k.l", "k.t", TimeForm.EPOCH_MILLIS);

	private static final Fields COINBASE = new Fields("product_id", "high", "low", "start", TimeForm.EPOCH_SECONDS);

	/** Where the records of one object go, in order. */
	interface Sink {

		void record(RawTick raw);

		/** A part of a document that holds no record (a bar that is no object). */
		void unreadable(String reason);

	}

	private FeedShapes() {
	}

	/**
	 * Hands on the records an object holds: one, or those of a document (a REST answer, a
	 * message of several).
	 * @return whether the object is a document, answered as a batch even when it holds
	 * one record
	 * @throws InvalidTickException when the object is no record of the feed, or of any
	 * feed
	 */
	static boolean read(FeedObject object, Feed named, Sink sink) {
		Feed recognised = Feed.recognise(object::has);
		Feed feed = (named == Feed.ANY) ? recognised : named;
		if (feed == null) {
			throw new InvalidTickException("not a price record of any feed: expected " + KNOWN_SHAPES);
		}
		if (recognised != null && recognised != feed) {
			throw new InvalidTickException(
					"a " + recognised.id() + " record, where the feed is " + feed.id() + " (or name none)");
		}
		return switch (feed) {
			case COURSE -> {
				sink.record(raw(Fields.COURSE, object.get("name"), object.get("high"), object.get("low"),
						object.get("ts")));
				yield false;
			}
			case ALPACA -> alpaca(object, sink);
			case POLYGON -> polygon(object, sink);
			case BINANCE -> binance(object, sink);
			case COINBASE -> coinbase(object, sink);
			case ANY, CSV -> throw new IllegalArgumentException("no JSON shape: " + feed);
		};
	}

	/** A bar message of the WebSocket, or the REST answer's bars by symbol. */
	private static boolean alpaca(FeedObject message, Sink sink) {
		FeedObject.Value bars = message.get("bars");
		if (bars == null) {
			String type = text(message.get("T"));
			if (type != null && !type.equals("b") && !type.equals("d") && !type.equals("u")) {
				throw new InvalidTickException("T '" + TickValidator.abbreviate(type) + "' is no bar (b, d or u):"
						+ " trades, quotes and other messages carry no high and low");
			}
			sink.record(raw(ALPACA, message.get("S"), message.get("h"), message.get("l"), message.get("t")));
			return false;
		}
		if (bars.object() != null) { // {"bars":{"AAPL":[…],…}}
			for (String symbol : bars.object().keys()) {
				FeedObject.Value symbolName = new FeedObject.Value(JsonToken.VALUE_STRING, symbol, null, null);
				each(bars.object().objects(symbol), "bars of " + TickValidator.abbreviate(symbol), sink,
						(bar) -> raw(ALPACA_REST, symbolName, bar.get("h"), bar.get("l"), bar.get("t")));
			}
			return true;
		}
		FeedObject.Value symbol = message.get("symbol"); // {"symbol":"AAPL","bars":[…]}
		each(message.objects("bars"), "bars", sink,
				(bar) -> raw(ALPACA_REST, symbol, bar.get("h"), bar.get("l"), bar.get("t")));
		return true;
	}

	/** A minute (or second) aggregate of the WebSocket, or the REST aggregates answer. */
	private static boolean polygon(FeedObject message, Sink sink) {
		if (message.has("results")) {
			FeedObject.Value ticker = message.get("ticker");
			each(message.objects("results"), "results", sink,
					(bar) -> raw(POLYGON_REST, ticker, bar.get("h"), bar.get("l"), bar.get("t")));
			return true;
		}
		String event = text(message.get("ev"));
		if (event != null && !event.equals("AM") && !event.equals("A")) {
			throw new InvalidTickException("ev '" + TickValidator.abbreviate(event)
					+ "' is no aggregate (AM or A): trades, quotes and other events carry no high and low");
		}
		sink.record(raw(POLYGON, message.get("sym"), message.get("h"), message.get("l"), message.get("s")));
		return false;
	}

	/** A kline event, alone or as a combined stream's {@code data}. */
	private static boolean binance(FeedObject message, Sink sink) {
		FeedObject event = (message.has("stream") && message.object("data") != null) ? message.object("data") : message;
		String type = text(event.get("e"));
		if (type != null && !type.equals("kline")) {
			throw new InvalidTickException("e '" + TickValidator.abbreviate(type)
					+ "' is no kline event: trades, tickers and other events carry no high and low of a time");
		}
		FeedObject kline = event.object("k");
		if (kline == null) {
			throw new InvalidTickException("k is missing or no object: a kline event holds its kline in k");
		}
		FeedObject.Value symbol = event.has("s") ? event.get("s") : kline.get("s");
		sink.record(raw(BINANCE, symbol, kline.get("h"), kline.get("l"), kline.get("t")));
		return false;
	}

	/** A candle, or a {@code candles} channel message of the WebSocket. */
	private static boolean coinbase(FeedObject message, Sink sink) {
		if (!message.has("events") && !message.has("channel")) {
			sink.record(raw(COINBASE, message.get("product_id"), message.get("high"), message.get("low"),
					message.get("start")));
			return false;
		}
		String channel = text(message.get("channel"));
		if (channel != null && !channel.equals("candles")) {
			throw new InvalidTickException("channel '" + TickValidator.abbreviate(channel)
					+ "' is no candles channel: other channels carry no high and low of a time");
		}
		List<FeedObject> events = message.objects("events");
		each(events, "events", sink, null);
		for (FeedObject event : (events != null) ? events : List.<FeedObject>of()) {
			if (event != null) {
				each(event.objects("candles"), "candles", sink, (candle) -> raw(COINBASE, candle.get("product_id"),
						candle.get("high"), candle.get("low"), candle.get("start")));
			}
		}
		return true;
	}

	/**
	 * Hands on a record per object of a document's array, and an unreadable one for
	 * anything else in it, or for the array when it is none: never a refusal of the whole
	 * document once part of it is handed on.
	 * @param record the record of an object, or {@code null} to check the array only
	 */
	private static void each(List<FeedObject> items, String what, Sink sink, Function<FeedObject, RawTick> record) {
		if (items == null) {
			sink.unreadable(what + " must be an array of objects");
			return;
		}
		for (FeedObject item : items) {
			if (item == null) {
				sink.unreadable("an item of " + what + " is not a JSON object");
			}
			else if (record != null) {
				sink.record(record.apply(item));
			}
		}
	}

	/** A scalar's text, or {@code null}. */
	private static String text(FeedObject.Value value) {
		return (value != null && value.isScalar()) ? value.text() : null;
	}

	/** The raw record of four values, each checked for its JSON type. */
	private static RawTick raw(Fields fields, FeedObject.Value name, FeedObject.Value high, FeedObject.Value low,
			FeedObject.Value ts) {
		List<String> problems = new ArrayList<>(0);
		boolean epoch = fields.time() == TimeForm.EPOCH_MILLIS || fields.time() == TimeForm.EPOCH_SECONDS;
		return new RawTick(string(fields.name(), name, problems), number(fields.high(), high, problems),
				number(fields.low(), low, problems),
				epoch ? number(fields.ts(), ts, problems) : string(fields.ts(), ts, problems), problems, fields);
	}

	private static String string(String field, FeedObject.Value value, List<String> problems) {
		if (value == null || value.token() == JsonToken.VALUE_NULL) {
			return null;
		}
		if (value.token() != JsonToken.VALUE_STRING) {
			problems.add(field + " must be a JSON string");
			return null;
		}
		return value.text();
	}

	private static String number(String field, FeedObject.Value value, List<String> problems) {
		if (value == null || value.token() == JsonToken.VALUE_NULL) {
			return null;
		}
		JsonToken token = value.token();
		if (token != JsonToken.VALUE_NUMBER_INT && token != JsonToken.VALUE_NUMBER_FLOAT
				&& token != JsonToken.VALUE_STRING) {
			problems.add(field + " must be a number");
			return null;
		}
		return value.text();
	}

}
