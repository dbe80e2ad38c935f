package io.tickstream.tick;

import java.util.List;

/**
 * The outcome of ingesting a batch: every input record is either accepted (normalised) or
 * rejected with its index and reason, so nothing is dropped silently. So that an answer
 * never grows far beyond its input, only the first rejections are listed in full; all are
 * counted.
 *
 * @param accepted the valid records, normalised, in input order
 * @param rejected the first rejections, in input order
 * @param rejectedCount how many records were rejected in all
 */
public record IngestReport(List<Tick> accepted, List<Rejection> rejected, int rejectedCount) implements IngestResult {

	public IngestReport {
		accepted = List.copyOf(accepted);
		rejected = List.copyOf(rejected);
	}

	/** A report that lists every rejection. */
	public IngestReport(List<Tick> accepted, List<Rejection> rejected) {
		this(accepted, rejected, rejected.size());
	}

}
