package io.tickstream.stream;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;

import io.awspring.cloud.dynamodb.DynamoDbLockRegistry;
import io.awspring.cloud.dynamodb.DynamoDbLockRepository;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.integration.support.locks.DistributedLock;
import org.springframework.integration.support.locks.RenewableLockRegistry;

/**
 * The binder's shard locks (DynamoDB leases) with a heartbeat.
 * <p>
 * The Kinesis binder renews a shard's lock only between two batches of that shard. A
 * batch that takes longer than the lease (a busy machine, a slow downstream, a transient
 * failure retried in place) lets the lease expire while the batch is still being
 * processed: another instance then takes the shard, and both process the same records. As
 * the KCL's lease renewer does, this renews every lock it holds in the background, every
 * third of the lease, whatever the consumers are doing. The binder's own renewal then
 * only asks whether the lock is still held, and learns that it is not when another
 * instance took it over (after an outage longer than the lease).
 */
final class HeartbeatLockRegistry implements RenewableLockRegistry<DistributedLock>, DisposableBean {

	private static final Log logger = LogFactory.getLog(HeartbeatLockRegistry.class);

	private final DynamoDbLockRegistry locks;

	private final DynamoDbLockRepository repository;

	private final Duration lease;

	private final Set<String> held = ConcurrentHashMap.newKeySet();

	private final Set<String> lost = ConcurrentHashMap.newKeySet();

	private final AtomicInteger failedHeartbeats = new AtomicInteger();

	private final ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "shard-lock-heartbeat");
		thread.setDaemon(true);
		return thread;
	});

	HeartbeatLockRegistry(DynamoDbLockRepository repository, Duration lease, Duration retryInterval) {
		this.repository = repository;
		this.lease = lease;
		this.locks = new DynamoDbLockRegistry(repository);
		this.locks.setTimeToLive(lease);
		this.locks.setIdleBetweenTries(retryInterval);
		long period = Math.max(200, lease.toMillis() / 3);
		this.heartbeat.scheduleWithFixedDelay(this::beat, period, period, TimeUnit.MILLISECONDS);
	}

	@Override
	public DistributedLock obtain(Object key) {
		return new HeartbeatLock(this.locks.obtain(key), (String) key);
	}

	/**
	 * Called by the binder between batches: the heartbeat does the renewing, so this only
	 * fails when the lock is no longer this instance's.
	 */
	@Override
	public void renewLock(Object key) {
		if (this.lost.contains(key) || !this.held.contains(key)) {
			throw new IllegalStateException("the lock " + key + " is no longer held by this instance");
		}
	}

	@Override
	public void renewLock(Object key, Duration ttl) {
		renewLock(key);
	}

	/** Renews every held lock once. */
	void beat() {
		for (String key : this.held) {
			try {
				if (!this.repository.renew(key, this.lease)) {
					this.held.remove(key);
					this.lost.add(key);
					logger.info("The lock " + key + " was taken over by another instance; its consumer stops");
				}
				else if (this.failedHeartbeats.getAndSet(0) > 0) {
					logger.info("Shard locks renewed again");
				}
			}
			catch (RuntimeException ex) {
				// DynamoDB unreachable: the locks stay held until another instance takes
				// them, which it can only do once DynamoDB answers again
				if (this.failedHeartbeats.getAndIncrement() == 0) {
					logger.warn("Shard locks cannot be renewed (" + ex.getMessage() + "); retrying every "
							+ Math.max(200, this.lease.toMillis() / 3) + " ms");
				}
			}
		}
	}

	@Override
	public void destroy() {
		this.heartbeat.shutdownNow();
	}

	private void acquired(String key) {
		this.lost.remove(key);
		this.held.add(key);
	}

	/** A shard lock that tells the registry when it is acquired and released. */
	private final class HeartbeatLock implements DistributedLock {

		private final DistributedLock lock;

		private final String key;

		HeartbeatLock(DistributedLock lock, String key) {
			this.lock = lock;
			this.key = key;
		}

		@Override
		public void lock() {
			this.lock.lock();
			acquired(this.key);
		}

		@Override
		public void lock(Duration ttl) {
			this.lock.lock(ttl);
			acquired(this.key);
		}

		@Override
		public void lockInterruptibly() throws InterruptedException {
			this.lock.lockInterruptibly();
			acquired(this.key);
		}

		@Override
		public boolean tryLock() {
			return acquiredIf(this.lock.tryLock());
		}

		@Override
		public boolean tryLock(long time, TimeUnit unit) throws InterruptedException {
			return acquiredIf(this.lock.tryLock(time, unit));
		}

		@Override
		public boolean tryLock(Duration waitTime, Duration ttl) throws InterruptedException {
			return acquiredIf(this.lock.tryLock(waitTime, ttl));
		}

		private boolean acquiredIf(boolean locked) {
			if (locked) {
				acquired(this.key);
			}
			return locked;
		}

		@Override
		public void unlock() {
			HeartbeatLockRegistry.this.held.remove(this.key);
			this.lock.unlock();
		}

		@Override
		public Condition newCondition() {
			return this.lock.newCondition();
		}

		@Override
		public String toString() {
			return this.lock.toString();
		}

	}

}
