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
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.waiters.DynamoDbWaiter;

/**
 * Creates the pipeline's state tables on first use, as the binder does for its
 * checkpoints and locks: on demand, keyed by the string {@code pk} (and {@code sk}).
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
		try {
			dynamoDb.describeTable((describe) -> describe.tableName(table));
			return;
		}
		catch (ResourceNotFoundException ex) {
			logger.info("Creating DynamoDB table " + table + " for " + purpose);
		}
		List<AttributeDefinition> attributes = new ArrayList<>(List.of(stringAttribute("pk")));
		List<KeySchemaElement> keys = new ArrayList<>(List.of(key("pk", KeyType.HASH)));
		if (sortKey) {
			attributes.add(stringAttribute("sk"));
			keys.add(key("sk", KeyType.RANGE));
		}
		try {
			dynamoDb.createTable((create) -> create.tableName(table)
				.billingMode(BillingMode.PAY_PER_REQUEST)
				.attributeDefinitions(attributes)
				.keySchema(keys));
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
