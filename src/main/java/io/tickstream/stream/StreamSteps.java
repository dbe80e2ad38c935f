package io.tickstream.stream;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

import io.tickstream.hourly.HourlyHighStore;
import io.tickstream.metrics.PipelineMetrics;
import io.tickstream.tick.TickIngestion;
import io.tickstream.window.WindowSpec;
import tools.jackson.databind.json.JsonMapper;

/**
 * The pipeline's steps on a stream, built alike for the binder and for Lambda's event
 * source mappings: {@code ingest} ({@code ticks-raw → ticks}), {@code hourlyHighUpdates}
 * ({@code ticks → hourly-highs}) and {@code slidingWindows} ({@code ticks →
 * window-stats}), all dead-lettering to the same stream.
 */
public final class StreamSteps {

	public static final String INGEST = "ingest";

	public static final String HOURLY_HIGH_UPDATES = "hourlyHighUpdates";

	public static final String SLIDING_WINDOWS = "slidingWindows";

	private StreamSteps() {
	}

	/**
	 * @param maxRecordBytes the largest record read ({@code tickstream.max-input-size},
	 * as for a request body); a larger one is refused unread
	 * @param metrics what the step's batches count
	 */
	public static StreamStage ingest(TickIngestion ingestion, StreamNames names, RecordPublisher publisher,
			JsonMapper json, long maxRecordBytes, PipelineMetrics metrics) {
		return new StreamStage(INGEST, bounded(StreamFunctions.ingest(ingestion), maxRecordBytes), names.ticks(),
				names.deadLetters(), publisher, new DeadLetters(json), json, metrics);
	}

	/**
	 * {@code hourlyHighUpdates} ({@code ticks → hourly-highs}), aggregated per batch: one
	 * conditional write per company and hour per batch.
	 */
	public static ShardStage hourlyHighUpdates(TickIngestion ingestion, HourlyHighStore store, StreamNames names,
			RecordPublisher publisher, JsonMapper json, long maxRecordBytes, PipelineMetrics metrics) {
		return new HourlyHighStage(ingestion, store, names, publisher, json, maxRecordBytes, metrics);
	}

	/**
	 * {@code slidingWindows} ({@code ticks → window-stats}): each company's windows once
	 * they are final in event time, late records dead-lettered.
	 * @param lateness how much older than the latest record of its shard a record may be
	 */
	public static WindowStage slidingWindows(TickIngestion ingestion, WindowSpec spec, Duration lateness,
			DynamoDbWindowStore store, StreamNames names, RecordPublisher publisher, JsonMapper json,
			long maxRecordBytes, PipelineMetrics metrics) {
		return new WindowStage(ingestion, spec, lateness, store, names, publisher, json, maxRecordBytes, metrics);
	}

	private static Function<byte[], Optional<?>> bounded(Function<byte[], Optional<?>> function, long maxBytes) {
		return (record) -> function.apply(StreamFunctions.readable(record, maxBytes));
	}

}
