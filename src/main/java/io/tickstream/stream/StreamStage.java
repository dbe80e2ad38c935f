package io.tickstream.stream;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import io.tickstream.function.Failure;
import io.tickstream.tick.InvalidTickException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHandler;

/**
 * One step of the pipeline on a stream: applies a function to each record of a shard's
 * batch and writes what it answers to the next stream, and every permanently bad record
 * to the dead-letter stream. This is the one place the failure model meets a stream:
 * <ul>
 * <li>a record the function refuses for good (invalid, unreadable, refused by DynamoDB)
 * becomes a dead letter, and the batch goes on;</li>
 * <li>a passing failure (Kinesis or DynamoDB down, throttled) is retried in place, so the
 * batch waits and nothing before it is processed or published twice;</li>
 * <li>anything else is a bug: it is thrown, the binder does not checkpoint, and the batch
 * is delivered again.</li>
 * </ul>
 * The batch's results are written only after every record is processed, and the binder
 * checkpoints only after they are written.
 * <p>
 * On Lambda the retry has a patience: a passing failure that outlasts it stops the batch
 * at that record; what came before it is written, and {@link #process} names the record,
 * which Lambda's event source mapping then delivers again, with all after it.
 */
public final class StreamStage implements MessageHandler {

	private static final Log logger = LogFactory.getLog(StreamStage.class);

	/** The first bytes of every record the Kinesis Producer Library aggregates. */
	private static final byte[] KPL_MAGIC = { (byte) 0xF3, (byte) 0x89, (byte) 0x9A, (byte) 0xC2 };

	private final String name;

	private final Function<byte[], Optional<?>> function;

	private final String output;

	private final String deadLetterStream;

	private final RecordPublisher publisher;

	private final DeadLetters deadLetters;

	private final JsonMapper json;

	/**
	 * @param name the function's name, for the log
	 * @param function what to do with one record's bytes: an answer to publish, or
	 * nothing
	 * @param output the stream the answers go to, partitioned by company name
	 */
	public StreamStage(String name, Function<byte[], Optional<?>> function, String output, String deadLetterStream,
			RecordPublisher publisher, DeadLetters deadLetters, JsonMapper json) {
		this.name = name;
		this.function = function;
		this.output = output;
		this.deadLetterStream = deadLetterStream;
		this.publisher = publisher;
		this.deadLetters = deadLetters;
		this.json = json;
	}

	/** The binder's batches: its retries wait for as long as it takes. */
	@Override
	public void handleMessage(Message<?> message) {
		Optional<ShardBatch.Record> stopped = process(ShardBatch.of(message));
		if (stopped.isPresent()) {
			throw new IllegalStateException("a passing failure outlasted the retries at sequence number "
					+ stopped.get().origin().sequenceNumber() + "; the batch will be delivered again");
		}
	}

	/**
	 * Processes the batch's records in order and writes what they make.
	 * @return the record at which a passing failure stopped the batch (it and the records
	 * after it are not processed), or nothing when every record was
	 * @throws RuntimeException a bug, or a passing failure while writing the results
	 */
	public Optional<ShardBatch.Record> process(ShardBatch batch) {
		List<RecordPublisher.OutgoingRecord> answers = new ArrayList<>();
		List<RecordPublisher.OutgoingRecord> letters = new ArrayList<>();
		ShardBatch.Record stopped = null;
		for (ShardBatch.Record record : batch.records()) {
			Optional<?> answer;
			try {
				answer = this.function.apply(unaggregated(record.data()));
			}
			catch (RuntimeException ex) {
				Failure failure = Failure.of(ex);
				if (failure != null) {
					letters.add(new RecordPublisher.OutgoingRecord(partitionKey(record),
							this.deadLetters.letter(record.origin(), record.data(), failure)));
					continue;
				}
				if (TransientRetry.isTransient(ex)) {
					stopped = record;
					break;
				}
				throw ex; // a bug, or stopping: no checkpoint, the batch comes again
			}
			answer.ifPresent((value) -> answers.add(
					new RecordPublisher.OutgoingRecord(PartitionKeys.name(value), this.json.writeValueAsBytes(value))));
		}
		this.publisher.publish(this.output, answers);
		this.publisher.publish(this.deadLetterStream, letters);
		if (!letters.isEmpty() && logger.isDebugEnabled()) {
			logger.debug(this.name + ": " + letters.size() + " of " + batch.records().size() + " records of "
					+ batch.stream() + "/" + batch.shard() + " dead-lettered");
		}
		return Optional.ofNullable(stopped);
	}

	/**
	 * A record the Kinesis Producer Library aggregated holds many user records in its own
	 * format (a magic number, protobuf, a checksum). tickstream writes and expects one
	 * price record per Kinesis record, so such a record is refused with that reason.
	 */
	private static byte[] unaggregated(byte[] data) {
		if (data.length >= KPL_MAGIC.length
				&& Arrays.equals(data, 0, KPL_MAGIC.length, KPL_MAGIC, 0, KPL_MAGIC.length)) {
			throw new InvalidTickException("a record aggregated by the Kinesis Producer Library: put one price"
					+ " record per Kinesis record, without KPL aggregation");
		}
		return data;
	}

	/** A dead letter stays on its record's shard order: its own partition key. */
	private static String partitionKey(ShardBatch.Record record) {
		String key = record.origin().partitionKey();
		return (key == null || key.isEmpty() || key.length() > 256) ? "dead-letter" : key;
	}

}
