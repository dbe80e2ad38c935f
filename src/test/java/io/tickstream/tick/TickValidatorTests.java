package io.tickstream.tick;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class TickValidatorTests {

	private final TickValidator validator = new TickValidator(new Timestamps(ZoneId.of("America/New_York")));

	@Test
	void normalisesAValidRecord() {
		Tick tick = this.validator.validate(new RawTick(" fb ", "206.93", "205.1", "2020-05-14 15:01:00-04:00"));

		assertThat(tick.name()).isEqualTo("FB");
		assertThat(tick.high()).isEqualTo(new BigDecimal("206.93"));
		assertThat(tick.low()).isEqualTo(new BigDecimal("205.1"));
		assertThat(tick.ts()).isEqualTo(OffsetDateTime.parse("2020-05-14T15:01:00-04:00"));
	}

	@Test
	void keepsPricesExactlyAsWritten() {
		Tick tick = this.validator
			.validate(new RawTick("BYND", "137.97000122070312", "136.5", "2020-05-14 09:39:00-04:00"));

		assertThat(tick.high().toPlainString()).isEqualTo("137.97000122070312");
	}

	@Test
	void writesExponentPricesWithoutExponent() {
		Tick tick = this.validator.validate(new RawTick("FB", "2.1E+2", "2E2", "2020-05-14 09:39:00-04:00"));

		assertThat(tick.high().toString()).isEqualTo("210");
		assertThat(tick.low().toString()).isEqualTo("200");
	}

	@Test
	void acceptsHighEqualToLow() {
		assertThat(this.validator.validate(new RawTick("FB", "10", "10.00", "2020-05-14 09:39:00")).low())
			.isEqualByComparingTo("10");
	}

	@ParameterizedTest(name = "{4}")
	@CsvSource(delimiter = '|', nullValues = "null",
			textBlock = """
					null      | 2    | 1    | 2020-05-14 09:30:00-04:00 | name is missing
					'  '      | 2    | 1    | 2020-05-14 09:30:00-04:00 | name is missing
					FB/X      | 2    | 1    | 2020-05-14 09:30:00-04:00 | name 'FB/X' is not a symbol (letters, digits, '.', '-' or ':', at most 12)
					ABCDEFGHIJKLM | 2 | 1   | 2020-05-14 09:30:00-04:00 | name 'ABCDEFGHIJKLM' is not a symbol (letters, digits, '.', '-' or ':', at most 12)
					FB        | 2    | 1    | null                      | ts is missing
					FB        | 2    | 1    | yesterday                 | ts 'yesterday' is not a timestamp (expected yyyy-MM-dd HH:mm:ss±hh:mm, ISO-8601 or MM/dd/yyyy HH:mm:ss)
					FB        | null | 1    | 2020-05-14 09:30:00-04:00 | high is missing
					FB        | 2    | null | 2020-05-14 09:30:00-04:00 | low is missing
					FB        | NaN  | 1    | 2020-05-14 09:30:00-04:00 | high must be a finite number, was NaN
					FB        | 2    | -Infinity | 2020-05-14 09:30:00-04:00 | low must be a finite number, was -Infinity
					FB        | abc  | 1    | 2020-05-14 09:30:00-04:00 | high 'abc' is not a number
					FB        | 0    | 1    | 2020-05-14 09:30:00-04:00 | high must be positive, was 0
					FB        | 2    | -1.5 | 2020-05-14 09:30:00-04:00 | low must be positive, was -1.5
					FB        | 1.5  | 2    | 2020-05-14 09:30:00-04:00 | low 2 is greater than high 1.5
					""")
	void rejectsWithAPreciseReason(String name, String high, String low, String ts, String reason) {
		assertThatExceptionOfType(InvalidTickException.class)
			.isThrownBy(() -> this.validator.validate(new RawTick(name, high, low, ts)))
			.withMessage(reason);
	}

	/** Not blank, yet nothing once trimmed: a control character is all it holds. */
	@Test
	void refusesAPriceOfOnlyAControlCharacter() {
		assertThatExceptionOfType(InvalidTickException.class)
			.isThrownBy(() -> this.validator.validate(new RawTick("FB", "\u0001", "1", "2020-05-14 09:30:00-04:00")))
			.withMessage("high '' is not a number");
	}

	@Test
	void namesEveryProblemOfARecord() {
		assertThatExceptionOfType(InvalidTickException.class)
			.isThrownBy(() -> this.validator.validate(new RawTick(null, "NaN", null, "soon")))
			.withMessage(
					"name is missing; ts 'soon' is not a timestamp (expected yyyy-MM-dd HH:mm:ss±hh:mm, ISO-8601 or"
							+ " MM/dd/yyyy HH:mm:ss);" + " high must be a finite number, was NaN; low is missing");
	}

	@Test
	void reportsWrongJsonTypesOnceAndNotAsMissing() {
		RawTick raw = new RawTick(null, "2", "1", "2020-05-14 09:30:00-04:00", List.of("name must be a JSON string"));

		assertThatExceptionOfType(InvalidTickException.class).isThrownBy(() -> this.validator.validate(raw))
			.withMessage("name must be a JSON string");
	}

}
