package io.tickstream.pipeline;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.tickstream.function.RefusedRecordException;
import io.tickstream.tick.Tick;
import io.tickstream.window.EventTimeWindows.PaneKey;
import io.tickstream.window.EventTimeWindows;
import io.tickstream.window.WindowSpec;
import io.tickstream.window.WindowStats;

/**
 * {@code slidingWindows} on a stream: reads {@code ticks} and publishes each company's
 * sliding window to {@code window-stats} once it is final in event time
 * ({@link EventTimeWindows}); a record older than its shard's watermark is a dead letter
 * with the reason {@code late}, as is any other bad record.
 * <p>
 * The state lives in DynamoDB ({@link DynamoDbWindowStore}), so that any instance of the
 * group, or a restarted one, goes on where the last one committed. A batch:
 * <ol>
 * <li>reads the shard's state where it is not held, or changed since this instance
 * committed it (another instance had the shard);</li>
 * <li>skips records up to the last committed sequence number: they were processed (a
 * redelivery after a crash between commit and checkpoint);</li>
 * <li>writes the dead letters, then adds the new records to their panes (one write per
 * pane), then publishes the windows that became final, then commits the state (last
 * sequence number, latest {@code ts}, published watermark) with a conditional write.</li>
 * </ol>
 * A crash at any point before the commit leaves the state as it was: the batch is
 * processed again from the same state and publishes the same final windows (a final
 * window may so be published twice, identical). Passing failures are retried in place.
 */
public final class WindowStage implements ShardStage {

	/**
	 * The most bytes of one company's records in one pane, as stored: a pane is one
	 * DynamoDB item, which holds at most 400 KB, and a write that passed it would fail
	 * every time and stop the shard. More records are refused as dead letters instead. (A
	 * record takes 60 to 440 bytes, its prices as written.)
	 */
	static final int MAX_PANE_BYTES = 350_000;

	private final WindowSpec spec;

	private final Duration lateness;

	private final DynamoDbWindowStore store;

	private final StageIo io;

	/** The state of the shards this instance reads, as it last committed it. */
	private final Map<String, ShardWindows> shards = new ConcurrentHashMap<>();

	WindowStage(WindowSpec spec, Duration lateness, DynamoDbWindowStore store, StageIo io) {
		this.spec = spec;
		this.lateness = lateness;
		this.store = store;
		this.io = io;
	}

	@Override
	public Optional<ShardBatch.Record> process(ShardBatch batch) {
		String key = batch.stream() + "|" + batch.shard() + "|" + this.spec.size() + "|" + this.spec.slide();
		try {
			process(batch, current(key), key);
		}
		catch (RuntimeException ex) {
			this.shards.remove(key); // what it holds may be ahead of what was committed
			throw ex;
		}
		return Optional.empty();
	}

	private void process(ShardBatch batch, ShardWindows shard, String key) {
		EventTimeWindows windows = shard.windows;
		List<RecordPublisher.OutgoingRecord> letters = new ArrayList<>();
		Map<PaneKey, List<Tick>> added = new LinkedHashMap<>();
		String last = null;
		int read = 0;
		for (ShardBatch.Record record : batch.records()) {
			String sequence = record.origin().sequenceNumber();
			if (shard.sequence != null && compare(sequence, shard.sequence) <= 0) {
				continue; // processed and committed before
			}
			last = sequence;
			read++;
			try {
				Tick tick = this.io.read(record);
				PaneKey pane = windows.paneOf(tick);
				int bytes = DynamoDbWindowStore.encode(tick).length();
				if (!windows.holds(tick) && shard.paneBytes.getOrDefault(pane, 0) + bytes > MAX_PANE_BYTES) {
					throw new RefusedRecordException(
							"the records of " + tick.name() + " in one slide of " + this.spec.slide()
									+ " would pass the window state's limit of " + MAX_PANE_BYTES + " bytes",
							null);
				}
				if (windows.add(tick)) {
					added.computeIfAbsent(pane, (any) -> new ArrayList<>()).add(tick);
					shard.paneBytes.merge(pane, bytes, Integer::sum);
				}
			}
			catch (RuntimeException ex) {
				letters.add(this.io.deadLetter(record, ex));
			}
		}
		if (last == null) {
			return; // a redelivery of what was committed
		}
		this.io.publish(this.io.names().deadLetters(), letters);
		added.forEach((pane, records) -> this.store.add(key, pane, records));
		List<RecordPublisher.OutgoingRecord> finals = new ArrayList<>();
		for (WindowStats window : windows.finalSince(shard.published)) {
			finals.add(this.io.result(window.name(), window));
		}
		this.io.publish(this.io.names().windowStats(), finals);
		Instant published = (windows.watermark() != null) ? windows.watermark() : shard.published;
		if (!this.store.commit(key, shard.version, last, windows.latest(), published)) {
			throw new IllegalStateException("the window state of " + batch.stream() + "/" + batch.shard()
					+ " was committed by another instance meanwhile; the batch will be delivered again");
		}
		this.io.count(Pipeline.SLIDING_WINDOWS, read, letters.size(), finals.size());
		shard.version++;
		shard.sequence = last;
		shard.published = published;
		List<PaneKey> forgotten = windows.forgetFinal();
		forgotten.forEach(shard.paneBytes::remove);
		this.store.delete(key, forgotten);
	}

	/**
	 * Reads a batch without processing it, for Lambda's tumbling windows, which carry the
	 * records of a window from one invocation to the next and process them at its end:
	 * the bad records are written as dead letters now, the good ones returned as they
	 * arrived.
	 * @return the records that hold a price record, in order
	 */
	public List<ShardBatch.Record> screen(ShardBatch batch) {
		List<ShardBatch.Record> good = new ArrayList<>();
		List<RecordPublisher.OutgoingRecord> letters = new ArrayList<>();
		for (ShardBatch.Record record : batch.records()) {
			try {
				this.io.read(record);
				good.add(record);
			}
			catch (RuntimeException ex) {
				letters.add(this.io.deadLetter(record, ex));
			}
		}
		this.io.publish(this.io.names().deadLetters(), letters);
		return good;
	}

	/** The shard's state: as held, unless another instance committed since. */
	private ShardWindows current(String key) {
		ShardWindows held = this.shards.get(key);
		if (held != null && held.version == this.store.version(key)) {
			return held;
		}
		DynamoDbWindowStore.SavedState saved = this.store.load(key);
		EventTimeWindows windows = new EventTimeWindows(this.spec, this.lateness, saved.latest());
		saved.records().forEach(windows::restore);
		ShardWindows loaded = new ShardWindows(windows, saved.version(), saved.sequence(), saved.published());
		for (PaneKey pane : windows.panes()) {
			loaded.paneBytes.put(pane,
					windows.records(pane).stream().mapToInt((tick) -> DynamoDbWindowStore.encode(tick).length()).sum());
		}
		this.shards.put(key, loaded);
		return loaded;
	}

	/** Kinesis sequence numbers are decimal numbers of up to 128 digits. */
	private static int compare(String sequence, String other) {
		return new BigInteger(sequence).compareTo(new BigInteger(other));
	}

	/** One shard's windows and where its committed state stands. */
	private static final class ShardWindows {

		private final EventTimeWindows windows;

		private long version;

		private String sequence;

		private Instant published;

		/** The bytes of each held pane's records, as stored. */
		private final Map<PaneKey, Integer> paneBytes = new HashMap<>();

		ShardWindows(EventTimeWindows windows, long version, String sequence, Instant published) {
			this.windows = windows;
			this.version = version;
			this.sequence = sequence;
			this.published = published;
		}

	}

}
