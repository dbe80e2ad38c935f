package io.tickstream.function;

import java.lang.reflect.Type;

import io.tickstream.hourly.HourlyHighCsv;
import io.tickstream.hourly.HourlyHighReport;
import io.tickstream.window.SlidingWindowCsv;
import io.tickstream.window.SlidingWindowReport;

/**
 * An answer written as CSV, for the functions whose answers are tables: CSV has no place
 * for rejected records, so their number travels beside it (the {@code Rejected-Count}
 * header).
 *
 * @param csv the table, with its header line
 * @param rejectedCount how many records were rejected
 */
public record CsvAnswer(String csv, int rejectedCount) {

	/** Whether answers of this type can be written as CSV. */
	public static boolean writes(Type type) {
		return type == HourlyHighReport.class || type == SlidingWindowReport.class;
	}

	/**
	 * @return the answer as CSV, or {@code null} when it is no table
	 */
	public static CsvAnswer of(Object answer) {
		if (answer instanceof HourlyHighReport report) {
			return new CsvAnswer(HourlyHighCsv.write(report.results()), report.rejectedCount());
		}
		if (answer instanceof SlidingWindowReport report) {
			return new CsvAnswer(SlidingWindowCsv.write(report.results()), report.rejectedCount());
		}
		return null;
	}

}
