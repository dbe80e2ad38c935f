package io.tickstream.window;

import java.time.Duration;

/**
 * How a stream's windows keep each company's event time ({@link CompanyWindows}).
 *
 * @param outOfOrder how long a window waits, in the company's event time, for records out
 * of order before it is published: it is published once a record this much younger than
 * its end arrives
 * @param allowedLateness how long after that a record still corrects it (in event time)
 * @param idle how long a company may be quiet, in processing time, before its open
 * windows are published all the same; after this and the allowed lateness (in processing
 * time too) its state is deleted
 */
public record EventTime(Duration outOfOrder, Duration allowedLateness, Duration idle) {

	public EventTime {
		if (outOfOrder.isNegative() || allowedLateness.isNegative() || idle.isNegative() || idle.isZero()) {
			throw new IllegalArgumentException(
					"the windows' out-of-order delay " + outOfOrder + " and allowed lateness " + allowedLateness
							+ " must not be negative, and their idle time " + idle + " must be positive");
		}
	}

}
