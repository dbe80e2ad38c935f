package io.tickstream.window;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.tickstream.tick.BestPrice;
import io.tickstream.tick.IngestReport;
import io.tickstream.tick.Tick;

/**
 * The high and low per company over sliding windows ({@link WindowSpec}): for each window
 * that holds records, the highest {@code high} and the lowest {@code low}, each with the
 * earliest timestamp at which it occurs, and the number of distinct records. Exact
 * decimals; duplicates and the order of arrival change nothing.
 * <p>
 * Bounded work: each record is added to one slide-long pane, and the windows are swept
 * over the panes with monotonic queues, so the cost is linear in the records plus the
 * windows answered, never records × windows per record. An answer holds at most
 * {@value #MAX_WINDOWS} windows; a request for more is refused before any is made.
 * <p>
 * Not thread-safe: one accumulator serves one batch.
 */
public final class SlidingWindows {

	/** The most windows one answer holds (about 20 MB of JSON). */
	public static final int MAX_WINDOWS = 100_000;

	private static final Comparator<WindowStats> BY_NAME_THEN_START = Comparator.comparing(WindowStats::name)
		.thenComparing(WindowStats::start, Comparator.comparing(OffsetDateTime::toInstant))
		.thenComparing((window) -> window.start().getOffset());

	private final WindowSpec spec;

	private final Set<Tick> seen = new HashSet<>();

	/** Per company and offset, the panes that hold records, by index. */
	private final Map<Series, TreeMap<Long, Pane>> series = new HashMap<>();

	public SlidingWindows(WindowSpec spec) {
		this.spec = spec;
	}

	/**
	 * @return the windows of the accepted records, with the rejected ones passed on
	 * @throws InvalidWindowException when the records fall in more windows than an answer
	 * holds
	 */
	public static SlidingWindowReport of(IngestReport ingested, WindowSpec spec) {
		SlidingWindows windows = new SlidingWindows(spec);
		ingested.accepted().forEach(windows::add);
		return new SlidingWindowReport(windows.results(), ingested.rejected(), ingested.rejectedCount());
	}

	/** Adds one record; a duplicate of one added before changes nothing. */
	public void add(Tick tick) {
		if (!this.seen.add(tick.identity())) {
			return;
		}
		this.series.computeIfAbsent(new Series(tick.name(), tick.ts().getOffset()), (key) -> new TreeMap<>())
			.computeIfAbsent(this.spec.pane(tick.ts()), (pane) -> new Pane())
			.add(tick);
	}

	/**
	 * @return one entry per company and window that holds records, sorted by name, then
	 * start
	 * @throws InvalidWindowException when there would be more than {@value #MAX_WINDOWS}
	 */
	public List<WindowStats> results() {
		long count = 0;
		for (TreeMap<Long, Pane> panes : this.series.values()) {
			count += windowCount(panes);
		}
		if (count > MAX_WINDOWS) {
			throw new InvalidWindowException("slide",
					"the records fall in " + count + " windows of size " + this.spec.size() + " every "
							+ this.spec.slide() + ", and an answer holds at most " + MAX_WINDOWS
							+ ": ask for a larger slide or a smaller size, or send fewer records at a time");
		}
		return all();
	}

	/** Every window, however many: for callers that bound the records themselves. */
	List<WindowStats> all() {
		List<WindowStats> results = new ArrayList<>();
		this.series.forEach((key, panes) -> sweep(key, panes, results));
		results.sort(BY_NAME_THEN_START);
		return results;
	}

	/**
	 * The windows that hold a pane: the union of {@code [p - n + 1, p]} over the panes.
	 */
	private long windowCount(TreeMap<Long, Pane> panes) {
		int n = this.spec.windowsPerRecord();
		long count = 0;
		Long previous = null;
		for (long pane : panes.keySet()) {
			count += (previous == null) ? n : Math.min(n, pane - previous);
			previous = pane;
		}
		return count;
	}

	/**
	 * Every window that holds a pane of one series, in order: panes enter a window at its
	 * end and leave at its start; the monotonic queues keep the window's best high and
	 * low at their heads.
	 */
	private void sweep(Series key, TreeMap<Long, Pane> panes, List<WindowStats> results) {
		int n = this.spec.windowsPerRecord();
		List<Map.Entry<Long, Pane>> sorted = new ArrayList<>(panes.entrySet());
		Deque<Map.Entry<Long, Pane>> inWindow = new ArrayDeque<>();
		Deque<Map.Entry<Long, Pane>> highs = new ArrayDeque<>();
		Deque<Map.Entry<Long, Pane>> lows = new ArrayDeque<>();
		long count = 0;
		int next = 0;
		long window = sorted.get(0).getKey() - n + 1;
		long last = sorted.get(sorted.size() - 1).getKey();
		while (window <= last) {
			while (next < sorted.size() && sorted.get(next).getKey() <= window + n - 1) {
				Map.Entry<Long, Pane> entering = sorted.get(next++);
				inWindow.addLast(entering);
				count += entering.getValue().count;
				while (!highs.isEmpty() && !highs.peekLast().getValue().higherThan(entering.getValue())) {
					highs.removeLast();
				}
				highs.addLast(entering);
				while (!lows.isEmpty() && !lows.peekLast().getValue().lowerThan(entering.getValue())) {
					lows.removeLast();
				}
				lows.addLast(entering);
			}
			while (!inWindow.isEmpty() && inWindow.peekFirst().getKey() < window) {
				count -= inWindow.removeFirst().getValue().count;
			}
			while (!highs.isEmpty() && highs.peekFirst().getKey() < window) {
				highs.removeFirst();
			}
			while (!lows.isEmpty() && lows.peekFirst().getKey() < window) {
				lows.removeFirst();
			}
			if (inWindow.isEmpty()) {
				window = sorted.get(next).getKey() - n + 1; // a gap: on to the next
															// pane's first window
				continue;
			}
			OffsetDateTime start = this.spec.paneStart(window, key.offset());
			Pane high = highs.peekFirst().getValue();
			Pane low = lows.peekFirst().getValue();
			results.add(new WindowStats(key.name(), start, start.plus(this.spec.size()), high.high, high.highTs,
					low.low, low.lowTs, count));
			window++;
		}
	}

	/** One company's records written with one offset: their windows are on one clock. */
	private record Series(String name, ZoneOffset offset) {
	}

	/** The records of one company in one slide-long pane. */
	private static final class Pane {

		private long count;

		private BigDecimal high;

		private OffsetDateTime highTs;

		private BigDecimal low;

		private OffsetDateTime lowTs;

		void add(Tick tick) {
			this.count++;
			if (this.high == null || BestPrice.decide(tick.high().compareTo(this.high), tick.ts(), this.highTs) > 0) {
				this.high = tick.high();
				this.highTs = tick.ts();
			}
			if (this.low == null || BestPrice.decide(this.low.compareTo(tick.low()), tick.ts(), this.lowTs) > 0) {
				this.low = tick.low();
				this.lowTs = tick.ts();
			}
		}

		/**
		 * Whether this pane's high beats or equals {@code other}'s ({@link BestPrice}).
		 */
		boolean higherThan(Pane other) {
			return BestPrice.decide(this.high.compareTo(other.high), this.highTs, other.highTs) >= 0;
		}

		/**
		 * Whether this pane's low beats or equals {@code other}'s: lower, or as low and
		 * earlier.
		 */
		boolean lowerThan(Pane other) {
			return BestPrice.decide(other.low.compareTo(this.low), this.lowTs, other.lowTs) >= 0;
		}

	}

}
