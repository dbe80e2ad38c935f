package io.tickstream.pipeline;

import java.util.Arrays;
import java.util.List;

import io.tickstream.function.Failure;
import io.tickstream.function.RefusedRecordException;
import io.tickstream.metrics.PipelineMetrics;
import io.tickstream.tick.InvalidTickException;
import io.tickstream.tick.Reading;
import io.tickstream.tick.Tick;
import io.tickstream.tick.TickIngestion;
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

	/**
	 * @param reading the feed the stage's records are in
	 * @param maxRecordBytes the largest record read ({@code tickstream.max-input-size});
	 * a larger one is refused unread
	 */
	StageIo(TickIngestion ingestion, Reading reading, StreamNames names, RecordPublisher publisher, JsonMapper json,
			long maxRecordBytes, PipelineMetrics metrics) {
		this.ingestion = ingestion;
		this.reading = reading;
		this.names = names;
		this.publisher = publisher;
		this.deadLetters = new DeadLetters(json);
		this.json = json;
		this.maxRecordBytes = maxRecordBytes;
		this.metrics = metrics;
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

}
