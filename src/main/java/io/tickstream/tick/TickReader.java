package io.tickstream.tick;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import tools.jackson.core.ErrorReportConfiguration;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.core.util.JsonRecyclerPools;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads price records from text in the three shapes feeds send: one JSON object, a JSON
 * array of objects, or newline-delimited JSON (one object a line, as Kinesis Data
 * Firehose writes them).
 * <p>
 * Numbers are kept as written ({@code 137.97000122070312} stays exactly that) and the
 * bare {@code NaN}/{@code Infinity} that Python's {@code json} module writes are read, so
 * that validation can reject them with a reason. In newline-delimited input a broken line
 * is one unreadable record, whichever line it is; every other line is still read.
 * <p>
 * Reading is linear in the input, and no reason quotes more than 40 characters of it.
 */
public final class TickReader {

	private static final JsonMapper JSON = JsonMapper.builder(JsonFactory.builder()
		// a parser a line: buffers recycled per thread rather than through a shared queue
		.recyclerPool(JsonRecyclerPools.threadLocalPool())
		.errorReportConfiguration(
				ErrorReportConfiguration.builder().maxErrorTokenLength(40).maxRawContentLength(0).build())
		.build())
		.enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
		.enable(JsonReadFeature.ALLOW_LEADING_PLUS_SIGN_FOR_NUMBERS)
		.build();

	/**
	 * @throws MalformedInputException when the text is empty or not JSON in any of the
	 * shapes
	 */
	public TickBatch read(String text) {
		List<TickBatch.Item> items = new ArrayList<>();
		boolean single = read(text, items::add);
		return new TickBatch(single, items);
	}

	/**
	 * Reads the records one by one, handing each to {@code items} as soon as it is read,
	 * so that a large batch is never held twice.
	 * @return whether the text was one JSON object (a single record) rather than a batch
	 * @throws MalformedInputException when the text is empty or not JSON in any of the
	 * shapes
	 */
	public boolean read(String text, Consumer<TickBatch.Item> items) {
		String body = text.strip();
		if (body.isEmpty()) {
			throw new MalformedInputException(
					"the input is empty: expected a JSON object, an array of objects" + " or one object per line");
		}
		if (body.charAt(0) == '[') {
			readArray(body, items);
			return false;
		}
		if (body.indexOf('\n') >= 0 && !isOneValue(body) && hasObjectLine(body)) {
			readLines(text, items);
			return false;
		}
		items.accept(readSingle(body));
		return true;
	}

	private TickBatch.Item readSingle(String body) {
		try (JsonParser parser = JSON.createParser(body)) {
			JsonToken first = parser.nextToken();
			if (first != JsonToken.START_OBJECT) {
				throw new MalformedInputException("expected a JSON object, an array of objects or one object per line"
						+ at(parser.currentTokenLocation()));
			}
			RawTick raw = readObject(parser);
			expectEnd(parser);
			return new TickBatch.Readable(0, raw);
		}
		catch (JacksonException ex) {
			throw malformed(ex);
		}
	}

	private void readArray(String body, Consumer<TickBatch.Item> items) {
		try (JsonParser parser = JSON.createParser(body)) {
			parser.nextToken();
			int index = 0;
			for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
				if (token == null) {
					throw new MalformedInputException("the array is not closed" + at(parser.currentLocation()));
				}
				if (token == JsonToken.START_OBJECT) {
					items.accept(new TickBatch.Readable(index, readObject(parser)));
				}
				else {
					parser.skipChildren();
					items.accept(new TickBatch.Unreadable(index, "record is not a JSON object"));
				}
				index++;
			}
			expectEnd(parser);
		}
		catch (JacksonException ex) {
			throw malformed(ex);
		}
	}

	/**
	 * Reads newline-delimited records with one parser for the whole text as long as each
	 * line holds exactly one object, as feeds write them; from the first line that does
	 * not, line by line, so that a broken line is one unreadable record whichever it is.
	 * Both read every line alike: the first way only saves a parser per line.
	 */
	void readLines(String text, Consumer<TickBatch.Item> items) {
		int index = 0;
		int lineStart = 0; // every line before this offset has been handed on
		int lineNumber = 1;
		try (JsonParser parser = JSON.createParser(text)) {
			TickBatch.Readable pending = null; // read, but its line may yet hold more
			int pendingEnd = 0;
			for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
				int start = (int) parser.currentTokenLocation().getCharOffset();
				if (token != JsonToken.START_OBJECT || (pending != null && !hasNewline(text, pendingEnd, start))) {
					break;
				}
				if (pending != null) {
					items.accept(pending);
					index++;
				}
				for (int newline = text.indexOf('\n', lineStart); newline >= 0
						&& newline < start; newline = text.indexOf('\n', lineStart)) {
					lineStart = newline + 1;
					lineNumber++;
				}
				RawTick raw = readObject(parser);
				int end = (int) parser.currentTokenLocation().getCharOffset() + 1;
				if (hasNewline(text, start, end)) {
					pending = null;
					break;
				}
				pending = new TickBatch.Readable(index, raw);
				pendingEnd = end;
			}
			if (parser.currentToken() == null) { // the end, every line one object
				if (pending != null) {
					items.accept(pending);
				}
				return;
			}
		}
		catch (JacksonException ex) {
			// read from the start of the line this happened on
		}
		readLinesOneByOne(text, lineStart, lineNumber, index, items);
	}

	private static boolean hasNewline(String text, int from, int to) {
		int newline = text.indexOf('\n', from);
		return newline >= 0 && newline < to;
	}

	/**
	 * Newline-delimited records read line by line: what {@link #readLines} must agree
	 * with.
	 */
	void readLinesOneByOne(String text, Consumer<TickBatch.Item> items) {
		readLinesOneByOne(text, 0, 1, 0, items);
	}

	private void readLinesOneByOne(String text, int from, int firstLineNumber, int firstIndex,
			Consumer<TickBatch.Item> items) {
		int index = firstIndex;
		int lineNumber = firstLineNumber - 1;
		for (int start = from; start <= text.length();) {
			int end = text.indexOf('\n', start);
			end = (end < 0) ? text.length() : end;
			String line = text.substring(start, end);
			lineNumber++;
			start = end + 1;
			if (!line.isBlank()) {
				items.accept(readLine(line, index, lineNumber));
				index++;
			}
		}
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
	 * Whether the whole text is one JSON value (a pretty-printed object spans lines but
	 * is one record).
	 */
	private static boolean isOneValue(String body) {
		try (JsonParser parser = JSON.createParser(body)) {
			parser.nextToken();
			parser.skipChildren();
			return parser.nextToken() == null;
		}
		catch (JacksonException ex) {
			return false;
		}
	}

	/**
	 * Newline-delimited when some line alone is a complete JSON object, whichever it is:
	 * a broken first line must not turn a batch into one malformed input. No line of a
	 * pretty-printed object is a complete object.
	 */
	private static boolean hasObjectLine(String body) {
		for (int start = 0; start < body.length();) {
			int end = body.indexOf('\n', start);
			end = (end < 0) ? body.length() : end;
			String line = body.substring(start, end).strip();
			start = end + 1;
			if (line.startsWith("{") && line.endsWith("}") && isOneValue(line)) {
				return true;
			}
		}
		return false;
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
