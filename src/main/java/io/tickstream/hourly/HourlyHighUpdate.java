package io.tickstream.hourly;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.Comparator;

import io.tickstream.tick.BestPrice;
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

	/**
	 * Highs of an hour ordered by {@link BestPrice}: the one that stands is the greater.
	 */
	public static final Comparator<HourlyHighUpdate> ORDER = (a, b) -> BestPrice.compareHighs(a.high(), a.ts(),
			b.high(), b.ts());

	/** The hourly high that one record alone makes. */
	public static HourlyHighUpdate of(Tick tick) {
		return new HourlyHighUpdate(tick.name(), HourlyHigh.hourOf(tick.ts()), tick.high(), tick.ts());
	}

	/** The company and hour this is the high of. */
	public CompanyHour companyHour() {
		return new CompanyHour(this.name, this.hour);
	}

	/**
	 * Whether this replaces {@code current} as the hour's high ({@link BestPrice}): it is
	 * higher, or as high and not later. "Not later" (rather than "earlier") lets a
	 * redelivered record confirm the high it set, so that an update lost in a crash
	 * between storing and publishing is published again.
	 */
	public boolean replaces(HourlyHighUpdate current) {
		return ORDER.compare(this, current) >= 0;
	}

}
