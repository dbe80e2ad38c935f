package io.tickstream.window;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.tickstream.tick.Tick;

/**
 * One company's sliding windows on a stream, in its own event time. A company's records
 * arrive in its own order (its partition key keeps them in order), so its clock is its
 * own: what other companies' records say never makes its records late.
 *
 * <pre>
 *   the company's records' ts  ─────────────────────────────────────────────▶ latest
 *                     horizon ◀─ allowed lateness ─▶ watermark ◀─ out of order ─┘
 *   windows ending …  before the horizon: closed for good (state deleted; a record for them is too late)
 *                     before the watermark: published; a record for them corrects them (published again)
 *                     after it: open, waiting for records out of order (or for the company to go quiet)
 * </pre>
 *
 * A window is published once the watermark (the latest {@code ts} minus the out-of-order
 * delay) passes its end, or earlier when the company goes quiet ({@link #due(boolean)}).
 * A record that arrives after its window was published, but whose panes are still held,
 * changes that window, which is published again with a higher {@code count}: the version
 * of a window with the highest count is the one to keep, and the last one published holds
 * every record. A record is too late when one of its windows ended before the horizon
 * (the latest {@code ts} minus the out-of-order delay and the allowed lateness): those
 * windows' records are no longer held. It changes nothing.
 * <p>
 * Only the records of windows that can still change are held, by slide-long pane. Not
 * thread-safe.
 */
public final class CompanyWindows {

	private final WindowSpec spec;

	private final EventTime time;

	private final String name;

	private Instant latest;

	private Instant published;

	private Instant horizon;

	/** The records by pane, in pane order; per pane, each distinct record. */
	private final Map<PaneKey, Map<Tick, Tick>> panes = new TreeMap<>(PaneKey.ORDER);

	/** The panes that records arrived in since windows were last taken. */
	private final Set<PaneKey> touched = new HashSet<>();

	/**
	 * A company's windows as last saved.
	 * @param state where its clock stood: {@link Clock#NEW} for a company never seen
	 */
	public CompanyWindows(WindowSpec spec, EventTime time, String name, Clock state) {
		this.spec = spec;
		this.time = time;
		this.name = name;
		this.latest = state.latest();
		this.published = state.published();
		this.horizon = state.horizon();
	}

	public String name() {
		return this.name;
	}

	/** Where the company's clock stands, to save. */
	public Clock clock() {
		return new Clock(this.latest, this.published, this.horizon);
	}

	/**
	 * The latest {@code ts} minus the out-of-order delay: windows that end by it are
	 * published. {@code null} before the first record.
	 */
	public Instant watermark() {
		return (this.latest != null) ? this.latest.minus(this.time.outOfOrder()) : null;
	}

	/**
	 * Adds a record of the company.
	 * @return whether it is new (a duplicate of one held changes nothing, but its windows
	 * count as touched: a record delivered again republishes what it made)
	 * @throws LateRecordException when one of its windows is closed for good, and it is
	 * no copy of a record still held
	 */
	public boolean add(Tick tick) {
		if (!tick.name().equals(this.name)) {
			throw new IllegalArgumentException(tick.name() + " is not " + this.name);
		}
		PaneKey pane = paneOf(tick);
		// the record's first window ends with its pane
		OffsetDateTime firstEnd = this.spec.paneStart(pane.index() + 1, pane.offset());
		if (this.horizon != null && !firstEnd.toInstant().isAfter(this.horizon)) {
			// a copy of a record counted (delivered again) is known while its pane is
			// held
			if (holds(tick)) {
				return false;
			}
			throw new LateRecordException(tick, firstEnd.minus(this.spec.size()), firstEnd, this.horizon);
		}
		boolean added = restore(tick);
		this.touched.add(pane);
		Instant ts = tick.ts().toInstant();
		if (this.latest == null || ts.isAfter(this.latest)) {
			this.latest = ts;
			Instant closing = ts.minus(this.time.outOfOrder()).minus(this.time.allowedLateness());
			if (this.horizon == null || closing.isAfter(this.horizon)) {
				this.horizon = closing;
			}
		}
		return added;
	}

