package io.tickstream.tick;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The shapes price records arrive in, each read as its provider documents it
 * (docs/feeds.md). Each JSON shape has keys no other has, so that {@link #ANY} tells them
 * apart record by record.
 */
public enum Feed {

	/** Whichever shape each record has, recognised by its keys. */
	ANY,

	/**
	 * {@code {"name","high","low","ts"}}, keys in any letter case; {@code ts} as written,
	 * on the exchange's clock where it has no offset.
	 */
	COURSE,

	/**
	 * Alpaca market-data bars: the WebSocket's {@code {"T":"b","S","h","l","t"}} and the
	 * REST answer {@code {"bars":{SYMBOL:[…]}}}.
	 */
	ALPACA,

	/**
	 * Polygon.io (Massive) aggregates: the WebSocket's
	 * {@code {"ev":"AM","sym","h","l","s"}} and the REST answer
	 * {@code {"ticker","results":[…]}}.
	 */
	POLYGON,

	/** Binance kline events {@code {"e":"kline","s","k":{"t","h","l",…}}}. */
	BINANCE,

	/**
	 * Coinbase Advanced Trade candles {@code {"start","high","low","product_id"}}, alone
	 * or in the WebSocket's {@code candles} channel messages.
	 */
	COINBASE,

	/** A header row, then a record a row: columns found by name. */
	CSV;

	/** The course's keys, read in any letter case. */
	static final Set<String> COURSE_KEYS = Set.of("name", "high", "low", "ts");

	/**
	 * @param keys a JSON object's keys, as written
	 * @return the feed whose keys they are, as {@link #ANY} recognises it, or
	 * {@code null}
	 */
	public static Feed recognise(Iterable<String> keys) {
		Set<String> normal = new HashSet<>();
		for (String key : keys) {
			String lower = key.toLowerCase(Locale.ROOT);
			normal.add(COURSE_KEYS.contains(lower) ? lower : key);
		}
		return recognise(normal::contains);
	}

	/**
	 * @param has whether the object has a key (the course's lower-cased)
	 */
	static Feed recognise(Predicate<String> has) {
		if (has.test("ev") || has.test("results")) {
			return POLYGON;
		}
		if (has.test("T") || has.test("S") || has.test("bars")) {
			return ALPACA;
		}
		if (has.test("e") || has.test("k") || (has.test("stream") && has.test("data"))) {
			return BINANCE;
		}
		if (has.test("product_id") || has.test("start") || has.test("events") || has.test("channel")) {
			return COINBASE;
		}
		if (COURSE_KEYS.stream().anyMatch(has)) {
			return COURSE;
		}
		return null;
	}

	/** The name a request or a setting gives it: {@code alpaca}. */
	public String id() {
		return name().toLowerCase(Locale.ROOT);
	}

	/**
	 * @param id a feed's {@link #id()}, in any case
	 * @throws MalformedInputException naming the feeds there are
	 */
	public static Feed of(String id) {
		for (Feed feed : values()) {
			if (feed.id().equalsIgnoreCase(id.trim())) {
				return feed;
			}
		}
		throw new MalformedInputException("no feed '" + TickValidator.abbreviate(id) + "': the feeds are "
				+ Arrays.stream(values()).map(Feed::id).collect(Collectors.joining(", ")));
	}

}
