package io.tickstream.tick;

import java.math.BigDecimal;

/**
 * A price: a positive decimal written in plain ASCII (optional sign, digits, point,
 * exponent), with at most {@value #MAX_SIGNIFICANT_DIGITS} significant digits and a
 * magnitude inside DynamoDB's number range (1E-130 up to 9.99…E+125), so that every price
 * a surface accepts can be stored, compared and written back exactly.
 * <p>
 * The text is checked before any arithmetic: {@code 1e999999999} or a thousand digits
 * cost no more than reading them.
 */
public final class Price {

	public static final int MAX_SIGNIFICANT_DIGITS = 38;

	/** The exponent of the smallest magnitude DynamoDB stores (1E-130). */
	public static final int MIN_EXPONENT = -130;

	/** The exponent of the largest magnitude DynamoDB stores (9.99…E+125). */
	public static final int MAX_EXPONENT = 125;

	/** No price needs more characters than this, even with every leading zero written. */
	static final int MAX_LENGTH = 200;

	private Price() {
	}

	/**
	 * @param text the price as written, trimmed
	 * @return the price, with the digits as written but never in exponent form
	 * ({@code 1E+2} becomes {@code 100})
	 * @throws IllegalArgumentException with the reason, for a text that is no price
	 * (without a stack trace: a stream of bad prices costs no more than reading them)
	 */
	public static BigDecimal parse(String text) {
		if (text.length() > MAX_LENGTH) {
			throw new NotAPriceException("is too long for a price (" + text.length() + " characters)");
		}
		Decimal decimal = Decimal.scan(text);
		if (decimal == null) {
			throw new NotAPriceException("is not a number");
		}
		if (decimal.negative() || decimal.zero()) {
			throw new NotAPriceException("must be positive");
		}
		if (decimal.significantDigits() > MAX_SIGNIFICANT_DIGITS) {
			throw new NotAPriceException("has more than " + MAX_SIGNIFICANT_DIGITS + " significant digits ("
					+ decimal.significantDigits() + ")");
		}
		if (decimal.exponent() < MIN_EXPONENT || decimal.exponent() > MAX_EXPONENT) {
			throw new NotAPriceException("is out of range (1E" + MIN_EXPONENT + " to 9.99E+" + MAX_EXPONENT + ")");
		}
		if (decimal.unscaled() >= 0) {
			return BigDecimal.valueOf(decimal.unscaled(), decimal.fractionDigits());
		}
		BigDecimal value = new BigDecimal(text.startsWith("+") ? text.substring(1) : text);
		return (value.scale() < 0) ? value.setScale(0) : value;
	}

	/**
	 * What the text of a decimal number says, read in one pass.
	 *
	 * @param negative whether it has a minus sign
	 * @param zero whether every digit is zero
	 * @param significantDigits the digits from the first to the last non-zero one
	 * @param exponent the power of ten of its first significant digit
	 * @param unscaled every digit as one number when there are at most 18 and no exponent
	 * (what prices nearly always are), else -1
	 * @param fractionDigits the digits after the point
	 */
	private record Decimal(boolean negative, boolean zero, int significantDigits, long exponent, long unscaled,
			int fractionDigits) {

		/** Any 18 digits fit in a {@code long}. */
		private static final int MAX_LONG_DIGITS = 18;

		/**
		 * @return the decimal, or {@code null} when the text is not one
		 */
		static Decimal scan(String text) {
			int i = 0;
			int length = text.length();
			boolean negative = false;
			if (i < length && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
				negative = text.charAt(i) == '-';
				i++;
			}
			int digits = 0;
			int integerDigits = 0;
			int firstNonZero = -1;
			int lastNonZero = -1;
			boolean point = false;
			long unscaled = 0;
			for (; i < length; i++) {
				char c = text.charAt(i);
				if (c >= '0' && c <= '9') {
					unscaled = (digits < MAX_LONG_DIGITS) ? unscaled * 10 + (c - '0') : -1;
					if (c != '0') {
						firstNonZero = (firstNonZero < 0) ? digits : firstNonZero;
						lastNonZero = digits;
					}
					digits++;
					integerDigits += point ? 0 : 1;
				}
				else if (c == '.' && !point) {
					point = true;
				}
				else {
					break;
				}
			}
			if (digits == 0) {
				return null;
			}
			int fractionDigits = digits - integerDigits;
			long exponent = 0;
			if (i < length) {
				unscaled = -1; // an exponent: left to BigDecimal's own reading
				char e = text.charAt(i++);
				if (e != 'e' && e != 'E') {
					return null;
				}
				boolean negativeExponent = false;
				if (i < length && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
					negativeExponent = text.charAt(i) == '-';
					i++;
				}
				if (i == length) {
					return null;
				}
				for (; i < length; i++) {
					char c = text.charAt(i);
					if (c < '0' || c > '9') {
						return null;
					}
					// past any range a price can have: keep it from overflowing
					exponent = Math.min(exponent * 10 + (c - '0'), 1_000_000_000L);
				}
				exponent = negativeExponent ? -exponent : exponent;
			}
			if (firstNonZero < 0) {
				return new Decimal(negative, true, 0, 0, unscaled, fractionDigits);
			}
			return new Decimal(negative, false, lastNonZero - firstNonZero + 1,
					exponent + (integerDigits - 1 - firstNonZero), unscaled, fractionDigits);
		}

	}

	/** A text that is no price, and why: refused without a stack trace. */
	private static final class NotAPriceException extends IllegalArgumentException {

		NotAPriceException(String reason) {
			super(reason);
		}

		@Override
		public synchronized Throwable fillInStackTrace() {
			return this;
		}

	}

}
