package io.tickstream.tick;

import java.text.ParsePosition;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.YearMonth;
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
 * offset, US dates ({@code 05/14/2020 15:01:00}), and seconds or milliseconds since the
 * epoch. A timestamp without an offset is on the exchange's clock, and so is a moment
 * since the epoch.
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

	/** The US form, {@code MM/dd/yyyy HH:mm:ss}, with an offset or (usually) none. */
	private static final DateTimeFormatter US_FORMAT = new DateTimeFormatterBuilder()
		.appendPattern("MM/dd/uuuu HH:mm:ss")
		.optionalStart()
		.appendOffset("+HH:MM", "Z")
		.optionalEnd()
		.toFormatter()
		.withResolverStyle(ResolverStyle.STRICT);

	/** The first moment of the year 10000, which no timestamp reaches. */
	private static final Instant END_OF_YEAR_9999 = Instant.parse("+10000-01-01T00:00:00Z");

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
		if (common != null) {
			return common;
		}
		LocalDateTime local = parseCommonLocalForm(text);
		return (local != null) ? onExchangeClock(local) : parseAnyForm(text);
	}

	/** Every accepted form, with the general formatter. */
	OffsetDateTime parseAnyForm(String text) {
		String trimmed = text.trim();
		boolean us = trimmed.length() > 10 && trimmed.charAt(2) == '/' && trimmed.charAt(5) == '/';
		// the course project's form differs from ISO-8601 only by a space for the 'T'
		if (!us && trimmed.length() > 10 && trimmed.charAt(10) == ' ') {
			trimmed = trimmed.substring(0, 10) + 'T' + trimmed.substring(11);
		}
		// unresolved, and resolved here: the formatter's own failures cost a stack trace
		// each (about 10 KB), which a stream of bad timestamps must not
		if (hasImpossibleOffset(trimmed)) { // the formatter would throw its own exception
			throw new NotATimestampException();
		}
		ParsePosition position = new ParsePosition(0);
		TemporalAccessor parsed = (us ? US_FORMAT : FORMAT).parseUnresolved(trimmed, position);
		if (parsed == null || position.getErrorIndex() >= 0 || position.getIndex() != trimmed.length()) {
			throw new NotATimestampException();
		}
		LocalDateTime local = localDateTime(parsed);
		if (parsed.isSupported(ChronoField.OFFSET_SECONDS)) {
			long offsetSeconds = parsed.getLong(ChronoField.OFFSET_SECONDS);
			if (Math.abs(offsetSeconds) > MAX_QUARTER_HOURS * QUARTER_HOUR) { // +25:00
				throw new NotATimestampException();
			}
			return OffsetDateTime.of(local, offset((int) offsetSeconds));
		}
		return onExchangeClock(local);
	}

	/**
	 * A local time on the exchange's clock; in the hour the clocks go back, the earlier
	 * of the two.
	 * @throws SkippedTimeException in the hour the clocks go forward
	 */
	private OffsetDateTime onExchangeClock(LocalDateTime local) {
		List<ZoneOffset> offsets = this.exchangeZone.getRules().getValidOffsets(local);
		if (offsets.isEmpty()) {
			throw new SkippedTimeException("does not exist in " + this.exchangeZone
					+ ": the clocks skip it (daylight saving time begins); write it with an offset");
		}
		return OffsetDateTime.of(local, offsets.get(0));
	}

	/** Whether the text ends in an offset of more hours than any zone has. */
	private static boolean hasImpossibleOffset(String text) {
		int sign = Math.max(text.lastIndexOf('+'), text.lastIndexOf('-'));
		return sign > 10 && sign + 3 <= text.length() && digits(text, sign + 1, 2) > 18;
	}

	/**
	 * The local date and time of the fields read, each checked against its range as the
	 * strict resolver checks it (the 30th of February, 24:00 and a 60th second are no
	 * times).
	 * @throws NotATimestampException where a field is out of its range
	 */
	private static LocalDateTime localDateTime(TemporalAccessor parsed) {
		long year = parsed.getLong(ChronoField.YEAR);
		long month = parsed.getLong(ChronoField.MONTH_OF_YEAR);
		long day = parsed.getLong(ChronoField.DAY_OF_MONTH);
		long hour = parsed.getLong(ChronoField.HOUR_OF_DAY);
		long minute = parsed.getLong(ChronoField.MINUTE_OF_HOUR);
		long second = parsed.isSupported(ChronoField.SECOND_OF_MINUTE) ? parsed.getLong(ChronoField.SECOND_OF_MINUTE)
				: 0;
		long nano = parsed.isSupported(ChronoField.NANO_OF_SECOND) ? parsed.getLong(ChronoField.NANO_OF_SECOND) : 0;
		if (!ChronoField.YEAR.range().isValidValue(year) || month < 1 || month > 12 || day < 1
				|| day > YearMonth.of((int) year, (int) month).lengthOfMonth() || hour < 0 || hour > 23 || minute < 0
				|| minute > 59 || second < 0 || second > 59 || nano < 0 || nano > 999_999_999) {
			throw new NotATimestampException();
		}
		return LocalDateTime.of((int) year, (int) month, (int) day, (int) hour, (int) minute, (int) second, (int) nano);
	}

	/**
	 * The same moment on the exchange's clock: the offset the exchange's zone has then.
	 */
	public OffsetDateTime onExchangeClock(OffsetDateTime timestamp) {
		return onExchangeClock(timestamp.toInstant());
	}

	private OffsetDateTime onExchangeClock(Instant instant) {
		return OffsetDateTime.ofInstant(instant, this.exchangeZone);
	}

	/**
	 * @param text whole seconds or milliseconds since 1970-01-01T00:00:00Z, in ASCII
	 * digits
	 * @param millis whether it counts milliseconds
	 * @return that moment on the exchange's clock
	 * @throws DateTimeException when the text is no such number, or names a moment past
	 * the year 9999
	 */
	public OffsetDateTime fromEpoch(String text, boolean millis) {
		String digits = text.trim();
		int maxDigits = millis ? 15 : 12; // past the year 9999 either way
		if (digits.isEmpty() || digits.length() > maxDigits || !digits.chars().allMatch((c) -> c >= '0' && c <= '9')) {
			throw new NotATimestampException();
		}
		long value = Long.parseLong(digits);
		Instant instant = millis ? Instant.ofEpochMilli(value) : Instant.ofEpochSecond(value);
		if (!instant.isBefore(END_OF_YEAR_9999)) {
			throw new NotATimestampException();
		}
		return onExchangeClock(instant);
	}

	/**
	 * The form nearly every record has, {@code 2020-05-14 15:01:00-04:00} (or with a
	 * {@code T}, or {@code Z}), read without the general formatter, which costs several
	 * times more. Any other offset is left to the formatter, which accepts or refuses it
	 * with its reason.
	 * @return the timestamp, or {@code null} when the text is not in this form
	 * @throws NotATimestampException when it is, with a date or time out of range
	 */
	static OffsetDateTime parseCommonForm(String text) {
		int length = text.length();
		LocalDateTime local = (length == 20 || length == 25) ? commonLocalPart(text) : null;
		if (local == null) {
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
		if (Math.abs(offsetSeconds) > MAX_QUARTER_HOURS * QUARTER_HOUR) { // +18:30
			return null;
		}
		return OffsetDateTime.of(local, offset(offsetSeconds));
	}

	/**
	 * The common form without an offset, {@code 2020-05-14 15:01:00} (or with a
	 * {@code T}), read as {@link #parseCommonForm} reads the form with one.
	 * @return the local time, or {@code null} when the text is not in this form
	 * @throws NotATimestampException when it is, with a date or time out of range
	 */
	static LocalDateTime parseCommonLocalForm(String text) {
		return (text.length() == 19) ? commonLocalPart(text) : null;
	}

	/**
	 * The first 19 characters as {@code yyyy-MM-dd HH:mm:ss} (or with a {@code T}).
	 * @return the local time, or {@code null} when they are not in this form
	 * @throws NotATimestampException when they are, with a field out of range (the 30th
	 * of February, 24:00): no form reads it, and the formatter would refuse it at ten
	 * times the cost
	 */
	private static LocalDateTime commonLocalPart(String text) {
		if ((text.charAt(10) != ' ' && text.charAt(10) != 'T') || text.charAt(4) != '-' || text.charAt(7) != '-'
				|| text.charAt(13) != ':' || text.charAt(16) != ':') {
			return null;
		}
		int year = digits(text, 0, 4);
		int month = digits(text, 5, 2);
		int day = digits(text, 8, 2);
		int hour = digits(text, 11, 2);
		int minute = digits(text, 14, 2);
		int second = digits(text, 17, 2);
		if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) {
			return null; // not all digits
		}
		if (month < 1 || month > 12 || day < 1 || day > YearMonth.of(year, month).lengthOfMonth() || hour > 23
				|| minute > 59 || second > 59) {
			throw new NotATimestampException();
		}
		return LocalDateTime.of(year, month, day, hour, minute, second);
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

	/**
	 * A text that is no timestamp (the validator says why in its terms): refused without
	 * a stack trace, as often as it comes.
	 */
	static final class NotATimestampException extends DateTimeException {

		NotATimestampException() {
			super("not a timestamp");
		}

		@Override
		public synchronized Throwable fillInStackTrace() {
			return this;
		}

	}

	/** A local time that the exchange's clocks skip, so that it names no moment. */
	public static final class SkippedTimeException extends DateTimeException {

		SkippedTimeException(String message) {
			super(message);
		}

		@Override
		public synchronized Throwable fillInStackTrace() {
			return this;
		}

	}

}
