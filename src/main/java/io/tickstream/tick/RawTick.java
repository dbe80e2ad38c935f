package io.tickstream.tick;

import java.util.List;

/**
 * A price record as it arrived, before validation: each field as its written text, or
 * {@code null} when absent, with the names its feed gives them.
 *
 * @param name the symbol
 * @param high the highest price (a JSON number or a numeric string, as written)
 * @param low the lowest price
 * @param ts the time, as {@link Fields#time()} says it is written
 * @param shapeProblems fields that had the wrong JSON type, each starting with the
 * field's name, e.g. {@code "name must be a JSON string"}
 * @param fields what the feed calls the fields, for reasons, and how it writes the time
 */
public record RawTick(String name, String high, String low, String ts, List<String> shapeProblems, Fields fields) {

	public RawTick {
		shapeProblems = List.copyOf(shapeProblems);
	}

	public RawTick(String name, String high, String low, String ts, List<String> shapeProblems) {
		this(name, high, low, ts, shapeProblems, Fields.COURSE);
	}

	public RawTick(String name, String high, String low, String ts) {
		this(name, high, low, ts, List.of());
	}

	boolean hasShapeProblem(String field) {
		return !this.shapeProblems.isEmpty()
				&& this.shapeProblems.stream().anyMatch((problem) -> problem.startsWith(field + " "));
	}

	/**
	 * A feed's names of the four fields, as its records write them, and the form of its
	 * time.
	 */
	public record Fields(String name, String high, String low, String ts, TimeForm time) {

		public static final Fields COURSE = new Fields("name", "high", "low", "ts", TimeForm.AS_WRITTEN);

	}

	/** How a feed writes the time of a record. */
	public enum TimeForm {

		/**
		 * A timestamp, with the offset written, or none: then on the exchange's clock.
		 */
		AS_WRITTEN,
		/**
		 * A timestamp, told on the exchange's clock whatever offset it is written with.
		 */
		ON_EXCHANGE_CLOCK,
		/** Milliseconds since the epoch, a number or a string of digits. */
		EPOCH_MILLIS,
		/** Seconds since the epoch, a number or a string of digits. */
		EPOCH_SECONDS

	}

}
