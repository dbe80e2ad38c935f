package io.tickstream.pipeline;

import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.tickstream.function.RefusedRecordException;
import io.tickstream.tick.Tick;
import io.tickstream.window.CompanyWindows;
import io.tickstream.window.CompanyWindows.PaneKey;
import io.tickstream.window.EventTime;
import io.tickstream.window.LateRecordException;
import io.tickstream.window.WindowSpec;
import io.tickstream.window.WindowStats;

/**
 * {@code slidingWindows} on a stream: reads {@code ticks} and publishes each company's
 * sliding windows to {@code window-stats} in the company's own event time
 * ({@link CompanyWindows}): once its clock passes their end, once it has been quiet for a
 * while ({@link #closeQuiet()}), and again when a record arrives late but within the
 * allowed lateness (a correction, with a higher {@code count}). A record too late for its
 * windows goes to {@code ticks-late}, a bad one to {@code ticks-dlq}.
 * <p>
 * Each company's state lives in DynamoDB ({@link DynamoDbWindowStore}), so that any
 * instance of the group, a restarted one, or the reader of a child shard after a reshard
 * goes on where the last commit left it. A batch:
 * <ol>
 * <li>reads its companies' states where they are not held, or changed since this instance
 * committed them;</li>
 * <li>skips each company's records up to its last committed sequence number of the same
 * shard: they were processed (a redelivery after a crash between commit and
 * checkpoint);</li>
 * <li>writes the dead letters and the late records, adds the new records to their panes
 * (one write per pane), publishes the windows that are due, then commits each company's
 * state with a conditional write.</li>
 * </ol>
 * A crash before a commit leaves that company's state as it was: its records are
 * processed again and publish the same windows. A commit lost to another writer (the
 * quiet companies' sweep, or an instance that took the shard over) processes that
 * company's records again on the state it committed. Passing failures are retried in
 * place.
 */
public final class WindowStage implements ShardStage {

	/**
	 * The most bytes of one company's records in one pane, as stored: a pane is one
	 * DynamoDB item, which holds at most 400 KB, and a write that passed it would fail
	 * every time and stop the shard. More records are refused as dead letters instead. (A
	 * record takes 60 to 440 bytes, its prices as written.)
	 */
	static final int MAX_PANE_BYTES = 350_000;

	/** The companies whose state an instance keeps in memory between batches. */
	static final int MAX_HELD_COMPANIES = 10_000;

	/** How often a batch is processed again for commits lost to other writers. */
	private static final int MAX_ATTEMPTS = 5;

	private final WindowSpec spec;

	private final EventTime time;

	private final DynamoDbWindowStore store;

	private final StageIo io;

