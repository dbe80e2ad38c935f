package io.tickstream.pipeline;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.tickstream.function.Failure;
import io.tickstream.hourly.CompanyHour;
import io.tickstream.hourly.HourlyHighStore;
import io.tickstream.hourly.HourlyHighUpdate;
import io.tickstream.tick.BestPrice;
import io.tickstream.tick.Tick;

/**
 * {@code hourlyHighUpdates} on a stream ({@code ticks → hourly-highs}), aggregated per
 * batch: of a batch's records, only the highest of each company and hour (the earliest
 * among equal highs) is offered to the {@link HourlyHighStore}, so DynamoDB sees at most
 * one conditional write per company and hour per batch, and {@code hourly-highs} at most
 * one update. A lower record of the same hour could never have raised the hour's high, so
 * the answers are those of offering every record.
 * <p>
 * Bad records are dead letters, as in every stage. A passing failure while offering is
 * retried in place; on Lambda, once it outlasts the patience it is thrown, nothing of the
 * batch is published, and the whole batch is delivered again (the conditional writes make
 * that change nothing).
 */
public final class HourlyHighStage implements ShardStage {

	private final HourlyHighStore store;

	private final StageIo io;

	HourlyHighStage(HourlyHighStore store, StageIo io) {
		this.store = store;
		this.io = io;
	}

	@Override
	public Optional<ShardBatch.Record> process(ShardBatch batch) {
		List<RecordPublisher.OutgoingRecord> letters = new ArrayList<>();
		Map<CompanyHour, Candidate> highest = new LinkedHashMap<>();
		for (ShardBatch.Record record : batch.records()) {
			try {
				Tick tick = this.io.read(record);
				HourlyHighUpdate update = HourlyHighUpdate.of(tick);
				highest.merge(update.companyHour(), new Candidate(record, tick, update), HourlyHighStage::higher);
			}
			catch (RuntimeException ex) {
				letters.add(this.io.deadLetter(record, ex));
			}
		}
		List<RecordPublisher.OutgoingRecord> updates = new ArrayList<>();
		for (Candidate candidate : highest.values()) {
			try {
				this.store.offer(candidate.tick())
					.ifPresent((update) -> updates.add(this.io.result(update.name(), update)));
			}
			catch (RuntimeException ex) {
				if (Failure.of(ex) == null) {
					// passing (after the patience), or a bug: the batch comes again
					throw ex;
				}
				// refused by DynamoDB for good
				letters.add(this.io.deadLetter(candidate.record(), ex));
			}
		}
		this.io.publish(this.io.names().hourlyHighs(), updates);
		this.io.publish(this.io.names().deadLetters(), letters);
		this.io.count(Pipeline.HOURLY_HIGH_UPDATES, batch.records().size(), letters.size(), updates.size());
		return Optional.empty();
	}

	/**
	 * Of two records of an hour, the one whose high stands ({@link BestPrice}); else the
	 * first.
	 */
	private static Candidate higher(Candidate kept, Candidate next) {
		return (HourlyHighUpdate.ORDER.compare(next.update(), kept.update()) > 0) ? next : kept;
	}

	/** A batch's best record so far for one company and hour. */
	private record Candidate(ShardBatch.Record record, Tick tick, HourlyHighUpdate update) {

	}

}
