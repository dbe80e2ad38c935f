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
import io.tickstream.window.EventTimeWindows.PaneKey;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The sliding windows' state in DynamoDB, one partition per shard and window spec, shared
 * by every instance of a consumer group and surviving restarts:
 * <ul>
 * <li>one item per pane ({@code sk = pane|offset|index|name}) holding its distinct
 * records as a string set; records are only ever added to it ({@code ADD}), so a
 * redelivered record, or two instances adding at once, change nothing;</li>
 * <li>one {@code state} item: the last sequence number processed, the latest {@code ts},
 * the watermark up to which final windows were published, and a version that each batch
 * raises with a conditional write, so that a batch commits only on the state it
 * read.</li>
 * </ul>
 * Passing failures are retried in place, as for every other AWS call of a stage.
 */
public class DynamoDbWindowStore {

	private static final String STATE = "state";

	private static final String PANE = "pane|";

	private static final int MAX_BATCH_WRITE = 25;

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

	/** The version of a shard's state as last committed; 0 when it has none yet. */
	long version(String shardKey) {
		Map<String, AttributeValue> item = this.retry
			.call("Reading window state from DynamoDB",
					() -> this.dynamoDb.getItem((get) -> get.tableName(this.table)
						.key(key(shardKey, STATE))
						.consistentRead(true)
						.projectionExpression("version")).item());
		return (item == null || !item.containsKey("version")) ? 0 : Long.parseLong(item.get("version").n());
	}

	/** Everything saved for a shard: its state and the records of its panes. */
	SavedState load(String shardKey) {
		List<Tick> records = new ArrayList<>();
		Map<String, AttributeValue> state = Map.of();
		Map<String, AttributeValue> start = null;
		do {
			Map<String, AttributeValue> from = start;
			QueryResponse page = this.retry.call("Reading window state from DynamoDB",
					() -> this.dynamoDb.query(QueryRequest.builder()
						.tableName(this.table)
						.keyConditionExpression("pk = :pk")
						.expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(shardKey)))
						.consistentRead(true)
						.exclusiveStartKey(from)
						.build()));
			for (Map<String, AttributeValue> item : page.items()) {
				if (STATE.equals(item.get("sk").s())) {
					state = item;
				}
				else if (item.containsKey("records")) {
					String name = item.get("name").s();
					item.get("records").ss().forEach((record) -> records.add(record(name, record)));
				}
			}
			start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
		}
		while (start != null);
		return new SavedState(state.containsKey("version") ? Long.parseLong(state.get("version").n()) : 0,
				state.containsKey("sequence") ? state.get("sequence").s() : null, instant(state.get("latest")),
				instant(state.get("published")), records);
	}

	/** Adds records to a pane; those it holds already change nothing. */
	void add(String shardKey, PaneKey pane, Collection<Tick> records) {
		List<String> encoded = records.stream().map(DynamoDbWindowStore::encode).toList();
		this.retry.call("Writing window records to DynamoDB",
				() -> this.dynamoDb.updateItem((update) -> update.tableName(this.table)
					.key(key(shardKey, sortKey(pane)))
					.updateExpression("ADD records :records SET #name = :name")
					.expressionAttributeNames(Map.of("#name", "name"))
					.expressionAttributeValues(Map.of(":records", AttributeValue.fromSs(encoded), ":name",
							AttributeValue.fromS(pane.name())))));
	}

	/**
	 * Commits a batch: the shard's state moves from {@code version} to
	 * {@code version + 1}, unless another instance committed since it was read.
	 * @return whether it committed
	 */
	boolean commit(String shardKey, long version, String sequence, Instant latest, Instant published) {
		Map<String, AttributeValue> item = new HashMap<>(key(shardKey, STATE));
		item.put("version", AttributeValue.fromN(Long.toString(version + 1)));
		item.put("sequence", AttributeValue.fromS(sequence));
		if (latest != null) {
			item.put("latest", AttributeValue.fromS(latest.toString()));
		}
		if (published != null) {
			item.put("published", AttributeValue.fromS(published.toString()));
		}
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

	/** Deletes panes whose windows are all published. */
	void delete(String shardKey, Collection<PaneKey> panes) {
		List<WriteRequest> requests = panes.stream()
			.map((pane) -> WriteRequest.builder()
				.deleteRequest(DeleteRequest.builder().key(key(shardKey, sortKey(pane))).build())
				.build())
			.toList();
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

	private static Map<String, AttributeValue> key(String shardKey, String sortKey) {
		return Map.of("pk", AttributeValue.fromS(shardKey), "sk", AttributeValue.fromS(sortKey));
	}

	private static String sortKey(PaneKey pane) {
		return PANE + pane.offset().getId() + "|" + pane.index() + "|" + pane.name();
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

	private static Instant instant(AttributeValue value) {
		return (value != null) ? Instant.parse(value.s()) : null;
	}

	/** Shard state as saved: see the class comment. */
	record SavedState(long version, String sequence, Instant latest, Instant published, List<Tick> records) {

	}

}
