package io.tickstream.tick;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class TickReaderTests {

	private static final String FB = "{\"high\": 202.8300018310547, \"low\": 201.59100341796875, "
			+ "\"ts\": \"2020-05-14 09:30:00-04:00\", \"name\": \"FB\"}";

	private final TickReader reader = new TickReader();

	@Test
	void readsOneObjectAsASingleRecordWithNumbersAsWritten() {
		TickBatch batch = this.reader.read(FB);

		assertThat(batch.single()).isTrue();
		assertThat(batch.items()).containsExactly(new TickBatch.Readable(0,
				new RawTick("FB", "202.8300018310547", "201.59100341796875", "2020-05-14 09:30:00-04:00")));
	}

	@Test
	void readsAPrettyPrintedObjectAsASingleRecord() {
		TickBatch batch = this.reader
			.read("{\n  \"name\": \"FB\",\n  \"high\": 2,\n  \"low\": 1,\n  \"ts\": \"x\"\n}\n");

		assertThat(batch.single()).isTrue();
		assertThat(readable(batch)).containsExactly(new RawTick("FB", "2", "1", "x"));
	}

	@Test
	void readsAnArrayAsABatchAndNonObjectsAsUnreadable() {
		TickBatch batch = this.reader.read("[" + FB + ", 42, " + FB + "]");

		assertThat(batch.single()).isFalse();
		assertThat(batch.items()).hasSize(3);
		assertThat(batch.items().get(1)).isEqualTo(new TickBatch.Unreadable(1, "record is not a JSON object"));
		assertThat(batch.items().get(2).index()).isEqualTo(2);
	}

	@Test
	void readsNewlineDelimitedJsonAndKeepsGoingPastABrokenLine() {
		TickBatch batch = this.reader.read(FB + "\r\n\n{\"name\": \"FB\", \"high\": \n" + FB + "\n");

		assertThat(batch.single()).isFalse();
		assertThat(batch.items()).hasSize(3);
		assertThat(batch.items().get(0)).isInstanceOf(TickBatch.Readable.class);
		assertThat(batch.items().get(1)).isInstanceOfSatisfying(TickBatch.Unreadable.class,
				(unreadable) -> assertThat(unreadable.reason()).startsWith("malformed JSON on line 3: "));
		assertThat(batch.items().get(2)).isEqualTo(new TickBatch.Readable(2, readable(this.reader.read(FB)).get(0)));
	}

	@Test
	void readsPythonsNaNSoThatValidationCanRejectIt() {
		assertThat(readable(this.reader.read("{\"name\":\"FB\",\"high\":NaN,\"low\":-Infinity,\"ts\":\"t\"}")))
			.containsExactly(new RawTick("FB", "NaN", "-Infinity", "t"));
	}

	@Test
	void readsNumericStringsAndIgnoresUnknownFields() {
		assertThat(readable(this.reader
			.read("{\"name\":\"FB\",\"hour\":9,\"extra\":{\"a\":[1,2]},\"high\":\"2.5\",\"low\":1,\"ts\":\"t\"}")))
			.containsExactly(new RawTick("FB", "2.5", "1", "t"));
	}

	@Test
	void reportsFieldsOfTheWrongJsonType() {
		assertThat(
				readable(this.reader.read("{\"name\":7,\"high\":[1],\"low\":true,\"ts\":{}}")).get(0).shapeProblems())
			.containsExactly("name must be a JSON string", "high must be a number", "low must be a number",
					"ts must be a JSON string");
	}

	@Test
	void treatsNullAsMissing() {
		assertThat(readable(this.reader.read("{\"name\":null,\"high\":null,\"low\":1,\"ts\":null}")))
			.containsExactly(new RawTick(null, null, "1", null));
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "  \n ", "42", "\"FB\"", "{\"name\": \"FB\"", "{\"name\": FB}", "[{\"name\": \"FB\"}",
			"{\"name\":\"FB\"} trailing", "[1] [2]" })
	void refusesInputThatIsNotRecordsWithWhereItBroke(String text) {
		assertThatExceptionOfType(MalformedInputException.class).isThrownBy(() -> this.reader.read(text))
			.withMessageNotContaining("\n");
	}

	@Test
	void saysWhereTheJsonBroke() {
		assertThatExceptionOfType(MalformedInputException.class).isThrownBy(() -> this.reader.read("{\"name\": FB}"))
			.withMessageStartingWith("malformed JSON: ")
			.withMessageEndingWith("at line 1, column 10");
	}

	/**
	 * Newline-delimited input is read with one parser while each line holds one object;
	 * whatever the lines hold, the records and reasons are those of reading every line
	 * alone: generated inputs of whole, broken, split and doubled objects, other values,
	 * blank lines and both line ends.
	 */
	@Test
	void readsNewlineDelimitedJsonAsReadingEachLineAloneWould() {
		String[] lines = { FB, FB, FB, "{\"name\": \"AAPL\", \"high\": \"1.50\", \"low\": 1, \"ts\": null}",
				FB + " " + FB, FB + FB, "{\"name\":", "\"FB\", \"high\": 2}", "{\"name\": {\"nested\":", "1}}", "42",
				"[" + FB + "]", "{\"name\": \"FB\"", "}", "", "   ", "\u000B", "{\"name\": \"F\u2028B\"}",
				"{\"high\": NaN} x", "\"ts\"", FB + ",", "{}" };
		Random random = new Random(11);
		int fast = 0;
		for (int i = 0; i < 5_000; i++) {
			StringBuilder text = new StringBuilder();
			int count = 1 + random.nextInt(8);
			for (int line = 0; line < count; line++) {
				text.append(lines[random.nextInt(lines.length)]).append(random.nextInt(4) == 0 ? "\r\n" : "\n");
			}
			if (random.nextBoolean()) {
				text.setLength(text.length() - 1); // no line end after the last line
			}
			List<TickBatch.Item> oneParser = new ArrayList<>();
			List<TickBatch.Item> lineByLine = new ArrayList<>();
			this.reader.readLines(text.toString(), Feed.ANY, oneParser::add);
			this.reader.readLinesOneByOne(text.toString(), Feed.ANY, lineByLine::add);
			assertThat(oneParser).as(text.toString()).isEqualTo(lineByLine);
			fast += oneParser.stream().allMatch(TickBatch.Readable.class::isInstance) ? 1 : 0;
		}
		assertThat(fast).as("inputs of readable lines only").isGreaterThan(200);
	}

	private static List<RawTick> readable(TickBatch batch) {
		return batch.items()
			.stream()
			.filter(TickBatch.Readable.class::isInstance)
			.map((item) -> ((TickBatch.Readable) item).raw())
			.toList();
	}

}
