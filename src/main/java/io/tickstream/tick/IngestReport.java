package io.tickstream.tick;

import java.util.List;

/**
 * The outcome of ingesting a batch: every input record is either accepted (normalised) or
 * rejected with its index and reason, so nothing is dropped silently.
 */
public record IngestReport(List<Tick> accepted, List<Rejection> rejected) implements IngestResult {

	public IngestReport {
		accepted = List.copyOf(accepted);
		rejected = List.copyOf(rejected);
	}

}
