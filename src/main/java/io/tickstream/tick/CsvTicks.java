package io.tickstream.tick;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.tickstream.tick.RawTick.Fields;
import io.tickstream.tick.RawTick.TimeForm;

/**
 * Price records in CSV (RFC 4180): a header row, then a record a row. Columns are found
 * by name in any case, other columns ignored: a symbol ({@code name}, {@code symbol},
 * {@code ticker}), {@code high}, {@code low} and a time ({@code ts}, {@code datetime},
 * {@code date}, {@code timestamp}, {@code time}); a date alone is the start of that day
 * on the exchange's clock. Without a symbol column, the symbol is the one the request
 * names.
 * <p>
 * yfinance's export of several symbols is read too: its header rows {@code Price,…} and
 * {@code Ticker,…} name each column's field and symbol, and its third row names the time
 * column; each row is then a record per symbol.
 */
final class CsvTicks {

	private static final List<String> SYMBOL_COLUMNS = List.of("name", "symbol", "ticker");

	private static final List<String> TIME_COLUMNS = List.of("ts", "datetime", "date", "timestamp", "time");

	private CsvTicks() {
	}

	/**
	 * @param symbol the symbol of every record where the file has no symbol column, or
	 * {@code null}
	 * @throws MalformedInputException when the header lacks a column needed
	 */
	static void read(String text, String symbol, FeedShapes.Sink sink) {
		Rows rows = new Rows(text);
		List<String> header = rows.next();
		if (header == null) {
			throw new MalformedInputException("the CSV is empty: expected a header row, then a record a row");
		}
		header.set(0, header.get(0).replace("\uFEFF", ""));
		int width = header.size();
		List<Columns> records = yfinanceColumns(header, rows);
		if (records == null) {
			records = List.of(columns(header, symbol));
		}
		for (List<String> row = rows.next(); row != null; row = rows.next()) {
			if (row.size() != width) {
				sink.unreadable("row " + rows.number() + " has " + row.size() + " fields, the header " + width);
				continue;
			}
			for (Columns columns : records) {
				if (columns.skipsEmpty() && row.get(columns.high()).isBlank() && row.get(columns.low()).isBlank()) {
					continue; // no bar of this symbol at this time
				}
				String name = (columns.symbol() >= 0) ? row.get(columns.symbol()) : columns.fixedSymbol();
				sink.record(new RawTick(blankToNull(name), blankToNull(row.get(columns.high())),
						blankToNull(row.get(columns.low())), time(row.get(columns.time())), List.of(),
						columns.fields()));
			}
		}
	}

	/**
	 * Which column holds what, or the symbol every row has.
	 *
	 * @param skipsEmpty whether a row with neither high nor low is no record (yfinance
	 * writes a symbol's missing bars so)
	 */
	private record Columns(int symbol, String fixedSymbol, int high, int low, int time, Fields fields,
			boolean skipsEmpty) {

	}

	private static Columns columns(List<String> header, String symbol) {
		int name = find(header, SYMBOL_COLUMNS);
		int high = find(header, List.of("high"));
		int low = find(header, List.of("low"));
		int time = find(header, TIME_COLUMNS);
		List<String> missing = new ArrayList<>();
		if (name < 0 && (symbol == null || symbol.isBlank())) {
			missing.add("a symbol (name, symbol or ticker; or name the symbol with the name parameter)");
		}
		if (high < 0) {
			missing.add("high");
		}
		if (low < 0) {
			missing.add("low");
		}
		if (time < 0) {
			missing.add("a time (ts, datetime, date, timestamp or time)");
		}
		if (!missing.isEmpty()) {
			throw new MalformedInputException("the CSV header has no column " + String.join(", no ", missing));
		}
		String nameField = (name >= 0) ? label(header, name) : "name";
		return new Columns(name, (name >= 0) ? null : symbol.trim(), high, low, time, new Fields(nameField,
				label(header, high), label(header, low), label(header, time), TimeForm.AS_WRITTEN), false);
	}

