package io.tickstream.tick;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads, validates and normalises price records: the first step of every surface.
 */
public final class TickIngestion {

	/** How many rejections a report lists in full unless told otherwise. */
	public static final int DEFAULT_MAX_LISTED_REJECTIONS = 1000;

	private final TickReader reader;

	private final TickValidator validator;

	private final int maxListedRejections;

	public TickIngestion(TickReader reader, TickValidator validator, int maxListedRejections) {
		this.reader = reader;
		this.validator = validator;
		this.maxListedRejections = maxListedRejections;
	}

	/**
	 * @param exchangeZone the clock of timestamps written without an offset
	 */
	public static TickIngestion forExchangeZone(ZoneId exchangeZone) {
		return forExchangeZone(exchangeZone, DEFAULT_MAX_LISTED_REJECTIONS);
	}

	/**
	 * @param exchangeZone the clock of timestamps written without an offset
	 * @param maxListedRejections how many rejections a report lists in full; the rest are
	 * only counted
	 */
	public static TickIngestion forExchangeZone(ZoneId exchangeZone, int maxListedRejections) {
		return new TickIngestion(new TickReader(), new TickValidator(new Timestamps(exchangeZone)),
				maxListedRejections);
	}

	/**
	 * @param input the records as UTF-8 bytes
	 * @return the normalised record when the input is one JSON object, else a report on
	 * every record
	 * @throws InvalidTickException when the input is one JSON object that is not a valid
	 * record
	 * @throws MalformedInputException when the input cannot be read as records at all
	 */
	public IngestResult ingest(byte[] input) {
		return ingest(Utf8.decode(input));
	}

	/**
	 * @return the normalised record when the text is one JSON object, else a report on
	 * every record
	 * @throws InvalidTickException when the text is one JSON object that is not a valid
	 * record
	 * @throws MalformedInputException when the text cannot be read as records at all
	 */
	public IngestResult ingest(String text) {
		Report report = new Report();
		boolean single = this.reader.read(text, report::add);
		if (single && report.single != null) {
			return this.validator.validate(report.single.raw());
		}
		return report.toIngestReport();
	}

	/**
	 * @param input the records as UTF-8 bytes
	 * @return a report on every record, whatever the shape of the input
	 * @throws MalformedInputException when the input cannot be read as records at all
	 */
	public IngestReport ingestAll(byte[] input) {
		return ingestAll(Utf8.decode(input));
	}

	/**
	 * @return a report on every record, whatever the shape of the text
	 * @throws MalformedInputException when the text cannot be read as records at all
	 */
	public IngestReport ingestAll(String text) {
		Report report = new Report();
		this.reader.read(text, report::add);
		return report.toIngestReport();
	}

	/**
	 * Validates records as the reader hands them over. A single object is kept aside
	 * until the reader says whether it was the whole input.
	 */
	private final class Report {

		private final List<Tick> accepted = new ArrayList<>();

		private final List<Rejection> rejected = new ArrayList<>();

		private int rejectedCount;

		private TickBatch.Readable single;

		private boolean first = true;

		void add(TickBatch.Item item) {
			if (this.first && item instanceof TickBatch.Readable readable) {
				this.first = false;
				this.single = readable; // maybe the only record: validated when the next
										// comes
				return;
			}
			this.first = false;
			if (this.single != null) {
				validate(this.single);
				this.single = null;
			}
			if (item instanceof TickBatch.Unreadable unreadable) {
				reject(new Rejection(item.index(), unreadable.reason()));
			}
			else if (item instanceof TickBatch.Readable readable) {
				validate(readable);
			}
		}

		void validate(TickBatch.Readable readable) {
			try {
				this.accepted.add(TickIngestion.this.validator.validate(readable.raw()));
			}
			catch (InvalidTickException ex) {
				reject(new Rejection(readable.index(), ex.getMessage()));
			}
		}

		private void reject(Rejection rejection) {
			if (this.rejectedCount++ < TickIngestion.this.maxListedRejections) {
				this.rejected.add(rejection);
			}
		}

		IngestReport toIngestReport() {
			if (this.single != null) {
				validate(this.single);
				this.single = null;
			}
			return new IngestReport(this.accepted, this.rejected, this.rejectedCount);
		}

	}

}
