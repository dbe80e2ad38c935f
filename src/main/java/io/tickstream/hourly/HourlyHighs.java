package io.tickstream.hourly;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.tickstream.tick.BestPrice;
import io.tickstream.tick.IngestReport;
import io.tickstream.tick.Tick;

/**
 * Accumulates the highest {@code high} per company and clock hour, as the course
 * project's Athena query does. A maximum is idempotent, commutative and associative: the
 * order records arrive in and repeated records change no answer.
 * <p>
 * Not thread-safe: one accumulator serves one batch.
 */
public final class HourlyHighs {

	private static final Comparator<HourlyHigh> BY_NAME_THEN_HOUR = Comparator.comparing(HourlyHigh::name)
		.thenComparing(HourlyHigh::hour, Comparator.comparing(OffsetDateTime::toInstant));

	private final Map<Window, Window.Max> maxima = new HashMap<>();

	/**
	 * @return the hourly highs of the accepted records, with the rejected ones passed on
	 */
	public static HourlyHighReport of(IngestReport ingested) {
		HourlyHighs highs = new HourlyHighs();
		ingested.accepted().forEach(highs::add);
		return new HourlyHighReport(highs.results(), ingested.rejected(), ingested.rejectedCount());
	}

	/**
	 * Adds one record.
	 */
	public void add(Tick tick) {
		this.maxima.computeIfAbsent(Window.of(tick), (window) -> new Window.Max(HourlyHigh.hourOf(tick.ts())))
			.add(tick);
	}

	/**
	 * @return one hourly high per company and hour, sorted by name, then hour
	 */
	public List<HourlyHigh> results() {
		return this.maxima.entrySet()
			.stream()
			.map((entry) -> entry.getValue().toHourlyHigh(entry.getKey()))
			.sorted(BY_NAME_THEN_HOUR)
			.toList();
	}

	/**
	 * One company's clock hour, in the offset its records were written with: the hour as
	 * counted on that clock, so that finding a record's window builds no timestamp.
	 */
	private record Window(String name, long localHour, int offsetSeconds) {

		private static final int SECONDS_PER_HOUR = 3600;

		static Window of(Tick tick) {
			int offsetSeconds = tick.ts().getOffset().getTotalSeconds();
			long localSeconds = tick.ts().toEpochSecond() + offsetSeconds;
			return new Window(tick.name(), Math.floorDiv(localSeconds, SECONDS_PER_HOUR), offsetSeconds);
		}

		/** The running maximum of one window. */
		private static final class Max {

			private final OffsetDateTime hour;

			private final Set<Tick> seen = new HashSet<>();

			private BigDecimal high;

			private OffsetDateTime ts;

			Max(OffsetDateTime hour) {
				this.hour = hour;
			}

			void add(Tick tick) {
				if (!this.seen.add(tick.identity())) {
					return; // a duplicate changes nothing
				}
				if (this.high == null || BestPrice.compareHighs(tick.high(), tick.ts(), this.high, this.ts) > 0) {
					this.high = tick.high();
					this.ts = tick.ts();
				}
			}

			HourlyHigh toHourlyHigh(Window window) {
				return new HourlyHigh(window.name(), this.hour, this.high, this.ts, this.seen.size());
			}

		}

	}

}
