package io.tickstream.window;

import java.time.Instant;
import java.time.OffsetDateTime;

import io.tickstream.tick.Tick;

/**
 * A record too late for its windows on a stream: one of them is closed for good, its
 * company's clock having passed its end by more than the out-of-order delay and the
 * allowed lateness ({@link CompanyWindows}). It changes nothing; it is kept apart from
 * the bad records.
 */
public class LateRecordException extends RuntimeException {

	private final transient Tick tick;

	private final OffsetDateTime missedStart;

	private final OffsetDateTime missedEnd;

	/**
	 * @param missedStart the start of the record's first window, closed for good
	 * @param missedEnd its end
	 * @param horizon the company's horizon: windows that end by it are closed
	 */
	public LateRecordException(Tick tick, OffsetDateTime missedStart, OffsetDateTime missedEnd, Instant horizon) {
		super("too late: the record's ts " + tick.ts() + " falls in the window " + missedStart + " to " + missedEnd
				+ " of " + tick.name() + ", closed for good at " + horizon + " (its latest ts minus the out-of-order"
				+ " delay and the allowed lateness)", null, false, false);
		this.tick = tick;
		this.missedStart = missedStart;
		this.missedEnd = missedEnd;
	}

	public Tick tick() {
		return this.tick;
	}

	/** The start of the record's first window, which it missed. */
	public OffsetDateTime missedStart() {
		return this.missedStart;
	}

	public OffsetDateTime missedEnd() {
		return this.missedEnd;
	}

}
