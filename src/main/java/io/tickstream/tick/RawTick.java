package io.tickstream.tick;

import java.util.List;

/**
 * A price record as it arrived, before validation: each field as its written text, or
 * {@code null} when absent.
 *
 * @param name the {@code name} field
 * @param high the {@code high} field (a JSON number or a numeric string, as written)
 * @param low the {@code low} field
 * @param ts the {@code ts} field
 * @param shapeProblems fields that had the wrong JSON type, each starting with the
 * field's name, e.g. {@code "name must be a JSON string"}
 */
public record RawTick(String name, String high, String low, String ts, List<String> shapeProblems) {

	public RawTick {
		shapeProblems = List.copyOf(shapeProblems);
	}

	public RawTick(String name, String high, String low, String ts) {
		this(name, high, low, ts, List.of());
	}

	boolean hasShapeProblem(String field) {
		return !this.shapeProblems.isEmpty()
				&& this.shapeProblems.stream().anyMatch((problem) -> problem.startsWith(field + " "));
	}

}
