package io.tickstream.pipeline;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;
import software.amazon.awssdk.services.kinesis.model.ResourceInUseException;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/**
 * Writes records to a Kinesis stream with {@code PutRecords}, in requests of at most 500
 * records and 5 MiB, and puts again every record a response reports as failed (throttled
 * shards, internal errors) until all are in: a record handed to {@link #publish} is never
 * dropped. Creates a stream it writes to when it does not exist (one shard), as the
 * binder does for the streams it reads.
 * <p>
 * Blocking calls: a stage waits for its batch's records anyway, and the same publisher
 * runs on Lambda, where the client is a light blocking one.
 */
public final class KinesisPublisher implements RecordPublisher {

	/** Kinesis's limit for one record: data and partition key together. */
	static final int MAX_RECORD_BYTES = 1024 * 1024;

	private static final int MAX_REQUEST_RECORDS = 500;

	private static final int MAX_REQUEST_BYTES = 5 * 1024 * 1024;

	private static final Log logger = LogFactory.getLog(KinesisPublisher.class);

	private final KinesisClient kinesis;

	private final TransientRetry retry;

	private final Set<String> known = ConcurrentHashMap.newKeySet();

	private final boolean createMissing;

	/**
	 * @param createMissing whether to look for each stream before the first write and
	 * create it where it does not exist; without, a stream is written to as it is (where
	 * a deployment creates the streams and allows nothing but {@code PutRecords})
	 */
	public KinesisPublisher(KinesisClient kinesis, TransientRetry retry, boolean createMissing) {
		this.kinesis = kinesis;
		this.retry = retry;
		this.createMissing = createMissing;
	}

	/**
	 * Writes every record, in order of the list as far as Kinesis keeps it (a record that
	 * is retried lands after those that went through the first time).
	 */
	@Override
	public void publish(String stream, List<OutgoingRecord> records) {
		if (records.isEmpty()) {
			return;
		}
		ensureExists(stream);
		List<OutgoingRecord> request = new ArrayList<>();
		int requestBytes = 0;
		for (OutgoingRecord record : records) {
			if (request.size() == MAX_REQUEST_RECORDS || requestBytes + size(record) > MAX_REQUEST_BYTES) {
				putAll(stream, request);
				request = new ArrayList<>();
				requestBytes = 0;
			}
			request.add(record);
			requestBytes += size(record);
		}
		putAll(stream, request);
	}

	private void putAll(String stream, List<OutgoingRecord> records) {
		List<OutgoingRecord> pending = records;
		for (int attempt = 0; !pending.isEmpty(); attempt++) {
			if (attempt > 0) {
				this.retry.pause(this.retry.delay(attempt - 1));
			}
			List<OutgoingRecord> request = pending;
			PutRecordsResponse response = this.retry.call("Putting records to " + stream,
					() -> this.kinesis.putRecords((put) -> put.streamName(stream).records(entries(request))));
			pending = failed(request, response.records());
			if (!pending.isEmpty() && attempt == 0) {
				logger.info(pending.size() + " of " + request.size() + " records to " + stream + " were refused ("
						+ firstError(response.records()) + "); putting them again");
			}
		}
	}

	private static int size(OutgoingRecord record) {
		return record.data().length + record.partitionKey().length();
	}

	private static List<PutRecordsRequestEntry> entries(List<OutgoingRecord> records) {
		List<PutRecordsRequestEntry> entries = new ArrayList<>(records.size());
		for (OutgoingRecord record : records) {
			entries.add(PutRecordsRequestEntry.builder()
				.partitionKey(record.partitionKey())
				.data(SdkBytes.fromByteArrayUnsafe(record.data()))
				.build());
		}
		return entries;
	}

	private static List<OutgoingRecord> failed(List<OutgoingRecord> request, List<PutRecordsResultEntry> results) {
		List<OutgoingRecord> failed = new ArrayList<>();
		for (int i = 0; i < request.size(); i++) {
			if (i >= results.size() || results.get(i).errorCode() != null) {
				failed.add(request.get(i));
			}
		}
		return failed;
	}

	private static String firstError(List<PutRecordsResultEntry> results) {
		return results.stream()
			.filter((result) -> result.errorCode() != null)
			.map((result) -> result.errorCode() + ": " + result.errorMessage())
			.findFirst()
			.orElse("no answer for some records");
	}

	private void ensureExists(String stream) {
		if (!this.createMissing || this.known.contains(stream)) {
			return;
		}
		StreamStatus status;
		try {
			status = status(stream);
		}
		catch (ResourceNotFoundException ex) {
			logger.info("Creating Kinesis stream " + stream + " with one shard");
			try {
				this.retry.call("Creating stream " + stream,
						() -> this.kinesis.createStream((create) -> create.streamName(stream).shardCount(1)));
			}
			catch (ResourceInUseException inUse) {
				// another instance creates it at the same time
			}
			status = StreamStatus.CREATING;
		}
		long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
		while (status != StreamStatus.ACTIVE && status != StreamStatus.UPDATING && System.nanoTime() < deadline) {
			this.retry.pause(Duration.ofMillis(500));
			status = status(stream);
		}
		this.known.add(stream);
	}

	private StreamStatus status(String stream) {
		return this.retry.call("Describing stream " + stream,
				() -> this.kinesis.describeStreamSummary((describe) -> describe.streamName(stream))
					.streamDescriptionSummary()
					.streamStatus());
	}

}
