package io.tickstream.tick;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads, validates and normalises price records: the first step of every surface.
 */
public final class TickIngestion {

	private final TickReader reader;

	private final TickValidator validator;

	public TickIngestion(TickReader reader, TickValidator validator) {
		this.reader = reader;
		this.validator = validator;
	}

	/**
	 * @param exchangeZone the clock of timestamps written without an offset
	 */
	public static TickIngestion forExchangeZone(ZoneId exchangeZone) {
		return new TickIngestion(new TickReader(), new TickValidator(new Timestamps(exchangeZone)));
	}

	/**
	 * @return the normalised record when the text is one JSON object, else a report on
	 * every record
	 * @throws InvalidTickException when the text is one JSON object that is not a valid
	 * record
	 * @throws MalformedInputException when the text cannot be read as records at all
	 */
	public IngestResult ingest(String text) {
		TickBatch batch = this.reader.read(text);
		if (batch.single() && batch.items().get(0) instanceof TickBatch.Readable readable) {
			return this.validator.validate(readable.raw());
		}
		return validate(batch);
	}

	/**
	 * @return a report on every record, whatever the shape of the text
	 * @throws MalformedInputException when the text cannot be read as records at all
	 */
	public IngestReport ingestAll(String text) {
		return validate(this.reader.read(text));
	}

	private IngestReport validate(TickBatch batch) {
		List<Tick> accepted = new ArrayList<>();
		List<Rejection> rejected = new ArrayList<>();
		for (TickBatch.Item item : batch.items()) {
			if (item instanceof TickBatch.Unreadable unreadable) {
				rejected.add(new Rejection(item.index(), unreadable.reason()));
			}
			else if (item instanceof TickBatch.Readable readable) {
				try {
					accepted.add(this.validator.validate(readable.raw()));
				}
				catch (InvalidTickException ex) {
					rejected.add(new Rejection(item.index(), ex.getMessage()));
				}
			}
		}
		return new IngestReport(accepted, rejected);
	}

}
