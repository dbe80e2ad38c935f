package io.tickstream.tick;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads price records from text in the three shapes feeds send: one JSON object, a JSON
 * array of objects, or newline-delimited JSON (one object a line, as Kinesis Data
 * Firehose writes them).
 * <p>
 * Numbers are kept as written ({@code 137.97000122070312} stays exactly that) and the
 * bare {@code NaN}/{@code Infinity} that Python's {@code json} module writes are read, so
 * that validation can reject them with a reason. In newline-delimited input a broken line
 * is one unreadable record; every other line is still read.
 */
public final class TickReader {

	private static final JsonMapper JSON = JsonMapper.builder()
		.enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
		.enable(JsonReadFeature.ALLOW_LEADING_PLUS_SIGN_FOR_NUMBERS)
		.build();

	/**
	 * @throws MalformedInputException when the text is empty or not JSON in any of the
	 * shapes
	 */
	public TickBatch read(String text) {
		String body = text.strip();
		if (body.isEmpty()) {
			throw new MalformedInputException(
					"the input is empty: expected a JSON object, an array of objects" + " or one object per line");
		}
		if (body.charAt(0) == '[') {
			return readArray(body);
		}
		if (isNewlineDelimited(body)) {
			return readLines(text);
		}
		return readSingle(body);
	}

	private TickBatch readSingle(String body) {
		try (JsonParser parser = JSON.createParser(body)) {
			JsonToken first = parser.nextToken();
			if (first != JsonToken.START_OBJECT) {
				throw new MalformedInputException("expected a JSON object, an array of objects or one object per line"
						+ at(parser.currentTokenLocation()));
			}
			RawTick raw = readObject(parser);
			expectEnd(parser);
			return new TickBatch(true, List.of(new TickBatch.Readable(0, raw)));
		}
		catch (JacksonException ex) {
			throw malformed(ex);
		}
	}

	private TickBatch readArray(String body) {
		List<TickBatch.Item> items = new ArrayList<>();
		try (JsonParser parser = JSON.createParser(body)) {
			parser.nextToken();
			int index = 0;
			for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
				if (token == null) {
					throw new MalformedInputException("the array is not closed" + at(parser.currentLocation()));
				}
				if (token == JsonToken.START_OBJECT) {
					items.add(new TickBatch.Readable(index, readObject(parser)));
				}
				else {
					parser.skipChildren();
					items.add(new TickBatch.Unreadable(index, "record is not a JSON object"));
				}
				index++;
			}
			expectEnd(parser);
			return new TickBatch(false, items);
		}
		catch (JacksonException ex) {
			throw malformed(ex);
		}
	}

	private TickBatch readLines(String text) {
		List<TickBatch.Item> items = new ArrayList<>();
		int index = 0;
		int lineNumber = 0;
		for (String line : text.split("\n", -1)) {
			lineNumber++;
			if (line.isBlank()) {
				continue;
			}
			items.add(readLine(line, index, lineNumber));
			index++;
		}
		return new TickBatch(false, items);
	}

	private TickBatch.Item readLine(String line, int index, int lineNumber) {
		try (JsonParser parser = JSON.createParser(line)) {
			if (parser.nextToken() != JsonToken.START_OBJECT) {
				return new TickBatch.Unreadable(index, "line " + lineNumber + " is not a JSON object");
			}
			RawTick raw = readObject(parser);
			expectEnd(parser);
			return new TickBatch.Readable(index, raw);
		}
		catch (JacksonException | MalformedInputException ex) {
			String problem = (ex instanceof JacksonException jackson) ? describe(jackson) : ex.getMessage();
			return new TickBatch.Unreadable(index, "malformed JSON on line " + lineNumber + ": " + problem);
		}
	}

	/**
	 * Newline-delimited when the first line alone is a complete JSON object and more
	 * follows; a pretty-printed object spans lines, but its first line is never complete.
	 */
	private static boolean isNewlineDelimited(String body) {
		int newline = body.indexOf('\n');
		if (newline < 0) {
			return false;
		}
		try (JsonParser parser = JSON.createParser(body.substring(0, newline))) {
			if (parser.nextToken() != JsonToken.START_OBJECT) {
				return false;
			}
			parser.skipChildren();
			return parser.nextToken() == null;
		}
		catch (JacksonException ex) {
			return false;
		}
	}

	/** Reads the fields of one object; the parser stands on its START_OBJECT. */
	private static RawTick readObject(JsonParser parser) {
		String name = null;
		String high = null;
		String low = null;
		String ts = null;
		List<String> shapeProblems = new ArrayList<>();
		for (JsonToken token = parser.nextToken(); token == JsonToken.PROPERTY_NAME; token = parser.nextToken()) {
			String field = parser.currentName();
			JsonToken value = parser.nextToken();
			switch (field) {
				case "name" -> name = readString(parser, field, value, shapeProblems);
				case "ts" -> ts = readString(parser, field, value, shapeProblems);
				case "high" -> high = readNumber(parser, field, value, shapeProblems);
				case "low" -> low = readNumber(parser, field, value, shapeProblems);
				default -> parser.skipChildren(); // unknown fields are ignored
			}
		}
		return new RawTick(name, high, low, ts, shapeProblems);
	}

	private static String readString(JsonParser parser, String field, JsonToken value, List<String> problems) {
		if (value == JsonToken.VALUE_STRING) {
			return parser.getString();
		}
		if (value != JsonToken.VALUE_NULL) {
			parser.skipChildren();
			problems.add(field + " must be a JSON string");
		}
		return null;
	}

	private static String readNumber(JsonParser parser, String field, JsonToken value, List<String> problems) {
		if (value == JsonToken.VALUE_NUMBER_INT || value == JsonToken.VALUE_NUMBER_FLOAT
				|| value == JsonToken.VALUE_STRING) {
			return parser.getText();
		}
		if (value != JsonToken.VALUE_NULL) {
			parser.skipChildren();
			problems.add(field + " must be a number");
		}
		return null;
	}

	private static void expectEnd(JsonParser parser) {
		if (parser.nextToken() != null) {
			throw new MalformedInputException(
					"unexpected content after the JSON value" + at(parser.currentTokenLocation()));
		}
	}

	private static MalformedInputException malformed(JacksonException ex) {
		return new MalformedInputException("malformed JSON: " + describe(ex));
	}

	private static String describe(JacksonException ex) {
		String message = ex.getOriginalMessage();
		// Jackson appends hints and a source excerpt after the first line
		int newline = message.indexOf('\n');
		String firstLine = (newline < 0) ? message : message.substring(0, newline);
		return firstLine + at(ex.getLocation());
	}

	private static String at(TokenStreamLocation location) {
		if (location == null || location.getLineNr() < 1) {
			return "";
		}
		return " at line " + location.getLineNr() + ", column " + location.getColumnNr();
	}

}
