package io.tickstream;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.tickstream.hourly.HourlyHigh;
import tools.jackson.databind.JsonNode;

import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

import static io.tickstream.Json.JSON;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * One of the real data sets in {@code src/test/resources/sta9760/} (see its README): the
 * raw Firehose records of one stream and the hourly highs that Athena computed from them.
 *
 * @param id the folder name
 * @param ndjson every raw record, one a line, as Firehose wrote them
 * @param expected per company and hour of day, the highest {@code high} and its tied
 * timestamps
 */
public record DataSet(String id, String ndjson, Map<Key, Expected> expected) {

	public static final List<String> IDS = List.of("YuboC_2020-05-14", "dkfreitag_2021-05-11",
			"Nafis-Chowdhury_2021-11-30", "xyjiang970_2022-05-02");

	/** A company's hour of the day, as the Athena queries group. */
	public record Key(String name, int hour) {
	}

	/**
	 * The hour's maximum and every timestamp at which it occurs in {@code results.csv}.
	 */
	public record Expected(BigDecimal high, Set<OffsetDateTime> ts) {
	}

	public static DataSet load(String id) {
		try {
			PathMatchingResourcePatternResolver resolver = new PathMatchingResourcePatternResolver();
			Resource[] raw = resolver.getResources("classpath:sta9760/" + id + "/raw/*");
			Arrays.sort(raw, (a, b) -> a.getFilename().compareTo(b.getFilename()));
			StringBuilder ndjson = new StringBuilder();
			for (Resource file : raw) {
				ndjson.append(read(file));
				if (ndjson.charAt(ndjson.length() - 1) != '\n') {
					ndjson.append('\n');
				}
			}
			String csv = read(resolver.getResource("classpath:sta9760/" + id + "/results.csv"));
			return new DataSet(id, ndjson.toString(), parseResults(csv));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The raw records, one a line. */
	public List<String> lines() {
		return this.ndjson.lines().filter((line) -> !line.isBlank()).toList();
	}

	/**
	 * Asserts that the computed hourly highs are exactly the ones in {@code results.csv}
	 * (see {@link #assertHighsMatch}) and that each counts the distinct records of its
	 * company and hour, as counted from the raw lines here, apart from the code under
	 * test.
	 */
	public void assertMatches(List<HourlyHigh> actual) {
		assertHighsMatch(actual);
		Map<Key, Set<List<Object>>> distinct = new HashMap<>();
		for (String line : lines()) {
			JsonNode record = JSON.readTree(line);
			OffsetDateTime ts = OffsetDateTime.parse(record.get("ts").asString().replace(' ', 'T'));
			String name = record.get("name").asString().toUpperCase(Locale.ROOT);
			distinct.computeIfAbsent(new Key(name, ts.getHour()), (key) -> new HashSet<>())
				.add(List.of(record.get("high").decimalValue().stripTrailingZeros(),
						record.get("low").decimalValue().stripTrailingZeros(), ts.toInstant()));
		}
		assertThat(actual)
			.allSatisfy((high) -> assertThat(high.count()).as("%s: count of %s %s", this.id, high.name(), high.hour())
				.isEqualTo(distinct.get(new Key(high.name(), high.hour().getHour())).size()));
	}

	/**
	 * Asserts that the computed hourly highs are exactly the ones in {@code results.csv}:
	 * the same companies and hours, equal maxima as decimals, and a timestamp among the
	 * tied ones. For a stream's hourly-high updates, which carry no count.
	 */
	public void assertHighsMatch(List<HourlyHigh> actual) {
		Map<Key, HourlyHigh> byKey = actual.stream()
			.collect(Collectors.toMap((high) -> new Key(high.name(), high.hour().getHour()), Function.identity()));
		assertThat(byKey).as("%s: one result per company and hour", this.id).hasSameSizeAs(actual);
		assertThat(byKey.keySet()).as("%s: companies and hours", this.id)
			.containsExactlyInAnyOrderElementsOf(this.expected.keySet());
		this.expected.forEach((key, expected) -> {
			HourlyHigh high = byKey.get(key);
			assertThat(high.high()).as("%s: high of %s", this.id, key).isEqualByComparingTo(expected.high());
			assertThat(expected.ts()).as("%s: ts of %s", this.id, key).contains(high.ts());
		});
	}

	/** Reads the {@code results} of an {@code hourlyHigh} JSON answer. */
	public static List<HourlyHigh> results(JsonNode answer) {
		List<HourlyHigh> results = new ArrayList<>();
		for (JsonNode result : answer.get("results")) {
			results.add(new HourlyHigh(result.get("name").asString(),
					OffsetDateTime.parse(result.get("hour").asString()), result.get("high").decimalValue(),
					OffsetDateTime.parse(result.get("ts").asString()), result.get("count").asLong()));
		}
		return results;
	}

	private static Map<Key, Expected> parseResults(String csv) {
		List<String> lines = csv.lines().filter((line) -> !line.isBlank()).toList();
		List<String> header = fields(lines.get(0).toLowerCase(Locale.ROOT));
		int name = column(header, "name", "company");
		int high = column(header, "max_high", "high");
		int ts = column(header, "ts", "datetime");
		int hour = column(header, "hour");
		Map<Key, BigDecimal> highs = new HashMap<>();
		Map<Key, Set<OffsetDateTime>> timestamps = new HashMap<>();
		for (String line : lines.subList(1, lines.size())) {
			List<String> row = fields(line);
			Key key = new Key(row.get(name), Integer.parseInt(row.get(hour)));
			BigDecimal value = new BigDecimal(row.get(high));
			BigDecimal previous = highs.putIfAbsent(key, value);
			assertThat(previous == null || previous.compareTo(value) == 0).as("ties share one high").isTrue();
			timestamps.computeIfAbsent(key, (k) -> new HashSet<>())
				.add(OffsetDateTime.parse(row.get(ts).replace(' ', 'T')));
		}
		Map<Key, Expected> expected = new HashMap<>();
		highs.forEach((key, value) -> expected.put(key, new Expected(value, timestamps.get(key))));
		return expected;
	}

	private static int column(List<String> header, String... names) {
		for (String name : names) {
			int index = header.indexOf(name);
			if (index >= 0) {
				return index;
			}
		}
		throw new IllegalStateException("no column " + List.of(names) + " in " + header);
	}

	/**
	 * The student files quote every field and never contain a quote or comma inside one.
	 */
	private static List<String> fields(String line) {
		List<String> fields = new ArrayList<>();
		for (String field : line.split(",", -1)) {
			fields.add(field.replace("\"", "").trim());
		}
		return fields;
	}

	private static String read(Resource resource) throws IOException {
		try (InputStream in = resource.getInputStream()) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

}
