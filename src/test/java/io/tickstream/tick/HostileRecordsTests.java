package io.tickstream.tick;

import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;

import io.tickstream.HostileInputs;
import io.tickstream.function.Failure;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.assertj.core.api.Assertions.fail;

/**
 * What the domain does with hostile input: every record is accepted or refused with a
 * short reason, at a cost linear in its size. Each case named after what once broke it,
 * then a seeded, generated suite.
 */
class HostileRecordsTests {

	/** Not a timing: a bound far above the cost of any case, so that a hang fails. */
	private static final Duration BOUND = Duration.ofSeconds(5);

	private final TickIngestion ingestion = TickIngestion.forExchangeZone(ZoneId.of("America/New_York"), 1000);

	@Test
	void anExponentPastEveryRangeIsRefusedNotAnOverflow() {
		assertRefused(record("1e999999999", "1"), "high '1e999999999' is out of range");
	}

	@Test
	void anExponentOfMillionsCostsNoMoreThanReadingIt() {
		assertRefused(record("1e32000000", "1"), "high '1e32000000' is out of range");
		// the number's 32 million digits are never built (they would take 13 MB)
		assertThat(allocatedRefusing(record("1e32000000", "1")))
			.isLessThan(allocatedRefusing(record("1e200", "1")) + 64 * 1024);
	}

	@Test
	void aSeventyDigitNumberCostsNoMoreThanAShortOne() {
		String seventyDigits = "1234567890".repeat(7);
		assertRefused(record(seventyDigits, "1"),
				"high '1234567890123456789012345678901234567...' has more than 38 significant digits");
		assertThat(allocatedRefusing(record(seventyDigits + "e99999999", "1")))
			.isLessThan(allocatedRefusing(record("1e200", "1")) + 64 * 1024);
	}

	@Test
	void aTinyNumberIsRefusedWithAShortReason() {
		assertRefused(record("\"1e-999999999\"", "1"), "high '1e-999999999' is out of range");
	}

	@Test
	void aNumberDynamoDbCannotStoreIsRefusedBeforeItGetsThere() {
		assertRefused(record("1e200", "1"), "high '1e200' is out of range");
		assertRefused(record("123456789012345678901234567890123456789", "1"),
				"high '123456789012345678901234567890123456789' has more than 38 significant digits");
	}

	@Test
	void theEdgesOfDynamoDbsRangeAreAccepted() {
		Tick tick = (Tick) this.ingestion
			.ingest(bytes(record("9.9999999999999999999999999999999999999e125", "1e-130")));

		assertThat(tick.high()).isEqualByComparingTo("9.9999999999999999999999999999999999999e125");
		assertThat(tick.low()).isEqualByComparingTo("1e-130");
	}

	@Test
	void digitsThatAreNotAsciiAreNoNumber() {
		assertRefused(record("\"١٢٣\"", "1"), "high '١٢٣' is not a number");
		assertRefused(record("\"１２３\"", "1"), "high '１２３' is not a number");
	}

	@Test
	void aReasonQuotesAtMostFortyCharactersOfAValue() {
		String name = "X".repeat(100_000);
		assertThatExceptionOfType(InvalidTickException.class)
			.isThrownBy(() -> this.ingestion
				.ingest(bytes("{\"name\":\"" + name + "\",\"high\":2,\"low\":1,\"ts\":\"2020-05-14 15:01:00-04:00\"}")))
			.satisfies((ex) -> assertThat(ex.getMessage()).hasSizeLessThan(120));
	}

	@Test
	void aLocalTimeTheClocksSkipIsRefused() {
		assertThatExceptionOfType(InvalidTickException.class)
			.isThrownBy(() -> this.ingestion
				.ingest(bytes("{\"name\":\"FB\",\"high\":2,\"low\":1,\"ts\":\"2020-03-08 02:30:00\"}")))
			.withMessageContaining("does not exist in America/New_York");
	}

	@Test
	void aLocalTimeTheClocksRepeatIsTheEarlierOfTheTwo() {
		Tick tick = (Tick) this.ingestion
			.ingest(bytes("{\"name\":\"FB\",\"high\":2,\"low\":1,\"ts\":\"2020-11-01 01:30:00\"}"));

		assertThat(tick.ts().getOffset().getTotalSeconds()).isEqualTo(-4 * 3600);
	}

	@Test
	void aByteOrderMarkIsIgnored() {
		assertThat(this.ingestion.ingest(bytes("\uFEFF" + record("2", "1")))).isInstanceOf(Tick.class);
	}

	@Test
	void invalidUtf8IsRefusedWithItsByteOffset() {
		byte[] input = bytes(record("2", "1"));
		input[10] = (byte) 0xFF;

		assertThatExceptionOfType(MalformedInputException.class).isThrownBy(() -> this.ingestion.ingest(input))
			.withMessage("the input is not valid UTF-8 at byte 10");
	}

	@Test
	void aBrokenFirstLineRejectsOnlyItself() {
		IngestReport report = (IngestReport) this.ingestion
			.ingest(bytes("{\"name\": \"FB\", \"high\": \n" + record("2", "1") + "\n" + record("3", "1")));

		assertThat(report.accepted()).hasSize(2);
		assertThat(report.rejected()).singleElement()
			.satisfies((rejection) -> assertThat(rejection.reason()).startsWith("malformed JSON on line 1"));
	}

