package io.tickstream.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import io.tickstream.function.Failure;
import io.tickstream.tick.Tick;

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
final class StreamStage implements ShardStage {

	private final String name;

	private final Function<Tick, Optional<?>> function;

	private final String output;

	private final StageIo io;

	/**
	 * @param name the function's name, for the log and the counts
	 * @param function what to do with one record's price record: an answer to publish, or
	 * nothing
	 * @param output the stream the answers go to, partitioned by company name
	 */
	StreamStage(String name, Function<Tick, Optional<?>> function, String output, StageIo io) {
		this.name = name;
		this.function = function;
		this.output = output;
		this.io = io;
	}

	@Override
	public Optional<ShardBatch.Record> process(ShardBatch batch) {
		List<RecordPublisher.OutgoingRecord> answers = new ArrayList<>();
		List<RecordPublisher.OutgoingRecord> letters = new ArrayList<>();
		ShardBatch.Record stopped = null;
		for (ShardBatch.Record record : batch.records()) {
			Optional<?> answer;
			try {
				answer = this.function.apply(this.io.read(record));
			}
			catch (RuntimeException ex) {
				if (Failure.of(ex) == null && TransientRetry.isTransient(ex)) {
					stopped = record;
					break;
				}
				// a bug, or stopping, is thrown: no checkpoint, the batch comes again
				letters.add(this.io.deadLetter(record, ex));
				continue;
			}
			answer.ifPresent((value) -> answers.add(this.io.result(PartitionKeys.name(value), value)));
		}
		this.io.publish(this.output, answers);
		this.io.publish(this.io.names().deadLetters(), letters);
		int read = (stopped != null) ? batch.records().indexOf(stopped) : batch.records().size();
		this.io.count(this.name, read, letters.size(), answers.size());
		return Optional.ofNullable(stopped);
	}

}
