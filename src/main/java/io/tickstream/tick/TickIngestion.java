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
	 * @param input the records as UTF-8 bytes, each in whichever feed's shape it has
	 * @return the normalised record when the input is one JSON object holding one record,
	 * else a report on every record
	 * @throws InvalidTickException when the input is one JSON object that is not a valid
	 * record
	 * @throws MalformedInputException when the input cannot be read as records at all
	 */
	public IngestResult ingest(byte[] input) {
		return ingest(input, Reading.ANY);
	}

	/**
	 * @param input the records as UTF-8 bytes
	 * @param reading the feed they are read as
	 * @return the normalised record when the input is one JSON object holding one record,
	 * else a report on every record
	 * @throws InvalidTickException when the input is one JSON object that is not a valid
	 * record
	 * @throws MalformedInputException when the input cannot be read as records at all
	 */
	public IngestResult ingest(byte[] input, Reading reading) {
		return ingest(Utf8.decode(input), reading);
	}

	/** {@link #ingest(byte[])} of text. */
	public IngestResult ingest(String text) {
		return ingest(text, Reading.ANY);
	}

	private IngestResult ingest(String text, Reading reading) {
		Report report = new Report();
		boolean single = this.reader.read(text, reading, report::add);
		if (single && report.single != null) {
			return this.validator.validate(report.single.raw());
		}
		if (single && report.rejected.size() == 1 && report.accepted.isEmpty()) {
			throw new InvalidTickException(report.rejected.get(0).reason()); // no record
																				// of any
																				// feed
		}
		return report.toIngestReport();
	}

	/**
	 * @param input the records as UTF-8 bytes, each in whichever feed's shape it has
	 * @return a report on every record, whatever the shape of the input
	 * @throws MalformedInputException when the input cannot be read as records at all
	 */
	public IngestReport ingestAll(byte[] input) {
		return ingestAll(input, Reading.ANY);
	}

	/**
	 * @param reading the feed the records are read as
	 * @return a report on every record, whatever the shape of the input
	 * @throws MalformedInputException when the input cannot be read as records at all
	 */
	public IngestReport ingestAll(byte[] input, Reading reading) {
		return ingestAll(Utf8.decode(input), reading);
	}

	/** {@link #ingestAll(byte[])} of text. */
	public IngestReport ingestAll(String text) {
		return ingestAll(text, Reading.ANY);
	}

	private IngestReport ingestAll(String text, Reading reading) {
		Report report = new Report();
		this.reader.read(text, reading, report::add);
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
