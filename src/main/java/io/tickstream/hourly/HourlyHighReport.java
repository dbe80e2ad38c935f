package io.tickstream.hourly;

import java.util.List;

import io.tickstream.tick.Rejection;

/**
 * Hourly highs of a batch, sorted by name and hour, with every record that could not be
 * used.
 */
public record HourlyHighReport(List<HourlyHigh> results, List<Rejection> rejected) {

	public HourlyHighReport {
		results = List.copyOf(results);
		rejected = List.copyOf(rejected);
	}

}
