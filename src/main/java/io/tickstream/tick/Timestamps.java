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

	/** A local time that the exchange's clocks skip, so that it names no moment. */
	public static final class SkippedTimeException extends DateTimeException {

		SkippedTimeException(String message) {
			super(message);
		}

	}

}
