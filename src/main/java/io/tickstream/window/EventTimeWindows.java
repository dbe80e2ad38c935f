package io.tickstream.window;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.tickstream.tick.Tick;

/**
 * Sliding windows of one stream shard in event time: the records' own timestamps decide
 * which windows they fall in, not when they arrive.
 * <p>
 * The shard's <em>watermark</em> is the latest {@code ts} seen on it minus the allowed
 * lateness. A window is final once the watermark has reached its end: every record that
 * could still fall in it would be older than the watermark, and such a record is
 * <em>late</em> and refused. So a final window never changes, and a company that goes
 * quiet still has its windows closed as the shard's other records move the watermark.
 * <p>
 * Only the records of windows that are not final yet are held, by slide-long pane; a pane
 * is forgotten once every window it belongs to is final. Not thread-safe: one instance
 * per shard.
 */
public final class EventTimeWindows {

	private final WindowSpec spec;

	private final Duration lateness;

	private Instant latest;

	/** The records by pane; per pane, each distinct record as first written. */
	private final Map<PaneKey, Map<Tick, Tick>> panes = new HashMap<>();

	/**
	 * @param latest the latest {@code ts} the shard has seen, or {@code null} before its
	 * first record
	 */
	public EventTimeWindows(WindowSpec spec, Duration lateness, Instant latest) {
		if (lateness.isNegative()) {
			throw new IllegalArgumentException("the allowed lateness " + lateness + " is negative");
		}
		this.spec = spec;
		this.lateness = lateness;
		this.latest = latest;
	}

	/** The latest {@code ts} seen, or {@code null} before the first record. */
	public Instant latest() {
		return this.latest;
	}

	/**
	 * The latest {@code ts} seen minus the allowed lateness: windows that end at or
	 * before it are final. {@code null} before the first record.
	 */
	public Instant watermark() {
		return (this.latest != null) ? this.latest.minus(this.lateness) : null;
	}

	/**
	 * Adds a record that arrived on the shard, and moves the watermark.
	 * @return whether it is new (a duplicate of one held changes nothing)
	 * @throws LateRecordException when it is older than the watermark: its windows may be
	 * final already
	 */
	public boolean add(Tick tick) {
		Instant ts = tick.ts().toInstant();
		Instant watermark = watermark();
		if (watermark != null && ts.isBefore(watermark)) {
			throw new LateRecordException("late: the record's ts " + tick.ts() + " is before the shard's watermark "
					+ watermark + " (its latest ts " + this.latest + " minus the allowed lateness " + this.lateness
					+ "); its windows may have been published already");
		}
		boolean added = restore(tick);
		if (this.latest == null || ts.isAfter(this.latest)) {
			this.latest = ts;
		}
		return added;
	}

	/**
	 * Holds a record read back from saved state, as it was held before: no lateness check
	 * and no move of the watermark.
	 * @return whether it is new
	 */
	public boolean restore(Tick tick) {
		return this.panes.computeIfAbsent(paneOf(tick), (key) -> new LinkedHashMap<>())
			.putIfAbsent(tick.identity(), tick) == null;
	}

	/** The pane a record falls in. */
	public PaneKey paneOf(Tick tick) {
		return new PaneKey(tick.name(), tick.ts().getOffset(), this.spec.pane(tick.ts()));
	}

	/** Whether a record, or a duplicate of it, is held. */
	public boolean holds(Tick tick) {
		Map<Tick, Tick> records = this.panes.get(paneOf(tick));
		return records != null && records.containsKey(tick.identity());
	}

	/** How many distinct records a pane holds. */
	public int size(PaneKey pane) {
		Map<Tick, Tick> records = this.panes.get(pane);
		return (records != null) ? records.size() : 0;
	}

	/**
	 * The windows that became final since the watermark was {@code previous}: those that
	 * end after it and at or before the current watermark, sorted by name then start.
	 * @param previous the watermark up to which final windows were taken before, or
	 * {@code null} for none
	 */
	public List<WindowStats> finalSince(Instant previous) {
		Instant watermark = watermark();
		if (watermark == null || (previous != null && !watermark.isAfter(previous))) {
			return List.of();
		}
		SlidingWindows windows = new SlidingWindows(this.spec);
		this.panes.values().forEach((records) -> records.values().forEach(windows::add));
		List<WindowStats> finals = new ArrayList<>();
		for (WindowStats window : windows.all()) {
			Instant end = window.end().toInstant();
			if (!end.isAfter(watermark) && (previous == null || end.isAfter(previous))) {
				finals.add(window);
			}
		}
		return finals;
	}

	/**
	 * Forgets the panes whose windows are all final: the last window a pane belongs to
	 * starts with it.
	 * @return the panes forgotten
	 */
	public List<PaneKey> forgetFinal() {
		Instant watermark = watermark();
		List<PaneKey> forgotten = new ArrayList<>();
		if (watermark == null) {
			return forgotten;
		}
		for (Iterator<PaneKey> keys = this.panes.keySet().iterator(); keys.hasNext();) {
			PaneKey key = keys.next();
			if (!this.spec.paneStart(key.index(), key.offset()).plus(this.spec.size()).toInstant().isAfter(watermark)) {
				keys.remove();
				forgotten.add(key);
			}
		}
		return forgotten;
	}

	/** The panes that hold records. */
	public List<PaneKey> panes() {
		return List.copyOf(this.panes.keySet());
	}

	/** The records held in a pane, as first written. */
	public Collection<Tick> records(PaneKey pane) {
		Map<Tick, Tick> records = this.panes.get(pane);
		return (records != null) ? List.copyOf(records.values()) : List.of();
	}

	/**
	 * One company's records written with one offset, in one slide-long pane of its clock.
	 *
	 * @param name the company
	 * @param offset the offset its records were written with
	 * @param index the pane, counted in slides since the local epoch
	 */
	public record PaneKey(String name, ZoneOffset offset, long index) {

	}

}