	@Test
	void twoMillionEmptyRecordsGiveABoundedAnswerAtALinearCost() {
		byte[] input = bytes("{}\n".repeat(2_000_000));

		IngestReport report = (IngestReport) this.ingestion.ingest(input);

		assertThat(report.rejectedCount()).isEqualTo(2_000_000);
		assertThat(report.rejected()).hasSize(1000);
		// what ten times the records cost, counted in bytes allocated, not timed
		long tenth = allocated(() -> this.ingestion.ingest(bytes("{}\n".repeat(200_000))));
		long whole = allocated(() -> this.ingestion.ingest(input));
		System.out.printf("hostile: %d bytes allocated for 200 000 empty records, %d for 2 000 000%n", tenth, whole);
		assertThat(whole).as("bytes allocated for 2 000 000 records, against %d for 200 000", tenth)
			.isLessThan(12 * tenth);
	}

	@Test
	void generatedHostileInputsAreAcceptedOrRefusedWithShortReasons() {
		HostileInputs inputs = new HostileInputs(20261129L);
		int accepted = 0;
		for (int i = 0; i < 2000; i++) {
			byte[] input = inputs.input();
			int index = i;
			accepted += assertTimeoutPreemptively(BOUND, () -> check(index, input));
			// the cost, counted in bytes allocated on the thread that reads (measured: at
			// most 30 per byte of input beyond 64 KB)
			long bytes = assertTimeoutPreemptively(BOUND, () -> allocated(() -> ingestIgnoringRefusal(input)));
			assertThat(bytes).as("case %d: bytes allocated reading %d bytes", index, input.length)
				.isLessThan(256 * 1024 + 64L * input.length);
		}
		assertThat(accepted).as("records the generator made valid, each checked against the rules").isGreaterThan(50);
	}

	/**
	 * @return how many records were accepted
	 */
	private int check(int index, byte[] input) {
		IngestResult result;
		try {
			result = this.ingestion.ingest(input);
		}
		catch (RuntimeException ex) {
			Failure failure = Failure.of(ex);
			if (failure == null) {
				fail("case " + index + " failed with " + ex + ": " + new String(input, StandardCharsets.UTF_8), ex);
			}
			assertThat(failure.detail()).as("case %d", index).hasSizeLessThan(600);
			return 0;
		}
		if (result instanceof Tick tick) {
			assertFollowsTheRules(index, tick);
			return 1;
		}
		IngestReport report = (IngestReport) result;
		report.accepted().forEach((tick) -> assertFollowsTheRules(index, tick));
		assertThat(report.rejected())
			.allSatisfy((rejection) -> assertThat(rejection.reason()).as("case %d", index).hasSizeLessThan(600));
		assertThat(report.rejected()).hasSize(Math.min(report.rejectedCount(), 1000));
		return report.accepted().size();
	}

	/**
	 * What an accepted record is, checked against the rules as written, not against the
	 * validator: a validator that let a bad value through fails here.
	 */
	private static void assertFollowsTheRules(int index, Tick tick) {
		assertThat(tick.name()).as("case %d: a symbol, upper-cased", index).matches("[A-Z0-9.:\\-]{1,12}");
		for (BigDecimal price : List.of(tick.high(), tick.low())) {
			assertThat(price).as("case %d: positive", index).isPositive();
			assertThat(price).as("case %d: within DynamoDB's range", index)
				.isBetween(new BigDecimal("1E-130"), new BigDecimal("9.9999999999999999999999999999999999999E+125"));
			assertThat(price.stripTrailingZeros().precision()).as("case %d: at most 38 significant digits", index)
				.isLessThanOrEqualTo(38);
		}
		assertThat(tick.low()).as("case %d: low <= high", index).isLessThanOrEqualTo(tick.high());
		assertThat(tick.ts()).as("case %d: a time", index).isNotNull();
	}

	private void assertRefused(String record, String reasonStart) {
		assertTimeoutPreemptively(BOUND,
				() -> assertThatExceptionOfType(InvalidTickException.class)
					.isThrownBy(() -> this.ingestion.ingest(bytes(record)))
					.satisfies((ex) -> assertThat(ex.getMessage()).startsWith(reasonStart).hasSizeLessThan(200)));
	}

	private void ingestIgnoringRefusal(byte[] input) {
		try {
			this.ingestion.ingest(input);
		}
		catch (InvalidTickException | MalformedInputException ex) {
			// refused: what it cost is what counts
		}
	}

	/** What refusing the record allocates, once its code has run before. */
	private long allocatedRefusing(String record) {
		Runnable refusing = () -> assertThatExceptionOfType(InvalidTickException.class)
			.isThrownBy(() -> this.ingestion.ingest(bytes(record)));
		refusing.run();
		return allocated(refusing);
	}

	/** The bytes this thread allocates while it runs the work: a count, not a timing. */
	private static long allocated(Runnable work) {
		com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
		long before = threads.getCurrentThreadAllocatedBytes();
		work.run();
		return threads.getCurrentThreadAllocatedBytes() - before;
	}

	private static String record(String high, String low) {
		return "{\"name\":\"FB\",\"high\":" + high + ",\"low\":" + low + ",\"ts\":\"2020-05-14 15:01:00-04:00\"}";
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
