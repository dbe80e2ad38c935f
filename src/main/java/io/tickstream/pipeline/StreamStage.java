package io.tickstream.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import io.tickstream.function.Failure;
import io.tickstream.metrics.PipelineMetrics;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import tools.jackson.databind.json.JsonMapper;

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
public final class StreamStage implements ShardStage {

	private static final Log logger = LogFactory.getLog(StreamStage.class);

	private final String name;

	private final Function<byte[], Optional<?>> function;

	private final String output;

	private final String deadLetterStream;

	private final RecordPublisher publisher;

	private final DeadLetters deadLetters;

	private final PipelineMetrics metrics;

	private final JsonMapper json;

	/**
	 * @param name the function's name, for the log
	 * @param function what to do with one record's bytes: an answer to publish, or
	 * nothing
	 * @param output the stream the answers go to, partitioned by company name
	 */
	public StreamStage(String name, Function<byte[], Optional<?>> function, String output, String deadLetterStream,
			RecordPublisher publisher, DeadLetters deadLetters, JsonMapper json, PipelineMetrics metrics) {
		this.name = name;
		this.function = function;
		this.output = output;
		this.deadLetterStream = deadLetterStream;
		this.publisher = publisher;
		this.deadLetters = deadLetters;
		this.json = json;
		this.metrics = metrics;
	}

	@Override
	public Optional<ShardBatch.Record> process(ShardBatch batch) {
		List<RecordPublisher.OutgoingRecord> answers = new ArrayList<>();
		List<RecordPublisher.OutgoingRecord> letters = new ArrayList<>();
		ShardBatch.Record stopped = null;
		for (ShardBatch.Record record : batch.records()) {
			Optional<?> answer;
			try {
				answer = this.function.apply(record.data());
			}
			catch (RuntimeException ex) {
				Failure failure = Failure.of(ex);
				if (failure != null) {
					letters.add(this.deadLetters.of(record, failure));
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
		int read = (stopped != null) ? batch.records().indexOf(stopped) : batch.records().size();
		this.metrics.batch(this.name, read, letters.size(), answers.size());
		if (!letters.isEmpty() && logger.isDebugEnabled()) {
			logger.debug(this.name + ": " + letters.size() + " of " + batch.records().size() + " records of "
					+ batch.stream() + "/" + batch.shard() + " dead-lettered");
		}
		return Optional.ofNullable(stopped);
	}

}
