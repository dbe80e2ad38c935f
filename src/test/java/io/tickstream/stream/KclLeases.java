package io.tickstream.stream;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/**
 * Who owns which shard in the KCL mode, read where the KCL keeps it: the lease table of a
 * stream's consumer group ({@code tickstream-<stream>}).
 */
public final class KclLeases {

	private final DynamoDbClient dynamoDb;

	public KclLeases(DynamoDbClient dynamoDb) {
		this.dynamoDb = dynamoDb;
	}

	/** Shard → worker id (empty while no worker holds it). */
	public Map<String, String> owners(String stream) {
		Map<String, String> owners = new TreeMap<>();
		this.dynamoDb.scanPaginator((scan) -> scan.tableName("tickstream-" + stream).consistentRead(true))
			.items()
			.forEach((lease) -> owners.put(lease.get("leaseKey").s(),
					lease.getOrDefault("leaseOwner", AttributeValue.fromS("")).s()));
		return owners;
	}

	/**
	 * @return the owners once they meet the condition
	 * @throws AssertionError when they do not within the timeout
	 */
	public Map<String, String> await(String stream, Predicate<Map<String, String>> condition, Duration timeout)
			throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		Map<String, String> owners = Map.of();
		while (System.nanoTime() < deadline) {
			try {
				owners = owners(stream);
				if (condition.test(owners)) {
					return owners;
				}
			}
			catch (ResourceNotFoundException ex) {
				// the lease table is made when the instance binds the stream
			}
			Thread.sleep(500);
		}
		throw new AssertionError(
				"the leases of " + stream + " did not become as expected in " + timeout + ": " + owners);
	}

	/** How many of the shards a worker owns. */
	public static long owned(Map<String, String> owners, String worker) {
		return owners.values().stream().filter(worker::equals).count();
	}

}
