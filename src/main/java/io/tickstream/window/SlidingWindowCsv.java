package io.tickstream.window;

import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * Windows as CSV with the header {@code name,start,end,high,high_ts,low,low_ts,count},
 * timestamps in ISO-8601 like the JSON answer.
 */
public final class SlidingWindowCsv {

	public static final String HEADER = "name,start,end,high,high_ts,low,low_ts,count";

	private SlidingWindowCsv() {
	}

	public static String write(List<WindowStats> results) {
		StringBuilder csv = new StringBuilder(HEADER).append('\n');
		for (WindowStats window : results) {
			// names are tickers (letters, digits, '.', '-'): no field needs quoting
			csv.append(window.name())
				.append(',')
				.append(DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(window.start()))
				.append(',')
				.append(DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(window.end()))
				.append(',')
				.append(window.high().toPlainString())
				.append(',')
				.append(DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(window.highTs()))
				.append(',')
				.append(window.low().toPlainString())
				.append(',')
				.append(DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(window.lowTs()))
				.append(',')
				.append(window.count())
				.append('\n');
		}
		return csv.toString();
	}

}
