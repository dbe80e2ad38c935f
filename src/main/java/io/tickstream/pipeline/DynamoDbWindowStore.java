package io.tickstream.pipeline;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.tickstream.tick.Tick;
import io.tickstream.window.CompanyWindows;
import io.tickstream.window.CompanyWindows.PaneKey;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The sliding windows' state in DynamoDB, one partition per company (and stream and
 * window spec), shared by every instance of a consumer group and by every shard the
 * company's records pass through, so that a company's windows go on where they stood
 * after a restart, a lease moving or a reshard:
 * <ul>
 * <li>one item per pane ({@code sk = pane|offset|index}) holding its distinct records as
 * a string set; records are only ever added to it ({@code ADD}), so a redelivered record,
 * or two writers at once, change nothing;</li>
 * <li>one {@code state} item: the company's clock ({@link CompanyWindows.Clock}), the
 * shard and sequence number of its last record processed, when that was (processing time,
 * for the quiet companies' sweep), whether it has windows not yet published and whether
 * it holds records, and a version that each commit raises with a conditional write, so
 * that a batch commits only on the state it read.</li>
 * </ul>
 * Passing failures are retried in place, as for every other AWS call of a stage.
 */
public class DynamoDbWindowStore {

	private static final String STATE = "state";

	private static final String PANE = "pane|";

	private static final int MAX_BATCH_WRITE = 25;

	private static final int MAX_BATCH_GET = 100;

	private final DynamoDbClient dynamoDb;

	private final String table;

	private final TransientRetry retry;

	public DynamoDbWindowStore(DynamoDbClient dynamoDb, String table, TransientRetry retry) {
		this.dynamoDb = dynamoDb;
		this.table = table;
		this.retry = retry;
	}

	/** Creates the table where it does not exist. */
	public void createIfMissing() {
		DynamoDbTables.createIfMissing(this.dynamoDb, this.table, "sliding windows", true);
	}

	/** The versions of companies' states as last committed; 0 for one never committed. */
	Map<String, Long> versions(Collection<String> companyKeys) {
		Map<String, Long> versions = new HashMap<>();
		List<String> keys = List.copyOf(companyKeys);
		for (int from = 0; from < keys.size(); from += MAX_BATCH_GET) {
			List<Map<String, AttributeValue>> wanted = keys.subList(from, Math.min(keys.size(), from + MAX_BATCH_GET))
				.stream()
				.map((key) -> key(key, STATE))
				.toList();
			while (!wanted.isEmpty()) {
				List<Map<String, AttributeValue>> asked = wanted;
				BatchGetItemResponse response = this.retry.call("Reading window state from DynamoDB",
						() -> this.dynamoDb.batchGetItem((get) -> get.requestItems(Map.of(this.table,
								KeysAndAttributes.builder()
									.keys(asked)
									.consistentRead(true)
									.projectionExpression("pk, version")
									.build()))));
				for (Map<String, AttributeValue> item : response.responses().getOrDefault(this.table, List.of())) {
					versions.put(item.get("pk").s(), Long.parseLong(item.get("version").n()));
				}
				KeysAndAttributes left = response.unprocessedKeys().get(this.table);
				wanted = (left != null) ? left.keys() : List.of();
				if (!wanted.isEmpty()) {
					this.retry.pause(this.retry.delay(0));
				}
			}
		}
		keys.forEach((key) -> versions.putIfAbsent(key, 0L));
		return versions;
	}

	/** Everything saved for a company: its state and the records of its panes. */
	SavedCompany load(String companyKey, String name) {
		List<Tick> records = new ArrayList<>();
		Map<String, AttributeValue> state = Map.of();
		Map<String, AttributeValue> start = null;
		do {
			Map<String, AttributeValue> from = start;
			QueryResponse page = this.retry.call("Reading window state from DynamoDB",
					() -> this.dynamoDb.query(QueryRequest.builder()
						.tableName(this.table)
						.keyConditionExpression("pk = :pk")
						.expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(companyKey)))
						.consistentRead(true)
						.exclusiveStartKey(from)
						.build()));
			for (Map<String, AttributeValue> item : page.items()) {
				if (STATE.equals(item.get("sk").s())) {
					state = item;
				}
				else if (item.containsKey("records")) {
					item.get("records").ss().forEach((record) -> records.add(record(name, record)));
				}
			}
			start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
		}
		while (start != null);
		return new SavedCompany(state.containsKey("version") ? Long.parseLong(state.get("version").n()) : 0,
				string(state.get("shard")), string(state.get("sequence")),
				new CompanyWindows.Clock(instant(state.get("latest")), instant(state.get("published")),
						instant(state.get("horizon"))),
				records);
	}

	/** Adds records to a pane; those it holds already change nothing. */
	void add(String companyKey, PaneKey pane, Collection<Tick> records) {
		List<String> encoded = records.stream().map(DynamoDbWindowStore::encode).toList();
		this.retry.call("Writing window records to DynamoDB",
				() -> this.dynamoDb.updateItem((update) -> update.tableName(this.table)
					.key(key(companyKey, sortKey(pane)))
					.updateExpression("ADD records :records")
					.expressionAttributeValues(Map.of(":records", AttributeValue.fromSs(encoded)))));
	}

	/**
	 * Commits a company's state: it moves from {@code version} to {@code version + 1},
	 * unless another writer committed since it was read.
	 * @return whether it committed
	 */
	boolean commit(String companyKey, long version, Commit commit) {
		Map<String, AttributeValue> item = new HashMap<>(key(companyKey, STATE));
		item.put("version", AttributeValue.fromN(Long.toString(version + 1)));
		putString(item, "shard", commit.shard());
		putString(item, "sequence", commit.sequence());
		CompanyWindows.Clock clock = commit.clock();
		putString(item, "latest", (clock.latest() != null) ? clock.latest().toString() : null);
		putString(item, "published", (clock.published() != null) ? clock.published().toString() : null);
		putString(item, "horizon", (clock.horizon() != null) ? clock.horizon().toString() : null);
		item.put("arrival", millis(commit.arrival()));
		item.put("open", AttributeValue.fromBool(commit.open()));
		item.put("holds", AttributeValue.fromBool(commit.holds()));
		try {
			this.retry
				.call("Writing window state to DynamoDB", () -> this.dynamoDb.putItem((put) -> put.tableName(this.table)
					.item(item)
					.conditionExpression((version == 0) ? "attribute_not_exists(pk)" : "version = :version")
					.expressionAttributeValues(
							(version == 0) ? null : Map.of(":version", AttributeValue.fromN(Long.toString(version))))));
			return true;
		}
		catch (ConditionalCheckFailedException ex) {
			return false;
		}
	}

	/**
	 * Deletes panes whose windows are all closed: of several companies at once, in
	 * batches of {@value #MAX_BATCH_WRITE}.
	 * @param panes per company key, its panes to delete
	 */
	void delete(Map<String, ? extends Collection<PaneKey>> panes) {
		List<WriteRequest> requests = new ArrayList<>();
		panes.forEach((companyKey,
				forgotten) -> forgotten.forEach((pane) -> requests.add(WriteRequest.builder()
					.deleteRequest(DeleteRequest.builder().key(key(companyKey, sortKey(pane))).build())
					.build())));
		for (int from = 0; from < requests.size(); from += MAX_BATCH_WRITE) {
			List<WriteRequest> chunk = requests.subList(from, Math.min(requests.size(), from + MAX_BATCH_WRITE));
			while (!chunk.isEmpty()) {
				List<WriteRequest> sent = chunk;
				BatchWriteItemResponse response = this.retry.call("Deleting window panes from DynamoDB",
						() -> this.dynamoDb.batchWriteItem((batch) -> batch.requestItems(Map.of(this.table, sent))));
				chunk = response.unprocessedItems().getOrDefault(this.table, List.of());
				if (!chunk.isEmpty()) {
					this.retry.pause(this.retry.delay(0));
				}
			}
		}
	}

	/**
	 * The companies (their keys, starting with {@code prefix}) that have windows to
	 * publish and whose last record was processed at or before {@code quiet}, and those
	 * that hold records and whose last record was processed at or before {@code retired}:
	 * one scan of the state items.
	 * @return when each one's last record was processed
	 */
	Map<String, Instant> quietSince(String prefix, Instant quiet, Instant retired) {
		Map<String, Instant> found = new HashMap<>();
		Map<String, AttributeValue> start = null;
		do {
			Map<String, AttributeValue> from = start;
			ScanResponse page = this.retry.call("Looking for quiet companies in DynamoDB",
					() -> this.dynamoDb.scan(ScanRequest.builder()
						.tableName(this.table)
						.filterExpression(
								"sk = :state AND begins_with(pk, :prefix) AND ((#open = :yes AND arrival <= :quiet)"
										+ " OR (holds = :yes AND arrival <= :retired))")
						.expressionAttributeNames(Map.of("#open", "open"))
						.expressionAttributeValues(Map.of(":state", AttributeValue.fromS(STATE), ":prefix",
								AttributeValue.fromS(prefix), ":quiet", millis(quiet), ":retired", millis(retired),
								":yes", AttributeValue.fromBool(true)))
						.projectionExpression("pk, arrival")
						.consistentRead(true)
						.exclusiveStartKey(from)
						.build()));
			page.items()
				.forEach((item) -> found.put(item.get("pk").s(),
						Instant.ofEpochMilli(Long.parseLong(item.get("arrival").n()))));
			start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
		}
		while (start != null);
		return found;
	}

	private static AttributeValue millis(Instant instant) {
		return AttributeValue.fromN(Long.toString(instant.toEpochMilli()));
	}

	private static Map<String, AttributeValue> key(String companyKey, String sortKey) {
		return Map.of("pk", AttributeValue.fromS(companyKey), "sk", AttributeValue.fromS(sortKey));
	}

	private static String sortKey(PaneKey pane) {
		return PANE + pane.offset().getId() + "|" + pane.index();
	}

	/** A record as its pane holds it: {@code ts|high|low}, prices as written. */
	static String encode(Tick tick) {
		return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(tick.ts()) + "|" + tick.high() + "|" + tick.low();
	}

	static Tick record(String name, String encoded) {
		String[] parts = encoded.split("\\|", 3);
		return new Tick(name, new BigDecimal(parts[1]), new BigDecimal(parts[2]),
				OffsetDateTime.parse(parts[0], DateTimeFormatter.ISO_OFFSET_DATE_TIME));
	}

	private static void putString(Map<String, AttributeValue> item, String name, String value) {
		if (value != null) {
			item.put(name, AttributeValue.fromS(value));
		}
	}

	private static String string(AttributeValue value) {
		return (value != null) ? value.s() : null;
	}

	private static Instant instant(AttributeValue value) {
		return (value != null) ? Instant.parse(value.s()) : null;
	}

	/** A company's state as saved: see the class comment. */
	record SavedCompany(long version, String shard, String sequence, CompanyWindows.Clock clock, List<Tick> records) {

	}

	/**
	 * What a commit saves of a company.
	 *
	 * @param shard the shard of its last record processed
	 * @param sequence that record's sequence number
	 * @param arrival when it was processed
	 * @param open whether it has windows not yet published
	 * @param holds whether it holds records
	 */
	record Commit(String shard, String sequence, CompanyWindows.Clock clock, Instant arrival, boolean open,
			boolean holds) {

	}

}
