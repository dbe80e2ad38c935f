package io.tickstream.pipeline;

import io.tickstream.function.Failure;
import io.tickstream.tick.Tick;
import io.tickstream.tick.TickIngestion;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the stages that aggregate a batch ({@code hourlyHighUpdates},
 * {@code slidingWindows}) do first with each record: read the one price record it holds,
 * or make its dead letter.
 */
final class TickRecords {

	private final TickIngestion ingestion;

	private final DeadLetters deadLetters;

	private final long maxRecordBytes;

	/**
	 * @param maxRecordBytes the largest record read ({@code tickstream.max-input-size});
	 * a larger one is refused unread
	 */
	TickRecords(TickIngestion ingestion, JsonMapper json, long maxRecordBytes) {
		this.ingestion = ingestion;
		this.deadLetters = new DeadLetters(json);
		this.maxRecordBytes = maxRecordBytes;
	}

	/**
	 * @throws RuntimeException a refusal ({@link Failure#of} names it), or a bug
	 */
	Tick read(ShardBatch.Record record) {
		return StreamFunctions.tick(this.ingestion, StreamFunctions.readable(record.data(), this.maxRecordBytes));
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

}
