package io.tickstream.stream;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import software.amazon.awssdk.core.retry.backoff.FixedDelayBackoffStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.waiters.DynamoDbWaiter;

/**
 * Creates the pipeline's state tables on first use, as the binder does for its
 * checkpoints and locks: on demand, keyed by the string {@code pk} (and {@code sk}); and
 * the KCL's tables, when the binder consumes through it.
 */
final class DynamoDbTables {

	private static final Log logger = LogFactory.getLog(DynamoDbTables.class);

	private DynamoDbTables() {
	}

	/**
	 * @param purpose what the table holds, for the log
	 * @param sortKey whether the table has the sort key {@code sk}
	 */
	static void createIfMissing(DynamoDbClient dynamoDb, String table, String purpose, boolean sortKey) {
		List<AttributeDefinition> attributes = new ArrayList<>(List.of(stringAttribute("pk")));
		List<KeySchemaElement> keys = new ArrayList<>(List.of(key("pk", KeyType.HASH)));
		if (sortKey) {
			attributes.add(stringAttribute("sk"));
			keys.add(key("sk", KeyType.RANGE));
		}
		createIfMissing(dynamoDb, purpose,
				CreateTableRequest.builder().tableName(table).attributeDefinitions(attributes).keySchema(keys).build());
	}

	/**
	 * The KCL's tables of one application, as KCL 3 makes them: its leases (keyed by
	 * {@code leaseKey}, with the index of leases by owner that the KCL adds later with an
	 * {@code UpdateTable} dynalite does not do), its leader and migration state, and its
	 * workers' load. The KCL uses tables it finds as they are; made here, they are active
	 * before it looks, where it would wait 20 s for each one it makes.
	 */
	static void createKclTablesIfMissing(DynamoDbClient dynamoDb, String application) {
		createIfMissing(dynamoDb, "the KCL's leases",
				CreateTableRequest.builder()
					.tableName(application)
					.attributeDefinitions(stringAttribute("leaseKey"), stringAttribute("leaseOwner"))
					.keySchema(key("leaseKey", KeyType.HASH))
					.globalSecondaryIndexes((index) -> index.indexName("LeaseOwnerToLeaseKeyIndex")
						.keySchema(key("leaseOwner", KeyType.HASH), key("leaseKey", KeyType.RANGE))
						.projection((projection) -> projection.projectionType(ProjectionType.KEYS_ONLY)))
					.build());
		createIfMissing(dynamoDb, "the KCL's leader", keyedBy(application + "-CoordinatorState", "key"));
		createIfMissing(dynamoDb, "the KCL's worker load", keyedBy(application + "-WorkerMetricStats", "wid"));
	}

	/** A table keyed by one string attribute. */
	private static CreateTableRequest keyedBy(String table, String hashKey) {
		return CreateTableRequest.builder()
			.tableName(table)
			.attributeDefinitions(stringAttribute(hashKey))
			.keySchema(key(hashKey, KeyType.HASH))
			.build();
	}

	private static void createIfMissing(DynamoDbClient dynamoDb, String purpose, CreateTableRequest request) {
		String table = request.tableName();
		try {
			dynamoDb.describeTable((describe) -> describe.tableName(table));
			return;
		}
		catch (ResourceNotFoundException ex) {
			logger.info("Creating DynamoDB table " + table + " for " + purpose);
		}
		try {
			dynamoDb.createTable(request.toBuilder().billingMode(BillingMode.PAY_PER_REQUEST).build());
		}
		catch (ResourceInUseException ex) {
			// another instance created it at the same time
		}
		// real DynamoDB takes seconds to a minute to create a table; dynalite 50 ms. (Set
		// per
		// request, the waiter's settings replace the client's: both are set here.)
		try (DynamoDbWaiter waiter = DynamoDbWaiter.builder().client(dynamoDb).build()) {
			waiter.waitUntilTableExists((describe) -> describe.tableName(table),
					(waiting) -> waiting.backoffStrategy(FixedDelayBackoffStrategy.create(Duration.ofMillis(500)))
						.maxAttempts(240));
		}

	}

	private static AttributeDefinition stringAttribute(String name) {
		return AttributeDefinition.builder().attributeName(name).attributeType(ScalarAttributeType.S).build();
	}

	private static KeySchemaElement key(String name, KeyType type) {
		return KeySchemaElement.builder().attributeName(name).keyType(type).build();
	}

}
