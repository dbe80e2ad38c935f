package io.tickstream.tick;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
 * Firehose writes them); each object in its feed's shape ({@link FeedShapes}), one record
 * or a document of several. A CSV file is read as {@link CsvTicks} says.
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
		boolean single = read(text, Reading.ANY, items::add);
		return new TickBatch(single, items);
	}

	/**
	 * Reads the records one by one, handing each to {@code items} as soon as it is read,
	 * so that a large batch is never held twice.
	 * @return whether the text was one JSON object holding one record (a single record)
	 * rather than a batch
	 * @throws MalformedInputException when the text is empty or not JSON in any of the
	 * shapes, or a CSV file without the columns needed
	 */
	public boolean read(String text, Reading reading, Consumer<TickBatch.Item> items) {
		String body = text.strip();
		if (body.isEmpty()) {
			throw new MalformedInputException(
					"the input is empty: expected a JSON object, an array of objects" + " or one object per line");
		}
		if (reading.feed() == Feed.CSV || (reading.feed() == Feed.ANY && looksLikeCsv(body))) {
			CsvTicks.read(body, reading.symbol(), new Indexed(0, items));
			return false;
		}
		int firstLineEnd = body.indexOf('\n');
		if (body.charAt(0) == '[' && (firstLineEnd < 0 || !isOneValue(body.substring(0, firstLineEnd).strip()))) {
			readArray(body, reading.feed(), items); // one array, perhaps over many lines
			return false;
		}
		if (firstLineEnd >= 0 && !isOneValue(body) && hasRecordLine(body)) {
			readLines(text, reading.feed(), items); // a value a line (an array a line
													// too)
			return false;
		}
		if (body.charAt(0) == '[') {
			readArray(body, reading.feed(), items); // says where it breaks
			return false;
		}
		return readSingle(body, reading.feed(), items);
	}

	/**
	 * A first line that is a CSV header row naming a high and a low column (or yfinance's
	 * {@code Price} row), not JSON: what a CSV file of prices starts with.
	 */
	private static boolean looksLikeCsv(String body) {
		char first = body.charAt(0);
		if (first == '{' || first == '[') {
			return false;
		}
		int lineEnd = body.indexOf('\n');
		List<String> cells = new ArrayList<>();
		for (String cell : body.substring(0, (lineEnd < 0) ? body.length() : lineEnd).split(",", 1000)) {
			cells.add(cell.replace("\"", "").trim().toLowerCase(Locale.ROOT));
		}
		return (cells.contains("high") && cells.contains("low")) || cells.get(0).equals("price");
	}

	private boolean readSingle(String body, Feed feed, Consumer<TickBatch.Item> items) {
		try (JsonParser parser = JSON.createParser(body)) {
			JsonToken first = parser.nextToken();
			if (first != JsonToken.START_OBJECT) {
				throw new MalformedInputException("expected a JSON object, an array of objects or one object per line"
						+ at(parser.currentTokenLocation()));
			}
			Records records = readObject(parser, feed, 0);
			expectEnd(parser);
			records.items().forEach(items);
			return !records.document() && records.items().size() == 1;
		}
		catch (JacksonException ex) {
			throw malformed(ex);
		}
	}

	private void readArray(String body, Feed feed, Consumer<TickBatch.Item> items) {
		try (JsonParser parser = JSON.createParser(body)) {
			parser.nextToken();
			readArrayItems(parser, feed, 0, items);
			expectEnd(parser);
		}
		catch (JacksonException ex) {
			throw malformed(ex);
		}
	}

	/**
	 * The records of an array's objects; the parser stands on its START_ARRAY, and is
	 * left on its END_ARRAY.
	 */
	private static void readArrayItems(JsonParser parser, Feed feed, int firstIndex, Consumer<TickBatch.Item> items) {
		int index = firstIndex;
		for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
			if (token == null) {
				throw new MalformedInputException("the array is not closed" + at(parser.currentLocation()));
			}
			if (token == JsonToken.START_OBJECT) {
				Records records = readObject(parser, feed, index);
				records.items().forEach(items);
				index += records.items().size();
			}
			else {
				parser.skipChildren();
				items.accept(new TickBatch.Unreadable(index, "record is not a JSON object"));
				index++;
			}
		}
	}

	/**
	 * Reads newline-delimited records with one parser for the whole text as long as each
	 * line holds exactly one object, as feeds write them; from the first line that does
	 * not, line by line, so that a broken line is one unreadable record whichever it is.
	 * Both read every line alike: the first way only saves a parser per line.
	 */
	void readLines(String text, Feed feed, Consumer<TickBatch.Item> items) {
		int index = 0;
		int lineStart = 0; // every line before this offset has been handed on
		int lineNumber = 1;
		try (JsonParser parser = JSON.createParser(text)) {
			Records pending = null; // read, but its line may yet hold more
			int pendingEnd = 0;
			for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
				int start = (int) parser.currentTokenLocation().getCharOffset();
				if (token != JsonToken.START_OBJECT || (pending != null && !hasNewline(text, pendingEnd, start))) {
					break;
				}
				if (pending != null) {
					pending.items().forEach(items);
					index += pending.items().size();
				}
				for (int newline = text.indexOf('\n', lineStart); newline >= 0
						&& newline < start; newline = text.indexOf('\n', lineStart)) {
					lineStart = newline + 1;
					lineNumber++;
				}
				Records records = readObject(parser, feed, index);
				int end = (int) parser.currentTokenLocation().getCharOffset() + 1;
				if (hasNewline(text, start, end)) {
					pending = null;
					break;
				}
				pending = records;
				pendingEnd = end;
			}
			if (parser.currentToken() == null) { // the end, every line one object
				if (pending != null) {
					pending.items().forEach(items);
				}
				return;
			}
		}
		catch (JacksonException ex) {
			// read from the start of the line this happened on
		}
		readLinesOneByOne(text, feed, lineStart, lineNumber, index, items);
	}

	private static boolean hasNewline(String text, int from, int to) {
		int newline = text.indexOf('\n', from);
		return newline >= 0 && newline < to;
	}

	/**
	 * Newline-delimited records read line by line: what {@link #readLines} must agree
	 * with.
	 */
	void readLinesOneByOne(String text, Feed feed, Consumer<TickBatch.Item> items) {
		readLinesOneByOne(text, feed, 0, 1, 0, items);
	}

	private void readLinesOneByOne(String text, Feed feed, int from, int firstLineNumber, int firstIndex,
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
				List<TickBatch.Item> read = readLine(line, feed, index, lineNumber);
				read.forEach(items);
				index += read.size();
			}
		}
	}

	private List<TickBatch.Item> readLine(String line, Feed feed, int index, int lineNumber) {
		try (JsonParser parser = JSON.createParser(line)) {
			JsonToken first = parser.nextToken();
			if (first == JsonToken.START_ARRAY) { // a message of several records
				List<TickBatch.Item> items = new ArrayList<>();
				readArrayItems(parser, feed, index, items::add);
				expectEnd(parser);
				return items;
			}
			if (first != JsonToken.START_OBJECT) {
				return List.of(new TickBatch.Unreadable(index,
						"line " + lineNumber + " is not a JSON object or an array of objects"));
			}
			Records records = readObject(parser, feed, index);
			expectEnd(parser);
			return records.items();
		}
		catch (JacksonException | MalformedInputException ex) {
			String problem = (ex instanceof JacksonException jackson) ? describe(jackson) : ex.getMessage();
			return List.of(new TickBatch.Unreadable(index, "malformed JSON on line " + lineNumber + ": " + problem));
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
	 * Newline-delimited when some line alone is a complete JSON object or array (a
	 * WebSocket's message of several records), whichever it is: a broken first line must
	 * not turn a batch into one malformed input. No line of a pretty-printed object is a
	 * complete object.
	 */
	private static boolean hasRecordLine(String body) {
		for (int start = 0; start < body.length();) {
			int end = body.indexOf('\n', start);
			end = (end < 0) ? body.length() : end;
			String line = body.substring(start, end).strip();
			start = end + 1;
			if (((line.startsWith("{") && line.endsWith("}")) || (line.startsWith("[") && line.endsWith("]")))
					&& isOneValue(line)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * The records of one object, in its feed's shape; the parser stands on its
	 * START_OBJECT, and is left on its END_OBJECT.
	 * @param firstIndex the position of its first record in the input
	 */
	private static Records readObject(JsonParser parser, Feed feed, int firstIndex) {
		FeedObject object = FeedObject.read(parser);
		List<TickBatch.Item> items = new ArrayList<>(1);
		boolean document;
		try {
			document = FeedShapes.read(object, feed, new Indexed(firstIndex, items::add));
		}
		catch (InvalidTickException ex) { // no record of the feed: nothing was handed on
			return new Records(List.of(new TickBatch.Unreadable(firstIndex, ex.getMessage())), false);
		}
		return new Records(items, document);
	}

	/**
	 * The records one object holds, at their positions in the input.
	 *
	 * @param document whether the object is a document of records (answered as a batch)
	 */
	private record Records(List<TickBatch.Item> items, boolean document) {

	}

	/** Hands records on at consecutive positions. */
	private static final class Indexed implements FeedShapes.Sink {

		private final Consumer<TickBatch.Item> items;

		private int index;

		Indexed(int firstIndex, Consumer<TickBatch.Item> items) {
			this.index = firstIndex;
			this.items = items;
		}

		@Override
		public void record(RawTick raw) {
			this.items.accept(new TickBatch.Readable(this.index++, raw));
		}

		@Override
		public void unreadable(String reason) {
			this.items.accept(new TickBatch.Unreadable(this.index++, reason));
		}

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
