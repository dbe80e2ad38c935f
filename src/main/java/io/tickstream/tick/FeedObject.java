package io.tickstream.tick;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * The fields of one JSON object that some feed reads, numbers kept as written. Every
 * other field is skipped unread, so that what an object costs is bounded by what feeds
 * read of it: the course's four keys in any letter case (kept lower-cased), the other
 * feeds' keys as they write them, and the objects and arrays of their documents (a REST
 * answer's bars, a kline's {@code k}) to a fixed depth.
 */
final class FeedObject {

	/** The other feeds' keys, read as written (Alpaca's {@code T} is not {@code t}). */
	private static final Set<String> FEED_KEYS = Set.of("T", "S", "h", "l", "t", "ev", "sym", "s", "e", "k", "start",
			"product_id", "ticker", "symbol", "bars", "results", "channel", "events", "candles", "stream", "data");

	/** Deep enough for Coinbase's message (events, candles), the deepest document. */
	private static final int MAX_DEPTH = 5;

	/** A field's value: a scalar's text and token, or an object, or an array. */
	record Value(JsonToken token, String text, FeedObject object, List<Value> items) {

		boolean isScalar() {
			return !this.token.isStructStart();
		}

	}

	private final Map<String, Value> fields;

	private FeedObject(Map<String, Value> fields) {
		this.fields = fields;
	}

	/**
	 * Reads an object; the parser stands on its START_OBJECT, and is left on its
	 * END_OBJECT.
	 */
	static FeedObject read(JsonParser parser) {
		return read(parser, 0, false);
	}

	/**
	 * @param everyKey whether to keep every key (an object keyed by symbol), not only
	 * those feeds read
	 */
	private static FeedObject read(JsonParser parser, int depth, boolean everyKey) {
		Map<String, Value> fields = new LinkedHashMap<>(8);
		for (JsonToken token = parser.nextToken(); token == JsonToken.PROPERTY_NAME; token = parser.nextToken()) {
			String key = parser.currentName();
			JsonToken value = parser.nextToken();
			String lower = key.toLowerCase(Locale.ROOT);
			String kept = everyKey || FEED_KEYS.contains(key) ? key : Feed.COURSE_KEYS.contains(lower) ? lower : null;
			if (kept == null) {
				parser.skipChildren();
				continue;
			}
			fields.put(kept, value(parser, value, depth, "bars".equals(key)));
		}
		return new FeedObject(fields);
	}

	private static Value value(JsonParser parser, JsonToken token, int depth, boolean keyedBySymbol) {
		if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
			if (depth >= MAX_DEPTH) {
				parser.skipChildren();
				return new Value(token, null, null, null);
			}
			if (token == JsonToken.START_OBJECT) {
				return new Value(token, null, read(parser, depth + 1, keyedBySymbol), null);
			}
			List<Value> items = new ArrayList<>();
			for (JsonToken item = parser.nextToken(); item != JsonToken.END_ARRAY; item = parser.nextToken()) {
				items.add(value(parser, item, depth + 1, false));
			}
			return new Value(token, null, null, items);
		}
		return new Value(token, (token == JsonToken.VALUE_NULL) ? null : parser.getText(), null, null);
	}

	boolean has(String key) {
		return this.fields.containsKey(key);
	}

	Value get(String key) {
		return this.fields.get(key);
	}

	/** The keys, in the order written. */
	Set<String> keys() {
		return this.fields.keySet();
	}

	/** A string field's text, or {@code null} when it is absent or no string. */
	String string(String key) {
		Value value = this.fields.get(key);
		return (value != null && value.token() == JsonToken.VALUE_STRING) ? value.text() : null;
	}

	/** A nested object, or {@code null}. */
	FeedObject object(String key) {
		Value value = this.fields.get(key);
		return (value != null) ? value.object() : null;
	}

	/**
	 * A nested array's objects (anything else in it as {@code null}), or {@code null}.
	 */
	List<FeedObject> objects(String key) {
		Value value = this.fields.get(key);
		if (value == null || value.items() == null) {
			return null;
		}
		List<FeedObject> objects = new ArrayList<>(value.items().size());
		value.items().forEach((item) -> objects.add(item.object()));
		return objects;
	}

}
