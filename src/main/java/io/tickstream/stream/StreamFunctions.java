package io.tickstream.stream;

import java.util.Optional;
import java.util.function.Function;

import io.tickstream.hourly.HourlyHighStore;
import io.tickstream.tick.IngestResult;
import io.tickstream.tick.InvalidTickException;
import io.tickstream.tick.Tick;
import io.tickstream.tick.TickIngestion;

/**
 * The functions as the stream stages apply them to one Kinesis record's bytes. A record
 * is one price record, so a record that holds a batch is refused (and dead-lettered)
 * rather than passed on as a report.
 */
public final class StreamFunctions {

	private StreamFunctions() {
	}

	/** The normalised record, or a refusal. */
	public static Function<byte[], Optional<?>> ingest(TickIngestion ingestion) {
		return (input) -> Optional.of(oneRecord(ingestion.ingest(input)));
	}

	/** The hourly high of the record's hour when the record raises it, else nothing. */
	public static Function<byte[], Optional<?>> hourlyHighUpdates(TickIngestion ingestion, HourlyHighStore store) {
		return (input) -> store.offer(oneRecord(ingestion.ingest(input)));
	}

	private static Tick oneRecord(IngestResult result) {
		if (result instanceof Tick tick) {
			return tick;
		}
		throw new InvalidTickException("a stream record must hold one JSON object, not an array or several lines");
	}

}