	/**
	 * Holds a record read back from saved state, as it was held: no lateness check and no
	 * move of the clock.
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

	/**
	 * The windows to publish now, sorted by start: those the watermark passed since the
	 * last call, and those already published that records arrived in since (corrections).
	 * @param quiet whether the company has been quiet long enough that its open windows
	 * are published too, all of them
	 */
	public List<WindowStats> due(boolean quiet) {
		Instant before = this.published;
		Instant after = later(before, watermark());
		if (quiet) {
			after = later(after, lastEnd());
		}
		List<WindowStats> due = new ArrayList<>();
		boolean changed = (after != null && !after.equals(before)) || (before != null && !this.touched.isEmpty());
		if (changed && !this.panes.isEmpty()) {
			SlidingWindows windows = new SlidingWindows(this.spec);
			this.panes.values().forEach((records) -> records.values().forEach(windows::add));
			for (WindowStats window : windows.all()) {
				Instant end = window.end().toInstant();
				boolean passed = !end.isAfter(after) && (before == null || end.isAfter(before));
				// a record accepted since touched only windows that end after the horizon
				// it met: their panes are all held still (forgotten after this)
				boolean corrected = before != null && !end.isAfter(before) && touches(window);
				if (passed || corrected) {
					due.add(window);
				}
			}
		}
		this.published = after;
		this.touched.clear();
		return due;
	}

	/** Whether some window holding records is not published yet. */
	public boolean hasOpenWindows() {
		Instant last = lastEnd();
		return last != null && (this.published == null || last.isAfter(this.published));
	}

	/** Whether any record is held. */
	public boolean holdsRecords() {
		return !this.panes.isEmpty();
	}

	/**
	 * Forgets the panes whose windows all ended before the horizon.
	 * @return the panes forgotten
	 */
	public List<PaneKey> forgetClosed() {
		List<PaneKey> forgotten = new ArrayList<>();
		if (this.horizon == null) {
			return forgotten;
		}
		for (Iterator<PaneKey> keys = this.panes.keySet().iterator(); keys.hasNext();) {
			PaneKey key = keys.next();
			// the last window a pane belongs to starts with it
			if (!this.spec.paneStart(key.index(), key.offset())
				.plus(this.spec.size())
				.toInstant()
				.isAfter(this.horizon)) {
				keys.remove();
				forgotten.add(key);
			}
		}
		return forgotten;
	}

	/**
	 * Closes every window for good, for a company quiet for so long that its state is
	 * deleted: its windows are all published first ({@link #due(boolean)}), and a record
	 * that would change one of them is too late from now on.
	 * @return the panes forgotten
	 */
	public List<PaneKey> retire() {
		Instant last = lastEnd();
		if (last != null) {
			this.horizon = later(this.horizon, last);
			this.published = later(this.published, last);
		}
		return forgetClosed();
	}

	/** The panes that hold records. */
	public List<PaneKey> panes() {
		return List.copyOf(this.panes.keySet());
	}

	/** The records held in a pane. */
	public Collection<Tick> records(PaneKey pane) {
		Map<Tick, Tick> records = this.panes.get(pane);
		return (records != null) ? List.copyOf(records.values()) : List.of();
	}

	private boolean touches(WindowStats window) {
		for (PaneKey pane : this.touched) {
			if (pane.offset().equals(window.start().getOffset())) {
				long first = this.spec.pane(window.start());
				if (pane.index() >= first && pane.index() < first + this.spec.windowsPerRecord()) {
					return true;
				}
			}
		}
		return false;
	}

	/** The end of the last window that holds records. */
	private Instant lastEnd() {
		Instant last = null;
		for (PaneKey pane : this.panes.keySet()) {
			last = later(last, this.spec.paneStart(pane.index(), pane.offset()).plus(this.spec.size()).toInstant());
		}
		return last;
	}

	private static Instant later(Instant one, Instant other) {
		if (one == null) {
			return other;
		}
		return (other != null && other.isAfter(one)) ? other : one;
	}

	/**
	 * Where a company's clock stands.
	 *
	 * @param latest the latest {@code ts} of its records
	 * @param published windows that end by it have been published
	 * @param horizon a window that ends by it is closed for good
	 */
	public record Clock(Instant latest, Instant published, Instant horizon) {

		public static final Clock NEW = new Clock(null, null, null);

	}

	/**
	 * One company's records written with one offset, in one slide-long pane of its clock.
	 *
	 * @param name the company
	 * @param offset the offset its records were written with
	 * @param index the pane, counted in slides since the local epoch
	 */
	public record PaneKey(String name, ZoneOffset offset, long index) {

		static final Comparator<PaneKey> ORDER = Comparator.comparing(PaneKey::name)
			.thenComparing(PaneKey::offset)
			.thenComparingLong(PaneKey::index);

	}

}
