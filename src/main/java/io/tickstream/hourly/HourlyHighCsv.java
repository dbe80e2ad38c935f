package io.tickstream.hourly;

import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * Hourly highs as CSV with the header {@code name,hour,ts,max_high}: the columns of the
 * course project's Athena result, with timestamps in ISO-8601 like the JSON answer.
 */
public final class HourlyHighCsv {

	public static final String HEADER = "name,hour,ts,max_high";

	private HourlyHighCsv() {
	}

	public static String write(List<HourlyHigh> results) {
		StringBuilder csv = new StringBuilder(HEADER).append('\n');
		for (HourlyHigh result : results) {
			// names are tickers (letters, digits, '.', '-'), so no field ever needs
			// quoting
			csv.append(result.name())
				.append(',')
				.append(DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(result.hour()))
				.append(',')
				.append(DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(result.ts()))
				.append(',')
				.append(result.high().toPlainString())
				.append('\n');
		}
		return csv.toString();
	}

}
