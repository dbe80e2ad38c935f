package io.tickstream.hourly;

import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.tickstream.tick.Tick;

/**
 * Hourly highs in memory: for one instance that may forget them on restart.
 */
public final class InMemoryHourlyHighStore implements HourlyHighStore {

	private record Key(String name, OffsetDateTime hour) {
	}

	private final Map<Key, HourlyHighUpdate> highs = new ConcurrentHashMap<>();

	@Override
	public Optional<HourlyHighUpdate> offer(Tick tick) {
		HourlyHighUpdate candidate = HourlyHighUpdate.of(tick);
		boolean[] replaced = new boolean[1];
		this.highs.compute(new Key(candidate.name(), candidate.hour()), (key, current) -> {
			replaced[0] = current == null || candidate.replaces(current);
			return replaced[0] ? candidate : current;
		});
		return replaced[0] ? Optional.of(candidate) : Optional.empty();
	}

}
