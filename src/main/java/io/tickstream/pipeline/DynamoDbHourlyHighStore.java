package io.tickstream.pipeline;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.tickstream.function.RefusedRecordException;
import io.tickstream.hourly.CompanyHour;
import io.tickstream.hourly.HourlyHighStore;
import io.tickstream.hourly.HourlyHighUpdate;
import io.tickstream.metrics.PipelineMetrics;
import io.tickstream.tick.Tick;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * Hourly highs in DynamoDB, one item per company and hour, shared by every instance of a
 * consumer group. Each offer that may raise an hour's high is one conditional write,
 * "only if higher, or as high and not later", which DynamoDB applies atomically: no
 * read-modify-write race between instances, and a redelivered record changes nothing.
 * Prices are DynamoDB numbers, compared exactly as decimals.
 * <p>
 * A passing failure (DynamoDB down, throttled) is retried in place until it passes; a
 * refusal that will repeat ({@code ValidationException}) refuses the record for good.
 */
public class DynamoDbHourlyHighStore implements HourlyHighStore, AutoCloseable {

	private static final Log logger = LogFactory.getLog(DynamoDbHourlyHighStore.class);

	/** {@link HourlyHighUpdate#replaces}, as DynamoDB evaluates it on the stored item. */
	private static final String CONDITION = "attribute_not_exists(pk) OR high < :high"
			+ " OR (high = :high AND tsNanos >= :tsNanos)";

	private final DynamoDbClient dynamoDb;

	private final String table;

	/** More hours than a shard's worth of companies and days: then it starts again. */
	private static final int MAX_KNOWN = 100_000;

	/**
	 * The highest record this instance wrote per company and hour. DynamoDB's value only
	 * ever rises, so a record that this cache already beats would fail the conditional
	 * write too: skipping the write is safe, and most records never reach DynamoDB.
	 */
	private final Map<CompanyHour, HourlyHighUpdate> known = new ConcurrentHashMap<>();

	private final AtomicLong offers = new AtomicLong();

	private final AtomicLong writes = new AtomicLong();

	private final TransientRetry retry;

	private final PipelineMetrics metrics;

	public DynamoDbHourlyHighStore(DynamoDbClient dynamoDb, String table, TransientRetry retry,
			PipelineMetrics metrics) {
		this.dynamoDb = dynamoDb;
		this.table = table;
		this.retry = retry;
		this.metrics = metrics;
	}

	@Override
	public Optional<HourlyHighUpdate> offer(Tick tick) {
		HourlyHighUpdate candidate = HourlyHighUpdate.of(tick);
		CompanyHour key = candidate.companyHour();
		String hour = DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(candidate.hour());
		this.offers.incrementAndGet();
		HourlyHighUpdate current = this.known.get(key);
		if (current != null && !candidate.replaces(current)) {
			return Optional.empty();
		}
		try {
			this.writes.incrementAndGet();
			this.retry.call("Writing an hourly high to DynamoDB", () -> this.dynamoDb
				.updateItem((update) -> update.tableName(this.table)
					.key(Map.of("pk", string(key.key())))
					.updateExpression("SET #name = :name, #hour = :hour, high = :high, ts = :ts, tsNanos = :tsNanos")
					.conditionExpression(CONDITION)
					.expressionAttributeNames(Map.of("#name", "name", "#hour", "hour"))
					.expressionAttributeValues(Map.of(":name", string(candidate.name()), ":hour", string(hour), ":high",
							number(candidate.high()), ":ts",
							string(DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(candidate.ts())), ":tsNanos",
							number(epochNanos(candidate.ts().toInstant()))))));
			this.metrics.conditionalWrite(true);
			remember(key, candidate);
			return Optional.of(candidate);
		}
		catch (ConditionalCheckFailedException ex) {
			this.metrics.conditionalWrite(false);
			return Optional.empty(); // the hour already has a higher or earlier high
		}
		catch (DynamoDbException ex) {
			if (TransientRetry.isTransient(ex)) {
				throw ex;
			}
			String reason = (ex.awsErrorDetails() != null) ? ex.awsErrorDetails().errorMessage() : ex.getMessage();
			throw new RefusedRecordException("DynamoDB refused the hourly high: " + reason, ex);
		}
	}

	/**
	 * The hours' highs stored so far, for a page that opens after they were published: at
	 * most {@code max} of them (a scan reads the table page by page until then).
	 */
	public List<HourlyHighUpdate> stored(int max) {
		List<HourlyHighUpdate> highs = new ArrayList<>();
		Map<String, AttributeValue> next = null;
		do {
			Map<String, AttributeValue> from = next;
			// no waiting out an outage here: a page asks again
			ScanResponse page = this.dynamoDb.scan((scan) -> scan.tableName(this.table)
				.limit(Math.min(max - highs.size(), 1_000))
				.exclusiveStartKey(from));
			for (Map<String, AttributeValue> item : page.items()) {
				highs.add(new HourlyHighUpdate(item.get("name").s(), OffsetDateTime.parse(item.get("hour").s()),
						new BigDecimal(item.get("high").n()), OffsetDateTime.parse(item.get("ts").s())));
			}
			next = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
		}
		while (next != null && highs.size() < max);
		return highs;
	}

	private void remember(CompanyHour key, HourlyHighUpdate update) {
		if (this.known.size() > MAX_KNOWN) {
			this.known.clear();
		}
		this.known.merge(key, update, (old, now) -> now.replaces(old) ? now : old);
	}

	/** Logs what the cache saved. */
	@Override
	public void close() {
		logger.info("Hourly highs: " + writesPerOffer());
	}

	/** How many offers reached DynamoDB, of how many: what the cache saves. */
	String writesPerOffer() {
		return this.writes.get() + " DynamoDB writes for " + this.offers.get() + " records offered";
	}

	/** Creates the table where it does not exist. */
	public void createIfMissing() {
		DynamoDbTables.createIfMissing(this.dynamoDb, this.table, "hourly highs", false);
	}

	private static BigDecimal epochNanos(Instant instant) {
		return BigDecimal.valueOf(instant.getEpochSecond())
			.movePointRight(9)
			.add(BigDecimal.valueOf(instant.getNano()));
	}

	private static AttributeValue string(String value) {
		return AttributeValue.fromS(value);
	}

	private static AttributeValue number(BigDecimal value) {
		return AttributeValue.fromN(value.toPlainString());
	}

}
