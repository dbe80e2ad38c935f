package io.tickstream.stream;

import io.tickstream.hourly.HourlyHighUpdate;
import io.tickstream.tick.Tick;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Partition keys for the records tickstream writes: the company's name, so that one
 * company's records stay on one shard, in order. Called from the producer bindings'
 * partition key expression with the outgoing payload, as an object or as its JSON bytes.
 */
public final class PartitionKeys {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private PartitionKeys() {
	}

	public static String name(Object payload) {
		if (payload instanceof Tick tick) {
			return tick.name();
		}
		if (payload instanceof HourlyHighUpdate update) {
			return update.name();
		}
		if (payload instanceof byte[] json) {
			JsonNode name = JSON.readTree(json).path("name");
			if (name.isString()) {
				return name.asString();
			}
		}
		throw new IllegalArgumentException("no company name in " + payload.getClass().getSimpleName());
	}

}
