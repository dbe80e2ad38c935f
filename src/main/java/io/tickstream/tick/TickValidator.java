package io.tickstream.tick;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns a {@link RawTick} into a {@link Tick}, or says precisely what is wrong with it.
 */
public final class TickValidator {

	/** The longest symbol: letters, digits, '.', '-' or ':'. */
	private static final int MAX_TICKER_LENGTH = 12;

	private final Timestamps timestamps;

	public TickValidator(Timestamps timestamps) {
		this.timestamps = timestamps;
	}

	/**
	 * @throws InvalidTickException naming every field that is wrong
	 */
	public Tick validate(RawTick raw) {
		RawTick.Fields fields = raw.fields();
		List<String> problems = new ArrayList<>(raw.shapeProblems());
		String name = raw.hasShapeProblem(fields.name()) ? null : checkName(fields.name(), raw.name(), problems);
		OffsetDateTime ts = raw.hasShapeProblem(fields.ts()) ? null : checkTs(fields, raw.ts(), problems);
		BigDecimal high = raw.hasShapeProblem(fields.high()) ? null : checkPrice(fields.high(), raw.high(), problems);
		BigDecimal low = raw.hasShapeProblem(fields.low()) ? null : checkPrice(fields.low(), raw.low(), problems);
		if (high != null && low != null && low.compareTo(high) > 0) {
			problems.add(fields.low() + " " + abbreviate(low.toPlainString()) + " is greater than " + fields.high()
					+ " " + abbreviate(high.toPlainString()));
		}
		if (!problems.isEmpty()) {
			throw new InvalidTickException(String.join("; ", problems));
		}
		return new Tick(name, high, low, ts);
	}

	private static String checkName(String field, String name, List<String> problems) {
		if (name == null || name.isBlank()) {
			problems.add(field + " is missing");
			return null;
		}
		String trimmed = name.trim();
		if (!isTicker(trimmed)) {
			problems.add(field + " '" + abbreviate(name)
					+ "' is not a symbol (letters, digits, '.', '-' or ':', at most " + MAX_TICKER_LENGTH + ")");
			return null;
		}
		return trimmed.toUpperCase(Locale.ROOT);
	}

	/**
	 * Whether {@code name} has 1 to 12 ASCII letters, digits, '.', '-' or ':' (Polygon's
	 * market prefix, {@code X:BTCUSD}), and nothing else.
	 */
	private static boolean isTicker(String name) {
		if (name.isEmpty() || name.length() > MAX_TICKER_LENGTH) {
			return false;
		}
		for (int i = 0; i < name.length(); i++) {
			char c = name.charAt(i);
			if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-'
					|| c == ':')) {
				return false;
			}
		}
		return true;
	}

	private OffsetDateTime checkTs(RawTick.Fields fields, String ts, List<String> problems) {
		String field = fields.ts();
		if (ts == null || ts.isBlank()) {
			problems.add(field + " is missing");
			return null;
		}
		if (ts.length() > Timestamps.MAX_LENGTH) {
			problems
				.add(field + " '" + abbreviate(ts) + "' is too long for a timestamp (" + ts.length() + " characters)");
			return null;
		}
		try {
			return switch (fields.time()) {
				case AS_WRITTEN -> this.timestamps.parse(ts);
				case ON_EXCHANGE_CLOCK -> this.timestamps.onExchangeClock(this.timestamps.parse(ts));
				case EPOCH_MILLIS -> this.timestamps.fromEpoch(ts, true);
				case EPOCH_SECONDS -> this.timestamps.fromEpoch(ts, false);
			};
		}
		catch (Timestamps.SkippedTimeException ex) {
			problems.add(field + " '" + abbreviate(ts) + "' " + ex.getMessage());
			return null;
		}
		catch (DateTimeException ex) {
			problems.add(field + " '" + abbreviate(ts) + "' is not " + switch (fields.time()) {
				case EPOCH_MILLIS -> "a time in milliseconds since the epoch up to the year 9999";
				case EPOCH_SECONDS -> "a time in seconds since the epoch up to the year 9999";
				default -> "a timestamp (expected yyyy-MM-dd HH:mm:ss±hh:mm, ISO-8601 or MM/dd/yyyy HH:mm:ss)";
			});
			return null;
		}
	}

	private static BigDecimal checkPrice(String field, String text, List<String> problems) {
		if (text == null || text.isBlank()) {
			problems.add(field + " is missing");
			return null;
		}
		String trimmed = text.trim();
		if (isNonFinite(trimmed)) {
			problems.add(field + " must be a finite number, was " + trimmed);
			return null;
		}
		try {
			return Price.parse(trimmed);
		}
		catch (IllegalArgumentException ex) {
			problems
				.add(ex.getMessage().startsWith("must") ? field + " " + ex.getMessage() + ", was " + abbreviate(trimmed)
						: field + " '" + abbreviate(trimmed) + "' " + ex.getMessage());
			return null;
		}
	}

	private static boolean isNonFinite(String text) {
		int start = (text.startsWith("-") || text.startsWith("+")) ? 1 : 0;
		return isWord(text, start, "NaN") || isWord(text, start, "Infinity") || isWord(text, start, "Inf");
	}

	/** Whether the text from {@code start} on is the word, in any case. */
	private static boolean isWord(String text, int start, String word) {
		return text.length() - start == word.length() && text.regionMatches(true, start, word, 0, word.length());
	}

	/**
	 * At most 40 characters of a value for a reason, control characters shown as
	 * {@code ?}: a reason never grows with the input.
	 */
	public static String abbreviate(String text) {
		int end = text.length();
		if (end > 40) {
			end = Character.isHighSurrogate(text.charAt(36)) ? 36 : 37; // never half a
																		// character
		}
		StringBuilder shown = new StringBuilder(end + 3);
		text.substring(0, end).codePoints().forEach((c) -> shown.appendCodePoint(Character.isISOControl(c) ? '?' : c));
		return (end < text.length()) ? shown.append("...").toString() : shown.toString();
	}

}
