package io.tickstream.stream;

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

	public static StreamStage ingest(TickIngestion ingestion, StreamNames names, RecordPublisher publisher,
			JsonMapper json) {
		return new StreamStage(INGEST, StreamFunctions.ingest(ingestion), names.ticks(), names.deadLetters(), publisher,
				new DeadLetters(json), json);
	}

	public static StreamStage hourlyHighUpdates(TickIngestion ingestion, HourlyHighStore store, StreamNames names,
			RecordPublisher publisher, JsonMapper json) {
		return new StreamStage(HOURLY_HIGH_UPDATES, StreamFunctions.hourlyHighUpdates(ingestion, store),
				names.hourlyHighs(), names.deadLetters(), publisher, new DeadLetters(json), json);
	}

}
