package io.tickstream.tick;

import java.math.BigDecimal;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class PriceTests {

	@Test
	void keepsTheDigitsAsWritten() {
		assertThat(Price.parse("137.97000122070312")).isEqualByComparingTo("137.97000122070312")
			.hasToString("137.97000122070312");
		assertThat(Price.parse("206.90")).hasToString("206.90");
		assertThat(Price.parse("+007.5")).hasToString("7.5");
		assertThat(Price.parse("1E+2")).hasToString("100");
	}

	@Test
	void refusesWhatIsNoPrice() {
		assertThatIllegalArgumentException().isThrownBy(() -> Price.parse("0.00")).withMessage("must be positive");
		assertThatIllegalArgumentException().isThrownBy(() -> Price.parse("1e999999999"))
			.withMessageStartingWith("is out of range");
		assertThatIllegalArgumentException().isThrownBy(() -> Price.parse("1.2.3")).withMessage("is not a number");
	}

	/**
	 * Prices of up to 18 digits without an exponent are built from the digits read in the
	 * scan; every other is left to {@link BigDecimal}'s own reading: both give the same
	 * value and scale, generated forms included (leading zeros, a sign, a point first or
	 * last, 17 to 20 digits, exponents).
	 */
	@Test
	void buildsTheSameValueAsBigDecimalReadingTheText() {
		Random random = new Random(7);
		for (int i = 0; i < 20_000; i++) {
			StringBuilder text = new StringBuilder(random.nextInt(8) == 0 ? "+" : "");
			int digits = 1 + random.nextInt(21);
			int point = random.nextInt(digits + 2) - 1; // -1: no point
			for (int digit = 0; digit < digits; digit++) {
				if (digit == point) {
					text.append('.');
				}
				text.append((char) ('0'
						+ ((digit == 0 && random.nextInt(4) > 0) ? 1 + random.nextInt(9) : random.nextInt(10))));
			}
			if (point == digits) {
				text.append('.');
			}
			if (random.nextInt(10) == 0) {
				text.append('e').append(random.nextInt(7) - 3);
			}
			BigDecimal expected = new BigDecimal(text.toString().replace("+", ""));
			if (expected.signum() == 0) {
				continue;
			}
			expected = (expected.scale() < 0) ? expected.setScale(0) : expected;
			BigDecimal parsed = Price.parse(text.toString());
			assertThat(parsed).as(text.toString()).isEqualTo(expected);
			assertThat(parsed.scale()).as(text.toString()).isEqualTo(expected.scale());
		}
	}

}
