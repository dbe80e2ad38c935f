package io.tickstream.pipeline;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.tickstream.function.Failure;
import io.tickstream.function.RefusedRecordException;
import io.tickstream.metrics.PipelineMetrics;
import io.tickstream.tick.InvalidTickException;
import io.tickstream.tick.Reading;
import io.tickstream.tick.Tick;
import io.tickstream.tick.TickIngestion;
import io.tickstream.window.LateRecordException;
import tools.jackson.databind.json.JsonMapper;

/**
 * What every stage reads a shard's records with and writes its results with: the
 * pipeline's streams, their publisher, the dead letters and the counts.
 */
final class StageIo {

	/** The first bytes of every record the Kinesis Producer Library aggregates. */
	private static final byte[] KPL_MAGIC = { (byte) 0xF3, (byte) 0x89, (byte) 0x9A, (byte) 0xC2 };

	private final TickIngestion ingestion;

	private final Reading reading;

	private final StreamNames names;

	private final RecordPublisher publisher;

	private final DeadLetters deadLetters;

	private final JsonMapper json;

	private final long maxRecordBytes;

	private final PipelineMetrics metrics;

	private final Duration maxClockSkew;

	private final Clock clock;

	/**
	 * @param reading the feed the stage's records are in
	 * @param maxRecordBytes the largest record read ({@code tickstream.max-input-size});
	 * a larger one is refused unread
	 * @param maxClockSkew how far ahead of {@code clock} a record's {@code ts} may be
	 */
	StageIo(TickIngestion ingestion, Reading reading, StreamNames names, RecordPublisher publisher, JsonMapper json,
			long maxRecordBytes, PipelineMetrics metrics, Duration maxClockSkew, Clock clock) {
		this.ingestion = ingestion;
		this.reading = reading;
		this.names = names;
		this.publisher = publisher;
		this.deadLetters = new DeadLetters(json);
		this.json = json;
		this.maxRecordBytes = maxRecordBytes;
		this.metrics = metrics;
		this.maxClockSkew = maxClockSkew;
		this.clock = clock;
	}

	/** The clock of processing time. */
	Clock clock() {
		return this.clock;
	}

	StreamNames names() {
		return this.names;
	}

	/**
	 * The one price record a Kinesis record holds, in the stage's feed. A record that
	 * holds a batch is refused (and dead-lettered) rather than passed on as a report:
	 * that is why a stage does not apply the catalog's {@code ingest} function, which
	 * answers a batch with a report. Refused unread: a record larger than
	 * {@code tickstream.max-input-size} (as a request body), and a record that the
	 * Kinesis Producer Library aggregated, which holds many user records in its own
	 * format (a magic number, protobuf, a checksum), while tickstream writes and expects
	 * one price record per Kinesis record.
	 * @throws RuntimeException a refusal ({@link Failure#of} names it), or a bug
	 */
	Tick read(ShardBatch.Record record) {
		byte[] data = record.data();
		if (data.length >= KPL_MAGIC.length
				&& Arrays.equals(data, 0, KPL_MAGIC.length, KPL_MAGIC, 0, KPL_MAGIC.length)) {
			throw new InvalidTickException("a record aggregated by the Kinesis Producer Library: put one price"
					+ " record per Kinesis record, without KPL aggregation");
		}
		if (data.length > this.maxRecordBytes) {
			throw new RefusedRecordException(
					"the record is larger than " + this.maxRecordBytes + " bytes (tickstream.max-input-size)", null);
		}
		if (this.ingestion.ingest(data, this.reading) instanceof Tick tick) {
			Instant now = this.clock.instant();
			if (tick.ts().toInstant().isAfter(now.plus(this.maxClockSkew))) {
				// it would move its company's clock, and make every record after it late
				throw new InvalidTickException("from the future: ts " + tick.ts() + " is more than " + this.maxClockSkew
						+ " (tickstream.max-clock-skew) ahead of this clock's " + now);
			}
			return tick;
		}
		throw new InvalidTickException("a stream record must hold one price record, not an array, several lines"
				+ " or a document of several (a REST answer): put them one a record");
	}

	/**
	 * The dead letter of a record refused for {@code ex}.
	 * @throws RuntimeException {@code ex} itself when it is no refusal: a bug, or a
	 * passing failure
	 */
	RecordPublisher.OutgoingRecord deadLetter(ShardBatch.Record record, RuntimeException ex) {
		Failure failure = Failure.of(ex);
		if (failure == null) {
			throw ex;
		}
		return this.deadLetters.of(record, failure);
	}

	/**
	 * The letter of a record too late for its windows, for the late records' stream: the
	 * dead letter's fields, with the company, the {@code ts} and the window it missed.
	 */
	RecordPublisher.OutgoingRecord lateRecord(ShardBatch.Record record, LateRecordException late) {
		Map<String, Object> about = new LinkedHashMap<>();
		about.put("name", late.tick().name());
		about.put("ts", late.tick().ts().toString());
		about.put("windowStart", late.missedStart().toString());
		about.put("windowEnd", late.missedEnd().toString());
		return this.deadLetters.of(record, new Failure(400, "Too late", late.getMessage()), about, "Too late");
	}

	/** A result to publish as JSON. */
	RecordPublisher.OutgoingRecord result(String partitionKey, Object value) {
		return new RecordPublisher.OutgoingRecord(partitionKey, this.json.writeValueAsBytes(value));
	}

	/** Writes records to a stream, all of them. */
	void publish(String stream, List<RecordPublisher.OutgoingRecord> records) {
		this.publisher.publish(stream, records);
	}

	/** Counts a processed batch: records read, dead-lettered and published. */
	void count(String step, int read, int deadLettered, int published) {
		this.metrics.batch(step, read, deadLettered, published);
	}

	/** Counts what arrived late for the windows: corrections and records too late. */
	void lateRecords(int corrections, int tooLate) {
		if (corrections > 0 || tooLate > 0) {
			this.metrics.lateRecords(corrections, tooLate);
		}
	}

}
