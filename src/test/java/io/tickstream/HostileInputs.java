package io.tickstream;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Inputs as an attacker or an unlucky producer would send them, generated from a seed so
 * that a failing case can be reproduced: numbers that cost gigabytes to write out or
 * overflow DynamoDB, digits that are not ASCII, names and timestamps of every shape and
 * size, epoch times past any range, unknown and misleading fields, every feed's shape and
 * documents of many records, nesting, broken JSON and UTF-8, byte order marks, and
 * batches whose first line is broken.
 */
public final class HostileInputs {

	/** The values that broke something once, and their neighbours. */
	private static final String[] NUMBERS = { "1e999999999", "1e-999999999", "1e32000000", "-1e999999999",
			"1E+2147483648", "1e-2147483649", "1e200", "1e126", "1e125", "9.99e125", "1e-130", "1e-131",
			"123456789012345678901234567890123456789", "12345678901234567890123456789012345678", "0", "-0", "0e5",
			"0.000", "-1.5", "+2", "1.", ".5", "1e", "1e+", "--1", "1.2.3", "0x1A", "1_000", "NaN", "-Infinity",
			"Infinity", "١٢٣", "１２３", "1 000", " 206.9 ", "206.9\u0000", "1e0000000000000000000001",
			"0000000000000000000000000000000000000000000000001", "206.9", "137.97000122070312" };

	private static final String[] TIMESTAMPS = { "2020-05-14 15:01:00-04:00", "2020-05-14T15:01:00Z",
			"2020-03-08 02:30:00", "2020-11-01 01:30:00", "2020-05-14 15:01", "2020-02-30 10:00:00",
			"2020-05-14 24:00:00", "2020-05-14 23:59:60", "+999999999-12-31T23:59:59Z", "0000-01-01 00:00:00",
			"2020-05-14 15:01:00+25:00", "soon", "", " ", "2020-05-14\u000015:01:00" };

	private static final String[] NAMES = { "FB", "fb", "BRK.B", "A-1", "TOOLONGTICKER1", "", " ", "F B", "\u202eFB",
			"ＦＢ", "DROP TABLE", "\u0000", "😀", "fb\n" };

	private final Random random;

	public HostileInputs(long seed) {
		this.random = new Random(seed);
	}

	/** Epoch times as feeds write them, and what no feed should. */
	private static final String[] EPOCHS = { "1589463060000", "\"1589463060000\"", "\"1589463060\"", "-1", "0",
			"99999999999999999999", "1e12", "1.5", "\"soon\"", "253402300799999", "253402300800000", "\"\"", "null",
			"[1]", "{}", "\"" + "9".repeat(5000) + "\"" };

	/**
	 * One record, as JSON text: mostly plausible, always with something wrong or odd; a
	 * third of them in the shape of a feed other than the course's.
	 */
	public String record() {
		if (this.random.nextInt(3) == 0) {
			return inFeedShape(value(pick(NAMES), this.random.nextInt(10) == 0), number(), number(),
					value(pick(TIMESTAMPS), false));
		}
		StringBuilder json = new StringBuilder("{");
		List<String> fields = new ArrayList<>();
		fields.add("\"name\":" + value(pick(NAMES), this.random.nextInt(10) == 0));
		fields.add("\"high\":" + number());
		fields.add("\"low\":" + number());
		fields.add("\"ts\":" + value(pick(TIMESTAMPS), false));
		switch (this.random.nextInt(8)) {
			case 0 -> fields.add("\"headers\":" + pick(new String[] { "1", "\"x\"", "[1]", "{\"Accept\":[1]}" }));
			case 1 -> fields.add("\"payload\":" + pick(new String[] { "1", "{\"name\":\"X\"}", "null" }));
			case 2 -> fields.add("\"extra\":" + "[".repeat(40) + "]".repeat(40));
			case 3 -> fields.remove(this.random.nextInt(fields.size()));
			case 4 -> fields.add("\"name\":\"" + "A".repeat(this.random.nextInt(100_000)) + "\"");
			case 5 -> fields.add("\"ts\":\"" + "9".repeat(this.random.nextInt(10_000)) + "\"");
			default -> {
			}
		}
		java.util.Collections.shuffle(fields, this.random);
		json.append(String.join(",", fields)).append('}');
		return json.toString();
	}

