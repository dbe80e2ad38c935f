package io.tickstream.hourly;

import java.util.List;

import io.tickstream.tick.Rejection;

/**
 * Hourly highs of a batch, sorted by name and hour, with the records that could not be
 * used: the first ones listed with their reasons, all of them counted.
 *
 * @param results one hourly high per company and hour
 * @param rejected the first rejections, in input order
 * @param rejectedCount how many records were rejected in all
 */
public record HourlyHighReport(List<HourlyHigh> results, List<Rejection> rejected, int rejectedCount) {

	public HourlyHighReport {
		results = List.copyOf(results);
		rejected = List.copyOf(rejected);
	}

}
