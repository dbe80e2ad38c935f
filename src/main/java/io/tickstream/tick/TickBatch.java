package io.tickstream.tick;

import java.util.List;

/**
 * Records as read from one input, in input order, before validation.
 *
 * @param single whether the input was one JSON object (answered with one record) rather
 * than an array or newline-delimited JSON (answered with a report)
 * @param items one item per record, readable or not
 */
public record TickBatch(boolean single, List<Item> items) {

	public TickBatch {
		items = List.copyOf(items);
	}

	/** One record of the input, at its zero-based position. */
	public sealed interface Item {

		int index();

	}

	/** A record that was read as JSON and awaits validation. */
	public record Readable(int index, RawTick raw) implements Item {

	}

	/** A record that could not be read as a JSON object. */
	public record Unreadable(int index, String reason) implements Item {

	}

}
