package io.tickstream.pipeline;

import io.tickstream.hourly.HourlyHighUpdate;
import io.tickstream.tick.Tick;

/**
 * Partition keys for the records tickstream writes: the company's name, so that one
 * company's records stay on one shard, in order.
 */
final class PartitionKeys {

	private PartitionKeys() {
	}

	static String name(Object record) {
		if (record instanceof Tick tick) {
			return tick.name();
		}
		if (record instanceof HourlyHighUpdate update) {
			return update.name();
		}
		throw new IllegalArgumentException("no company name in " + record.getClass().getSimpleName());
	}

}
