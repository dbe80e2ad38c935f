package io.tickstream.pipeline;

import java.util.Arrays;
import java.util.Optional;
import java.util.function.Function;

import io.tickstream.function.RefusedRecordException;
import io.tickstream.tick.InvalidTickException;
import io.tickstream.tick.Tick;
import io.tickstream.tick.TickIngestion;

/**
 * What the stream stages apply to one Kinesis record's bytes. A record is one price
 * record, so a record that holds a batch is refused (and dead-lettered) rather than
 * passed on as a report: that is why a stage does not apply the catalog's {@code ingest}
 * function, which answers a batch with a report.
 */
public final class StreamFunctions {

	private StreamFunctions() {
	}

	/** The first bytes of every record the Kinesis Producer Library aggregates. */
	private static final byte[] KPL_MAGIC = { (byte) 0xF3, (byte) 0x89, (byte) 0x9A, (byte) 0xC2 };

	/** The normalised record, or a refusal. */
	public static Function<byte[], Optional<?>> ingest(TickIngestion ingestion) {
		return (input) -> Optional.of(tick(ingestion, input));
	}

	/** The one price record a stream record holds, or a refusal. */
	static Tick tick(TickIngestion ingestion, byte[] input) {
		if (ingestion.ingest(input) instanceof Tick tick) {
			return tick;
		}
		throw new InvalidTickException("a stream record must hold one JSON object, not an array or several lines");
	}

	/**
	 * Refuses, unread, a record larger than {@code maxBytes}
	 * ({@code tickstream.max-input-size}, as for a request body) and a record that the
	 * Kinesis Producer Library aggregated: that holds many user records in its own format
	 * (a magic number, protobuf, a checksum), while tickstream writes and expects one
	 * price record per Kinesis record.
	 * @return the record
	 */
	static byte[] readable(byte[] record, long maxBytes) {
		if (record.length >= KPL_MAGIC.length
				&& Arrays.equals(record, 0, KPL_MAGIC.length, KPL_MAGIC, 0, KPL_MAGIC.length)) {
			throw new InvalidTickException("a record aggregated by the Kinesis Producer Library: put one price"
					+ " record per Kinesis record, without KPL aggregation");
		}
		if (record.length > maxBytes) {
			throw new RefusedRecordException(
					"the record is larger than " + maxBytes + " bytes (tickstream.max-input-size)", null);
		}
		return record;
	}

}
