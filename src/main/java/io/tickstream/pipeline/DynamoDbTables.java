package io.tickstream.pipeline;

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
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.waiters.DynamoDbWaiter;

/**
 * Creates the pipeline's state tables on first use: on demand, keyed by the string
 * {@code pk} (and {@code sk}).
 */
public final class DynamoDbTables {

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
	 * Creates a table as requested where it does not exist, on demand, and waits until it
	 * is active.
	 * @param purpose what the table holds, for the log
	 */
	public static void createIfMissing(DynamoDbClient dynamoDb, String purpose, CreateTableRequest request) {
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
		// real DynamoDB takes seconds to a minute to create a table; dynalite 50 ms (set
		// per request, the waiter's settings replace the client's: both are set here)
		try (DynamoDbWaiter waiter = DynamoDbWaiter.builder().client(dynamoDb).build()) {
			waiter.waitUntilTableExists((describe) -> describe.tableName(table),
					(waiting) -> waiting.backoffStrategy(FixedDelayBackoffStrategy.create(Duration.ofMillis(500)))
						.maxAttempts(240));
		}

	}

	/** A string attribute of a table's keys. */
	public static AttributeDefinition stringAttribute(String name) {
		return AttributeDefinition.builder().attributeName(name).attributeType(ScalarAttributeType.S).build();
	}

	/** A key of a table or index. */
	public static KeySchemaElement key(String name, KeyType type) {
		return KeySchemaElement.builder().attributeName(name).keyType(type).build();
	}

}
