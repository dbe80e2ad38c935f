package io.tickstream.tick;

import java.math.BigDecimal;
import java.time.OffsetDateTime;

/**
 * The one rule that decides which of two prices stands for a time span: the better price
 * wins (for a high the higher, for a low the lower), and of two as good, the earlier. The
 * batch answer, the stream's stage and store, and the sliding windows all decide by it;
 * the DynamoDB store's condition is the same rule written for DynamoDB.
 */
public final class BestPrice {

	private BestPrice() {
	}

	/**
	 * @return more than 0 when {@code (high, ts)} wins over {@code (otherHigh, otherTs)},
	 * less than 0 when it loses, 0 when they are as high at the same instant
	 */
	public static int compareHighs(BigDecimal high, OffsetDateTime ts, BigDecimal otherHigh, OffsetDateTime otherTs) {
		return decide(high.compareTo(otherHigh), ts, otherTs);
	}

	/**
	 * @param priceComparison more than 0 when the first price is the better one, 0 when
	 * they are equal (in value, whatever their scale)
	 * @return {@code priceComparison} when the prices differ, else more than 0 when
	 * {@code ts} is the earlier instant, less than 0 when it is the later, 0 when they
	 * are the same instant (in any offset)
	 */
	public static int decide(int priceComparison, OffsetDateTime ts, OffsetDateTime otherTs) {
		if (priceComparison != 0) {
			return priceComparison;
		}
		return ts.isBefore(otherTs) ? 1 : ts.isAfter(otherTs) ? -1 : 0;
	}

}
