package io.tickstream.window;

import java.util.List;

import io.tickstream.tick.Rejection;

/**
 * The windows of a batch, sorted by name, then start, with the records that could not be
 * used: the first ones listed with their reasons, all of them counted.
 *
 * @param results one entry per company and window that holds records
 * @param rejected the first rejections, in input order
 * @param rejectedCount how many records were rejected in all
 */
public record SlidingWindowReport(List<WindowStats> results, List<Rejection> rejected, int rejectedCount) {

	public SlidingWindowReport {
		results = List.copyOf(results);
		rejected = List.copyOf(rejected);
	}

}
