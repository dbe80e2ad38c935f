package io.tickstream.stream;

import io.awspring.cloud.dynamodb.DynamoDbMetadataStore;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.integration.metadata.ConcurrentMetadataStore;

/**
 * The binder's shard checkpoints in DynamoDB, with passing failures retried in place.
 * <p>
 * When a checkpoint cannot be written, the binder reads the shard again from the last
 * checkpoint and delivers the batch again: during a DynamoDB outage it would publish the
 * same batch to the next stream on every attempt. Waiting for DynamoDB instead repeats
 * nothing: the checkpoint is written once DynamoDB answers again.
 */
final class CheckpointStore implements ConcurrentMetadataStore, InitializingBean {

	private final DynamoDbMetadataStore store;

	private final TransientRetry retry;

	CheckpointStore(DynamoDbMetadataStore store, TransientRetry retry) {
		this.store = store;
		this.retry = retry;
	}

	@Override
	public void afterPropertiesSet() {
		this.store.afterPropertiesSet();
	}

	@Override
	public void put(String key, String value) {
		this.retry.call("Writing a checkpoint", () -> {
			this.store.put(key, value);
			return null;
		});
	}

	@Override
	public String get(String key) {
		return this.retry.call("Reading a checkpoint", () -> this.store.get(key));
	}

	@Override
	public String remove(String key) {
		return this.retry.call("Removing a checkpoint", () -> this.store.remove(key));
	}

	@Override
	public String putIfAbsent(String key, String value) {
		return this.retry.call("Writing a checkpoint", () -> this.store.putIfAbsent(key, value));
	}

	@Override
	public boolean replace(String key, String oldValue, String newValue) {
		return this.retry.call("Writing a checkpoint", () -> this.store.replace(key, oldValue, newValue));
	}

}
