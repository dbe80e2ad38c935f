package io.tickstream.window;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * Sliding windows of length {@code size} that start every {@code slide}, aligned to
 * multiples of {@code slide} on the record's own clock (its local time, in the offset it
 * was written with), as the hourly windows are aligned to its clock hours. With
 * {@code size = slide} they are tumbling windows; a record belongs to
 * {@code size / slide} windows.
 *
 * @param size the windows' length: a positive multiple of {@code slide}, at most 24 h
 * @param slide how often a window starts: whole seconds, at least 1 minute
 */
public record WindowSpec(Duration size, Duration slide) {

	static final Duration MIN_SLIDE = Duration.ofMinutes(1);

	static final Duration MAX_SIZE = Duration.ofHours(24);

	/** An ISO-8601 duration is short; a longer parameter is refused before parsing. */
	private static final int MAX_PARAMETER_LENGTH = 32;

	/**
	 * @throws InvalidWindowException naming the parameter that breaks a rule
	 */
	public WindowSpec {
		if (slide.compareTo(MIN_SLIDE) < 0 || slide.getNano() != 0) {
			throw new InvalidWindowException("slide", "slide " + slide + " must be whole seconds, at least PT1M");
		}
		if (size.compareTo(MAX_SIZE) > 0 || size.getNano() != 0 || size.getSeconds() % slide.getSeconds() != 0
				|| size.isNegative() || size.isZero()) {
			throw new InvalidWindowException("size",
					"size " + size + " must be a positive multiple of slide " + slide + ", at most PT24H");
		}
	}

	/**
	 * Windows from request parameters, ISO-8601 durations like {@code PT15M}; a missing
	 * one takes its default.
	 * @throws InvalidWindowException naming the parameter that is not a duration or
	 * breaks a rule
	 */
	public static WindowSpec parse(String size, String slide, WindowSpec defaults) {
		return new WindowSpec((size != null) ? duration("size", size) : defaults.size(),
				(slide != null) ? duration("slide", slide) : defaults.slide());
	}

	private static Duration duration(String parameter, String value) {
		if (value.length() <= MAX_PARAMETER_LENGTH) {
			try {
				return Duration.parse(value);
			}
			catch (DateTimeParseException ex) {
				// named below
			}
		}
		String shown = (value.length() > 20) ? value.substring(0, 20) + "..." : value;
		throw new InvalidWindowException(parameter,
				parameter + " '" + shown.replaceAll("\\p{Cntrl}", "?") + "' is not an ISO-8601 duration like PT15M");
	}

	/** How many windows each record belongs to. */
	public int windowsPerRecord() {
		return (int) (this.size.getSeconds() / this.slide.getSeconds());
	}

	/**
	 * The index of the slide-long pane a timestamp falls in, counted on its own clock:
	 * pane {@code p} covers local times {@code [p × slide, (p + 1) × slide)} since the
	 * local epoch.
	 */
	long pane(OffsetDateTime ts) {
		return Math.floorDiv(ts.toLocalDateTime().toEpochSecond(ZoneOffset.UTC), this.slide.getSeconds());
	}

	/** The start of pane {@code p} on the clock of {@code offset}. */
	OffsetDateTime paneStart(long pane, ZoneOffset offset) {
		return OffsetDateTime.of(LocalDateTime.ofEpochSecond(pane * this.slide.getSeconds(), 0, ZoneOffset.UTC),
				offset);
	}

}
