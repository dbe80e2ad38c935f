package io.tickstream.tick;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Reads the timestamps that price feeds write: {@code 2020-05-14 15:01:00-04:00} (the
 * course project's form), ISO-8601 with {@code T}, with or without seconds, fractions or
 * offset. A timestamp without an offset is on the exchange's clock.
 */
public final class Timestamps {

	private static final DateTimeFormatter FORMAT = new DateTimeFormatterBuilder()
		.append(DateTimeFormatter.ISO_LOCAL_DATE)
		.appendLiteral('T')
		.append(DateTimeFormatter.ISO_LOCAL_TIME)
		.optionalStart()
		.appendOffset("+HH:MM", "Z")
		.optionalEnd()
		.optionalStart()
		.appendOffset("+HHMM", "Z")
		.optionalEnd()
		.optionalStart()
		.appendOffset("+HH", "Z")
		.optionalEnd()
		.toFormatter()
		.withResolverStyle(ResolverStyle.STRICT);

	/** Longer than any timestamp in the accepted forms, with nanoseconds and offset. */
	static final int MAX_LENGTH = 64;

	private static final int QUARTER_HOUR = 900;

	/** ±18 hours, the widest offset there is. */
	private static final int MAX_QUARTER_HOURS = 18 * 4;

	/** Every whole quarter-hour offset, so that reading one looks nothing up. */
	private static final ZoneOffset[] QUARTER_HOUR_OFFSETS = IntStream
		.rangeClosed(-MAX_QUARTER_HOURS, MAX_QUARTER_HOURS)
		.mapToObj((quarters) -> ZoneOffset.ofTotalSeconds(quarters * QUARTER_HOUR))
		.toArray(ZoneOffset[]::new);

	private final ZoneId exchangeZone;

	public Timestamps(ZoneId exchangeZone) {
		this.exchangeZone = exchangeZone;
	}

	/**
	 * @return the timestamp with the offset it was written with, or, when it has none,
	 * the exchange zone's offset at that moment; in the hour the clocks go back, which
	 * happens twice, the earlier of the two (the daylight-saving offset)
	 * @throws SkippedTimeException when it has no offset and the exchange's clocks skip
	 * it (the hour the clocks go forward)
	 * @throws DateTimeException when the text is no timestamp
	 */
	public OffsetDateTime parse(String text) {
		OffsetDateTime common = parseCommonForm(text);
		return (common != null) ? common : parseAnyForm(text);
	}

	/** Every accepted form, with the general formatter. */
	OffsetDateTime parseAnyForm(String text) {
		String trimmed = text.trim();
		// the course project's form differs from ISO-8601 only by a space for the 'T'
		if (trimmed.length() > 10 && trimmed.charAt(10) == ' ') {
			trimmed = trimmed.substring(0, 10) + 'T' + trimmed.substring(11);
		}
		TemporalAccessor parsed = FORMAT.parse(trimmed);
		LocalDateTime local = LocalDateTime.from(parsed);
		if (parsed.isSupported(ChronoField.OFFSET_SECONDS)) {
			return OffsetDateTime.of(local, ZoneOffset.ofTotalSeconds(parsed.get(ChronoField.OFFSET_SECONDS)));
		}
		List<ZoneOffset> offsets = this.exchangeZone.getRules().getValidOffsets(local);
		if (offsets.isEmpty()) {
			throw new SkippedTimeException("does not exist in " + this.exchangeZone
					+ ": the clocks skip it (daylight saving time begins); write it with an offset");
		}
		return OffsetDateTime.of(local, offsets.get(0));
	}

	/**
	 * The form nearly every record has, {@code 2020-05-14 15:01:00-04:00} (or with a
	 * {@code T}, or {@code Z}), read without the general formatter, which costs several
	 * times more. Anything else, also any out-of-range field, is left to the formatter,
	 * which accepts or refuses it with its reason.
	 * @return the timestamp, or {@code null} when the text is not in this form
	 */
	static OffsetDateTime parseCommonForm(String text) {
		int length = text.length();
		if ((length != 20 && length != 25) || (text.charAt(10) != ' ' && text.charAt(10) != 'T')
				|| text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(13) != ':' || text.charAt(16) != ':') {
			return null;
		}
		int year = digits(text, 0, 4);
		int month = digits(text, 5, 2);
		int day = digits(text, 8, 2);
		int hour = digits(text, 11, 2);
		int minute = digits(text, 14, 2);
		int second = digits(text, 17, 2);
		if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) {
			return null;
		}
		int offsetSeconds;
		if (length == 20) {
			if (text.charAt(19) != 'Z') {
				return null;
			}
			offsetSeconds = 0;
		}
		else {
			char sign = text.charAt(19);
			int offsetHours = digits(text, 20, 2);
			int offsetMinutes = digits(text, 23, 2);
			if ((sign != '+' && sign != '-') || text.charAt(22) != ':' || offsetHours < 0 || offsetMinutes < 0
					|| offsetHours > 18 || offsetMinutes > 59
					|| (sign == '-' && offsetHours == 0 && offsetMinutes == 0)) {
				return null;
			}
			offsetSeconds = ((sign == '-') ? -1 : 1) * (offsetHours * 3600 + offsetMinutes * 60);
		}
		try {
			return OffsetDateTime.of(year, month, day, hour, minute, second, 0, offset(offsetSeconds));
		}
		catch (DateTimeException ex) {
			return null; // out of range: the formatter says why
		}
	}

	/**
	 * The offset, from a table when it is a whole quarter hour (as every zone's is), else
	 * as {@link ZoneOffset#ofTotalSeconds} says, out of range included.
	 */
	private static ZoneOffset offset(int seconds) {
		boolean quarterHour = seconds % QUARTER_HOUR == 0 && Math.abs(seconds / QUARTER_HOUR) <= MAX_QUARTER_HOURS;
		return quarterHour ? QUARTER_HOUR_OFFSETS[seconds / QUARTER_HOUR + MAX_QUARTER_HOURS]
				: ZoneOffset.ofTotalSeconds(seconds);
	}

	/** The number written with {@code count} ASCII digits at {@code from}, or -1. */
	private static int digits(String text, int from, int count) {
		int value = 0;
		for (int i = from; i < from + count; i++) {
			char c = text.charAt(i);
			if (c < '0' || c > '9') {
				return -1;
			}
			value = value * 10 + (c - '0');
		}
		return value;
	}

	/** A local time that the exchange's clocks skip, so that it names no moment. */
	public static final class SkippedTimeException extends DateTimeException {

		SkippedTimeException(String message) {
			super(message);
		}

	}

}
