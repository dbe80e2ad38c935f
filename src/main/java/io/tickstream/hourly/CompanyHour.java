package io.tickstream.hourly;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;

import io.tickstream.tick.Tick;

/**
 * One company's clock hour, the key of an hourly high.
 *
 * @param name the company's ticker
 * @param hour the start of the hour, in the offset the records were written with
 */
public record CompanyHour(String name, OffsetDateTime hour) {

	/** The hour a record falls in. */
	public static CompanyHour of(Tick tick) {
		return new CompanyHour(tick.name(), HourlyHigh.hourOf(tick.ts()));
	}

	/** As a stored key: {@code FB|2020-05-14T15:00:00-04:00}. */
	public String key() {
		return this.name + "|" + DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(this.hour);
	}

}
