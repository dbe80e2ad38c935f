package io.tickstream.hourly;

import java.math.BigDecimal;
import java.time.OffsetDateTime;

/**
 * The highest {@code high} of one company in one clock hour.
 *
 * @param name the company's ticker
 * @param hour the start of the hour, in the offset the records were written with
 * @param high the maximum {@code high} in that hour, as written
 * @param ts the earliest timestamp at which that maximum occurs
 * @param count how many distinct records fell in that hour
 */
public record HourlyHigh(String name, OffsetDateTime hour, BigDecimal high, OffsetDateTime ts, long count) {

	/**
	 * The start of a timestamp's clock hour, in its own offset (as
	 * {@code truncatedTo(HOURS)}, at a fraction of its cost).
	 */
	public static OffsetDateTime hourOf(OffsetDateTime ts) {
		return OffsetDateTime.of(ts.getYear(), ts.getMonthValue(), ts.getDayOfMonth(), ts.getHour(), 0, 0, 0,
				ts.getOffset());
	}

}
