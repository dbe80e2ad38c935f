package io.tickstream.stream;

import java.util.Optional;
import java.util.function.Function;

import io.tickstream.function.RefusedRecordException;
import io.tickstream.hourly.HourlyHighStore;
import io.tickstream.tick.TickIngestion;
import tools.jackson.databind.json.JsonMapper;

/**
 * The pipeline's two steps on a stream, built alike for the binder and for Lambda's event
 * source mappings: {@code ingest} ({@code ticks-raw → ticks}) and
 * {@code hourlyHighUpdates} ({@code ticks → hourly-highs}), both dead-lettering to the
 * same stream.
 */
public final class StreamSteps {

	public static final String INGEST = "ingest";

	public static final String HOURLY_HIGH_UPDATES = "hourlyHighUpdates";

	private StreamSteps() {
	}

	/**
	 * @param maxRecordBytes the largest record read ({@code tickstream.max-input-size},
	 * as for a request body); a larger one is refused unread
	 */
	public static StreamStage ingest(TickIngestion ingestion, StreamNames names, RecordPublisher publisher,
			JsonMapper json, long maxRecordBytes) {
		return new StreamStage(INGEST, bounded(StreamFunctions.ingest(ingestion), maxRecordBytes), names.ticks(),
				names.deadLetters(), publisher, new DeadLetters(json), json);
	}

	public static StreamStage hourlyHighUpdates(TickIngestion ingestion, HourlyHighStore store, StreamNames names,
			RecordPublisher publisher, JsonMapper json, long maxRecordBytes) {
		return new StreamStage(HOURLY_HIGH_UPDATES,
				bounded(StreamFunctions.hourlyHighUpdates(ingestion, store), maxRecordBytes), names.hourlyHighs(),
				names.deadLetters(), publisher, new DeadLetters(json), json);
	}

	private static Function<byte[], Optional<?>> bounded(Function<byte[], Optional<?>> function, long maxBytes) {
		return (record) -> {
			if (record.length > maxBytes) {
				throw new RefusedRecordException(
						"the record is larger than " + maxBytes + " bytes (tickstream.max-input-size)", null);
			}
			return function.apply(record);
		};
	}

}
