package io.tickstream.tick;

import java.math.BigDecimal;
import java.time.OffsetDateTime;

/**
 * A validated, normalised price record: the name upper-cased, prices exactly as written,
 * the timestamp with its own offset.
 */
public record Tick(String name, BigDecimal high, BigDecimal low, OffsetDateTime ts) implements IngestResult {

	/**
	 * The same record with prices compared by value, so that {@code 206.9} and
	 * {@code 206.90} count as one record.
	 */
	public Tick identity() {
		return new Tick(this.name, this.high.stripTrailingZeros(), this.low.stripTrailingZeros(), this.ts);
	}

}
