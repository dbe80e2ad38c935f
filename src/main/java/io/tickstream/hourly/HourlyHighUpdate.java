package io.tickstream.hourly;

import java.math.BigDecimal;
import java.time.OffsetDateTime;

import io.tickstream.tick.Tick;

/**
 * The highest {@code high} of one company in one clock hour so far, as a stream publishes
 * it whenever it changes.
 *
 * @param name the company's ticker
 * @param hour the start of the hour, in the offset the records were written with
 * @param high the highest {@code high} so far, as written
 * @param ts the earliest timestamp at which it occurred
 */
public record HourlyHighUpdate(String name, OffsetDateTime hour, BigDecimal high, OffsetDateTime ts) {

	/** The hourly high that one record alone makes. */
	public static HourlyHighUpdate of(Tick tick) {
		return new HourlyHighUpdate(tick.name(), HourlyHigh.hourOf(tick.ts()), tick.high(), tick.ts());
	}

	/**
	 * Whether this replaces {@code current} as the hour's high: it is higher, or as high
	 * and not later. "Not later" (rather than "earlier") lets a redelivered record
	 * confirm the high it set, so that an update lost in a crash between storing and
	 * publishing is published again.
	 */
	public boolean replaces(HourlyHighUpdate current) {
		int comparison = this.high.compareTo(current.high);
		return comparison > 0 || (comparison == 0 && !this.ts.toInstant().isAfter(current.ts.toInstant()));
	}

}
