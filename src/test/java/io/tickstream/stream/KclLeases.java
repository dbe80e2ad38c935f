package io.tickstream.stream;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;

import org.awaitility.Awaitility;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/**
 * Who owns which shard, and who leads, read where the KCL keeps it: the lease table of a
 * stream's consumer group ({@code tickstream-<stream>}) and its coordinator state, which
 * holds the leader's lock ({@code Leader}).
 */
public final class KclLeases {

	private final DynamoDbClient dynamoDb;

	public KclLeases(DynamoDbClient dynamoDb) {
		this.dynamoDb = dynamoDb;
	}

	/** Shard → worker id (empty while no worker holds it). */
	public Map<String, String> owners(String stream) {
		Map<String, String> owners = new TreeMap<>();
		this.dynamoDb.scanPaginator((scan) -> scan.tableName(table(stream)).consistentRead(true))
			.items()
			.forEach((lease) -> owners.put(lease.get("leaseKey").s(),
					lease.getOrDefault("leaseOwner", AttributeValue.fromS("")).s()));
		return owners;
	}

	/** The worker that holds the leader's lock of a stream's KCL application. */
	public Optional<String> leader(String stream) {
		Map<String, AttributeValue> lock = this.dynamoDb
			.getItem((get) -> get.tableName(table(stream) + "-CoordinatorState")
				.key(Map.of("key", AttributeValue.fromS("Leader")))
				.consistentRead(true))
			.item();
		return Optional.ofNullable(lock.get("ownerName")).map(AttributeValue::s);
	}

	/**
	 * @return the owners once they meet the condition
	 * @throws org.awaitility.core.ConditionTimeoutException when they do not within the
	 * timeout
	 */
	public Map<String, String> await(String stream, Predicate<Map<String, String>> condition, Duration timeout) {
		return Awaitility.await("the leases of " + stream)
			.atMost(timeout)
			.pollInterval(Duration.ofMillis(500))
			// the table is made when the stream is bound
			.ignoreException(ResourceNotFoundException.class)
			.until(() -> owners(stream), condition);
	}

	/** How many of the shards a worker owns. */
	public static long owned(Map<String, String> owners, String worker) {
		return owners.values().stream().filter(worker::equals).count();
	}

	private static String table(String stream) {
		return "tickstream-" + stream;
	}

}
