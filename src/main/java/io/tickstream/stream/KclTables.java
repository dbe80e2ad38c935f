package io.tickstream.stream;

import io.tickstream.pipeline.DynamoDbTables;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;

import static io.tickstream.pipeline.DynamoDbTables.key;
import static io.tickstream.pipeline.DynamoDbTables.stringAttribute;

/**
 * The KCL's tables of one application, as KCL 3 makes them: its leases (keyed by
 * {@code leaseKey}, with the index of leases by owner that the KCL adds later with an
 * {@code UpdateTable} dynalite does not do), its leader and migration state, and its
 * workers' load. The KCL uses tables it finds as they are; made here, they are active
 * before it looks, where it would wait 20 s for each one it makes.
 */
final class KclTables {

	private KclTables() {
	}

	static void createIfMissing(DynamoDbClient dynamoDb, String application) {
		DynamoDbTables.createIfMissing(dynamoDb, "the KCL's leases",
				CreateTableRequest.builder()
					.tableName(application)
					.attributeDefinitions(stringAttribute("leaseKey"), stringAttribute("leaseOwner"))
					.keySchema(key("leaseKey", KeyType.HASH))
					.globalSecondaryIndexes((index) -> index.indexName("LeaseOwnerToLeaseKeyIndex")
						.keySchema(key("leaseOwner", KeyType.HASH), key("leaseKey", KeyType.RANGE))
						.projection((projection) -> projection.projectionType(ProjectionType.KEYS_ONLY)))
					.build());
		DynamoDbTables.createIfMissing(dynamoDb, "the KCL's leader", keyedBy(application + "-CoordinatorState", "key"));
		DynamoDbTables.createIfMissing(dynamoDb, "the KCL's worker load",
				keyedBy(application + "-WorkerMetricStats", "wid"));
	}

	/** A table keyed by one string attribute. */
	private static CreateTableRequest keyedBy(String table, String hashKey) {
		return CreateTableRequest.builder()
			.tableName(table)
			.attributeDefinitions(stringAttribute(hashKey))
			.keySchema(key(hashKey, KeyType.HASH))
			.build();
	}

}