	/**
	 * yfinance's rows {@code Price,Close,High,Low,…} and {@code Ticker,AAPL,AAPL,…}: per
	 * symbol, its high and low columns; the time is the first column. Its third row,
	 * naming the time column, is skipped.
	 * @return the columns, or {@code null}, the rows untouched, where the file has no
	 * such rows
	 */
	private static List<Columns> yfinanceColumns(List<String> fields, Rows rows) {
		if (!fields.get(0).trim().equalsIgnoreCase("price")) {
			return null;
		}
		List<String> tickers = rows.next();
		if (tickers == null || !tickers.get(0).trim().equalsIgnoreCase("ticker")) {
			if (tickers != null) {
				rows.pushBack(tickers);
			}
			return null;
		}
		Map<String, int[]> bySymbol = new LinkedHashMap<>();
		for (int i = 1; i < Math.min(fields.size(), tickers.size()); i++) {
			String field = fields.get(i).trim().toLowerCase(Locale.ROOT);
			if (field.equals("high") || field.equals("low")) {
				int[] highLow = bySymbol.computeIfAbsent(tickers.get(i).trim(), (s) -> new int[] { -1, -1 });
				highLow[field.equals("high") ? 0 : 1] = i;
			}
		}
		List<Columns> columns = new ArrayList<>();
		bySymbol.forEach((symbol, highLow) -> {
			if (highLow[0] >= 0 && highLow[1] >= 0) {
				columns.add(new Columns(-1, symbol, highLow[0], highLow[1], 0,
						new Fields("Ticker", "High", "Low", "Datetime", TimeForm.AS_WRITTEN), true));
			}
		});
		if (columns.isEmpty()) {
			throw new MalformedInputException("the CSV's Price and Ticker rows name no symbol's High and Low columns");
		}
		List<String> timeName = rows.next();
		if (timeName != null && !isTimeNameRow(timeName)) {
			rows.pushBack(timeName);
		}
		return columns;
	}

	/** yfinance's third header row: the time column's name, nothing else. */
	private static boolean isTimeNameRow(List<String> row) {
		return TIME_COLUMNS.contains(row.get(0).trim().toLowerCase(Locale.ROOT))
				&& row.subList(1, row.size()).stream().allMatch(String::isBlank);
	}

	private static int find(List<String> header, List<String> names) {
		for (String name : names) {
			for (int i = 0; i < header.size(); i++) {
				if (header.get(i).trim().equalsIgnoreCase(name)) {
					return i;
				}
			}
		}
		return -1;
	}

	private static String label(List<String> header, int column) {
		return TickValidator.abbreviate(header.get(column).trim());
	}

	/** A date alone is the start of that day. */
	private static String time(String value) {
		String trimmed = value.trim();
		if (trimmed.length() == 10 && trimmed.charAt(4) == '-' && trimmed.charAt(7) == '-') {
			return trimmed + " 00:00:00";
		}
		return blankToNull(trimmed);
	}

	private static String blankToNull(String value) {
		return value.isBlank() ? null : value;
	}

	/** The rows of a CSV text, read one at a time; blank lines are skipped. */
	private static final class Rows {

		private final String text;

		private int position;

		private int number;

		private List<String> pushedBack;

		Rows(String text) {
			this.text = text;
		}

		/** The number of the row last read, counting the header as 1. */
		int number() {
			return this.number;
		}

		void pushBack(List<String> row) {
			this.pushedBack = row;
			this.number--;
		}

		/** The next row's fields, or {@code null} at the end. */
		List<String> next() {
			if (this.pushedBack != null) {
				List<String> row = this.pushedBack;
				this.pushedBack = null;
				this.number++;
				return row;
			}
			while (this.position < this.text.length()) {
				List<String> row = readRow();
				if (row.size() > 1 || !row.get(0).isBlank()) {
					this.number++;
					return row;
				}
			}
			return null;
		}

		private List<String> readRow() {
			List<String> fields = new ArrayList<>();
			StringBuilder field = new StringBuilder();
			boolean quoted = false;
			String text = this.text;
			int i = this.position;
			for (; i < text.length(); i++) {
				char c = text.charAt(i);
				if (quoted) {
					if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
						field.append('"');
						i++;
					}
					else if (c == '"') {
						quoted = false;
					}
					else {
						field.append(c);
					}
				}
				else if (c == '"') {
					quoted = true;
				}
				else if (c == ',') {
					fields.add(field.toString());
					field.setLength(0);
				}
				else if (c == '\n') {
					break;
				}
				else if (c != '\r') {
					field.append(c);
				}
			}
			fields.add(field.toString());
			this.position = i + 1;
			return fields;
		}

	}

}