	/**
	 * The companies' states as this instance last committed them, the least used first.
	 */
	private final Map<String, Company> held = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {

		@Override
		protected boolean removeEldestEntry(Map.Entry<String, Company> eldest) {
			return size() > MAX_HELD_COMPANIES;
		}

	});

	WindowStage(WindowSpec spec, EventTime time, DynamoDbWindowStore store, StageIo io) {
		this.spec = spec;
		this.time = time;
		this.store = store;
		this.io = io;
	}

	@Override
	public Optional<ShardBatch.Record> process(ShardBatch batch) {
		List<ShardBatch.Record> records = batch.records();
		boolean first = true;
		for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
			Set<String> lost = processOnce(batch, records, first);
			if (lost.isEmpty()) {
				return Optional.empty();
			}
			records = recordsOf(records, lost);
			first = false;
		}
		throw new IllegalStateException("the window state of companies of " + batch.stream() + "/" + batch.shard()
				+ " kept changing under this batch; it will be delivered again");
	}

	/**
	 * @param first whether the batch's bad records are written as dead letters: only the
	 * first time (what comes again is the records of lost commits)
	 * @return the keys of the companies whose commit another writer won
	 */
	private Set<String> processOnce(ShardBatch batch, List<ShardBatch.Record> records, boolean first) {
		List<RecordPublisher.OutgoingRecord> letters = new ArrayList<>();
		List<Read> reads = new ArrayList<>();
		for (ShardBatch.Record record : records) {
			try {
				reads.add(new Read(record, this.io.read(record)));
			}
			catch (RuntimeException ex) {
				letters.add(this.io.deadLetter(record, ex));
			}
		}
		Set<String> keys = new LinkedHashSet<>();
		reads.forEach((read) -> keys.add(key(read.tick().name())));
		Map<String, Company> companies = current(keys);
		try {
			return process(batch, reads, companies, first ? letters : new ArrayList<>());
		}
		catch (RuntimeException ex) {
			keys.forEach(this.held::remove); // what they hold may be ahead of what was
												// committed
			throw ex;
		}
	}

	private Set<String> process(ShardBatch batch, List<Read> reads, Map<String, Company> companies,
			List<RecordPublisher.OutgoingRecord> letters) {
		Instant now = this.io.clock().instant();
		List<RecordPublisher.OutgoingRecord> late = new ArrayList<>();
		Map<String, Map<PaneKey, List<Tick>>> added = new LinkedHashMap<>();
		Map<String, String> lastSequence = new LinkedHashMap<>();
		int read = letters.size();
		for (Read each : reads) {
			String key = key(each.tick().name());
			Company company = companies.get(key);
			String sequence = each.record().origin().sequenceNumber();
			if (batch.shard().equals(company.shard) && company.sequence != null
					&& compare(sequence, company.sequence) <= 0) {
				continue; // processed and committed before
			}
			lastSequence.put(key, sequence);
			read++;
			Tick tick = each.tick();
			try {
				PaneKey pane = company.windows.paneOf(tick);
				int bytes = DynamoDbWindowStore.encode(tick).length();
				if (!company.windows.holds(tick) && company.paneBytes.getOrDefault(pane, 0) + bytes > MAX_PANE_BYTES) {
					throw new RefusedRecordException(
							"the records of " + tick.name() + " in one slide of " + this.spec.slide()
									+ " would pass the window state's limit of " + MAX_PANE_BYTES + " bytes",
							null);
				}
				if (company.windows.add(tick)) {
					added.computeIfAbsent(key, (any) -> new LinkedHashMap<>())
						.computeIfAbsent(pane, (any) -> new ArrayList<>())
						.add(tick);
					company.paneBytes.merge(pane, bytes, Integer::sum);
				}
			}
			catch (LateRecordException ex) {
				late.add(this.io.lateRecord(each.record(), ex));
			}
			catch (RuntimeException ex) {
				letters.add(this.io.deadLetter(each.record(), ex));
			}
		}
		this.io.publish(this.io.names().deadLetters(), letters);
		this.io.publish(this.io.names().lateTicks(), late);
		added.forEach((key, panes) -> panes.forEach((pane, ticks) -> this.store.add(key, pane, ticks)));
		List<RecordPublisher.OutgoingRecord> windows = new ArrayList<>();
		int corrections = 0;
		for (String key : lastSequence.keySet()) {
			Company company = companies.get(key);
			Instant published = company.windows.clock().published();
			for (WindowStats window : company.windows.due(false)) {
				windows.add(this.io.result(window.name(), window));
				if (published != null && !window.end().toInstant().isAfter(published)) {
					corrections++;
				}
			}
		}
		this.io.publish(this.io.names().windowStats(), windows);
		Set<String> lost = new LinkedHashSet<>();
		Map<String, List<PaneKey>> forgotten = new LinkedHashMap<>();
		lastSequence.forEach((key, sequence) -> {
			List<PaneKey> closed = commit(key, companies.get(key), batch.shard(), sequence, now);
			if (closed == null) {
				lost.add(key);
			}
			else if (!closed.isEmpty()) {
				forgotten.put(key, closed);
			}
		});
		this.store.delete(forgotten);
		this.io.count(Pipeline.SLIDING_WINDOWS, read, letters.size(), windows.size());
		this.io.lateRecords(corrections, late.size());
		return lost;
	}

	/**
	 * Publishes the open windows of the companies quiet for
	 * {@code tickstream.window-idle} (processing time), and deletes the state of those
	 * quiet for that and the allowed lateness. Any instance may run it at any time: a
	 * company's commit decides, as for a batch.
	 * @return how many windows it published
	 */
	public int closeQuiet() {
		Instant now = this.io.clock().instant();
		Instant quiet = now.minus(this.time.idle());
		Instant retired = quiet.minus(this.time.allowedLateness());
		List<RecordPublisher.OutgoingRecord> windows = new ArrayList<>();
		Map<String, Company> closing = new HashMap<>();
		Map<String, List<PaneKey>> forgotten = new HashMap<>();
		this.store.quietSince(prefix(), quiet, retired).forEach((key, arrival) -> {
			Company company = load(key);
			company.windows.due(true).forEach((window) -> windows.add(this.io.result(window.name(), window)));
			forgotten.put(key, arrival.isAfter(retired) ? company.windows.forgetClosed() : company.windows.retire());
			company.arrival = arrival;
			closing.put(key, company);
		});
		this.io.publish(this.io.names().windowStats(), windows);
		Map<String, List<PaneKey>> deleted = new HashMap<>();
		closing.forEach((key, company) -> {
			if (this.store.commit(key, company.version,
					company.commit(company.shard, company.sequence, company.arrival))) {
				deleted.put(key, forgotten.get(key));
			}
			this.held.remove(key); // a batch reads it again
		});
		this.store.delete(deleted);
		this.io.count(Pipeline.SLIDING_WINDOWS, 0, 0, windows.size());
		return windows.size();
	}

	/**
	 * Commits a company's state, its closed panes forgotten.
	 * @return the panes to delete, or {@code null} when another writer committed first
	 */
	private List<PaneKey> commit(String key, Company company, String shard, String sequence, Instant now) {
		List<PaneKey> forgotten = company.windows.forgetClosed();
		forgotten.forEach(company.paneBytes::remove);
		if (!this.store.commit(key, company.version, company.commit(shard, sequence, now))) {
			this.held.remove(key);
			return null;
		}
		company.version++;
		company.shard = shard;
		company.sequence = sequence;
		company.arrival = now;
		this.held.put(key, company);
		return forgotten;
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

	/** The companies' states: as held, unless another writer committed since. */
	private Map<String, Company> current(Set<String> keys) {
		Map<String, Company> companies = new HashMap<>();
		if (keys.isEmpty()) {
			return companies;
		}
		Map<String, Long> versions = this.store.versions(keys);
		for (String key : keys) {
			Company held = this.held.get(key);
			companies.put(key, (held != null && held.version == versions.get(key)) ? held : load(key));
		}
		return companies;
	}

	private Company load(String key) {
		String name = key.substring(prefix().length());
		DynamoDbWindowStore.SavedCompany saved = this.store.load(key, name);
		CompanyWindows windows = new CompanyWindows(this.spec, this.time, name, saved.clock());
		saved.records().forEach(windows::restore);
		Company company = new Company(windows, saved.version(), saved.shard(), saved.sequence());
		for (PaneKey pane : windows.panes()) {
			company.paneBytes.put(pane,
					windows.records(pane).stream().mapToInt((tick) -> DynamoDbWindowStore.encode(tick).length()).sum());
		}
		return company;
	}

	/** The records of the given companies, in order. */
	private List<ShardBatch.Record> recordsOf(List<ShardBatch.Record> records, Set<String> companies) {
		List<ShardBatch.Record> theirs = new ArrayList<>();
		for (ShardBatch.Record record : records) {
			try {
				if (companies.contains(key(this.io.read(record).name()))) {
					theirs.add(record);
				}
			}
			catch (RuntimeException ex) {
				// a dead letter, written the first time
			}
		}
		return theirs;
	}

	/** Where the windows of one spec on one stream keep their companies' states. */
	private String prefix() {
		return this.io.names().ticks() + "|" + this.spec.size() + "|" + this.spec.slide() + "|";
	}

	private String key(String name) {
		return prefix() + name;
	}

	/** Kinesis sequence numbers are decimal numbers of up to 128 digits. */
	private static int compare(String sequence, String other) {
		return new BigInteger(sequence).compareTo(new BigInteger(other));
	}

	/** A record and the price record it holds. */
	private record Read(ShardBatch.Record record, Tick tick) {

	}

	/** One company's windows and where its committed state stands. */
	private static final class Company {

		private final CompanyWindows windows;

		private long version;

		private String shard;

		private String sequence;

		private Instant arrival;

		/** The bytes of each held pane's records, as stored. */
		private final Map<PaneKey, Integer> paneBytes = new HashMap<>();

		Company(CompanyWindows windows, long version, String shard, String sequence) {
			this.windows = windows;
			this.version = version;
			this.shard = shard;
			this.sequence = sequence;
		}

		DynamoDbWindowStore.Commit commit(String shard, String sequence, Instant arrival) {
			return new DynamoDbWindowStore.Commit(shard, sequence, this.windows.clock(), arrival,
					this.windows.hasOpenWindows(), this.windows.holdsRecords());
		}

	}

}