	/** The values under the keys of another feed, alone or in a document of several. */
	private String inFeedShape(String name, String high, String low, String ts) {
		return switch (this.random.nextInt(7)) {
			case 0 -> "{\"T\":" + pick(new String[] { "\"b\"", "\"q\"", "1", "null" }) + ",\"S\":" + name + ",\"h\":"
					+ high + ",\"l\":" + low + ",\"t\":" + ts + "}";
			case 1 ->
				"{\"ev\":\"AM\",\"sym\":" + name + ",\"h\":" + high + ",\"l\":" + low + ",\"s\":" + pick(EPOCHS) + "}";
			case 2 -> "{\"e\":\"kline\",\"s\":" + name + ",\"k\":"
					+ pick(new String[] { "{\"t\":" + pick(EPOCHS) + ",\"h\":" + high + ",\"l\":" + low + "}", "[]",
							"\"k\"", "{\"k\":" + "{\"k\":".repeat(100) + "1" + "}".repeat(101) })
					+ "}";
			case 3 -> "{\"start\":" + pick(EPOCHS) + ",\"high\":" + high + ",\"low\":" + low + ",\"product_id\":" + name
					+ "}";
			case 4 ->
				"{\"ticker\":" + name + ",\"results\":["
						+ String
							.join(",",
									java.util.Collections.nCopies(this.random.nextInt(50),
											"{\"h\":" + high + ",\"l\":" + low + ",\"t\":" + pick(EPOCHS) + "}"))
						+ "]}";
			case 5 -> "{\"bars\":{" + String.join(",",
					java.util.stream.IntStream.range(0, this.random.nextInt(200))
						.mapToObj((i) -> "\"S" + i + "\":[{\"h\":" + high + ",\"l\":" + low + ",\"t\":" + ts + "},7]")
						.toList())
					+ "}}";
			default -> "{\"channel\":\"candles\",\"events\":[{\"candles\":[{\"start\":" + pick(EPOCHS) + ",\"high\":"
					+ high + ",\"low\":" + low + ",\"product_id\":" + name + "}]},null,{\"candles\":{}}]}";
		};
	}

	/** A whole input: a record, an array, newline-delimited JSON, or broken bytes. */
	public byte[] input() {
		return switch (this.random.nextInt(10)) {
			case 0 ->
				("[" + String.join(",", records(1 + this.random.nextInt(20))) + "]").getBytes(StandardCharsets.UTF_8);
			case 1, 2 -> ndjson();
			case 3 -> broken(record().getBytes(StandardCharsets.UTF_8));
			case 4 -> ("\uFEFF" + record()).getBytes(StandardCharsets.UTF_8);
			case 5 -> pick(new String[] { "", " ", "{", "[", "null", "42", "\"x\"", "[]", "{}", "{}\n{}",
					"[".repeat(5000), "{\"a\":".repeat(3000), "{\"bars\":".repeat(3000), "{\"events\":[".repeat(3000),
					"[[{\"ev\":\"AM\"}]]\n[{}]" })
				.getBytes(StandardCharsets.UTF_8);
			default -> record().getBytes(StandardCharsets.UTF_8);
		};
	}

	private byte[] ndjson() {
		List<String> lines = records(2 + this.random.nextInt(20));
		if (this.random.nextBoolean()) {
			lines.set(0, "{\"name\": \"FB\", \"high\": ");
		}
		return String.join(this.random.nextBoolean() ? "\n" : "\r\n", lines).getBytes(StandardCharsets.UTF_8);
	}

	private List<String> records(int count) {
		List<String> records = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			records.add(record());
		}
		return records;
	}

	/** The bytes with one invalid UTF-8 sequence or control byte put in. */
	private byte[] broken(byte[] bytes) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		int at = this.random.nextInt(bytes.length + 1);
		out.write(bytes, 0, at);
		byte[][] junk = { { (byte) 0xC3 }, { (byte) 0xFF, (byte) 0xFE }, { (byte) 0xED, (byte) 0xA0, (byte) 0x80 },
				{ 0 }, { (byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80 } };
		out.writeBytes(junk[this.random.nextInt(junk.length)]);
		out.write(bytes, at, bytes.length - at);
		return out.toByteArray();
	}

	private String number() {
		String text = switch (this.random.nextInt(4)) {
			case 0 -> pick(NUMBERS);
			case 1 -> digits(1 + this.random.nextInt(60)) + "e" + (this.random.nextInt(600) - 300);
			case 2 -> "0." + "0".repeat(this.random.nextInt(300)) + digits(1 + this.random.nextInt(45));
			default -> this.random.nextInt(100_000) / 100.0 + "";
		};
		boolean asJsonNumber = text.matches("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?") && text.length() < 900;
		return asJsonNumber && this.random.nextBoolean() ? text : value(text, false);
	}

	private String digits(int count) {
		StringBuilder digits = new StringBuilder();
		digits.append(1 + this.random.nextInt(9));
		for (int i = 1; i < count; i++) {
			digits.append(this.random.nextInt(10));
		}
		return digits.toString();
	}

	private String value(String text, boolean wrongType) {
		if (wrongType) {
			return pick(new String[] { "1", "true", "null", "[\"FB\"]", "{\"n\":\"FB\"}" });
		}
		StringBuilder quoted = new StringBuilder("\"");
		for (char c : text.toCharArray()) {
			if (c == '"' || c == '\\') {
				quoted.append('\\').append(c);
			}
			else if (c < 0x20) {
				quoted.append(String.format("\\u%04x", (int) c));
			}
			else {
				quoted.append(c);
			}
		}
		return quoted.append('"').toString();
	}

	private String pick(String[] values) {
		return values[this.random.nextInt(values.length)];
	}

}
