package io.tickstream.lambda.esm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ExpiredIteratorException;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import tools.jackson.databind.JsonNode;

import static io.tickstream.Json.JSON;

/**
 * A Kinesis event source mapping as Lambda runs one, for the local emulator: it polls
 * every shard of a stream and invokes a function with batches of its records in Lambda's
 * event shape, one batch per shard at a time (or per partition-key lane with a
 * parallelization factor), in shard order, honouring the mapping's settings:
 * <ul>
 * <li>{@code BatchSize} and {@code MaximumBatchingWindowInSeconds}: a batch is invoked
 * when it is full or when the window has passed since its first record arrived;</li>
 * <li>{@code StartingPosition};</li>
 * <li>resharding: a child shard is read from its start once its parents are read to their
 * end;</li>
 * <li>{@code ReportBatchItemFailures}: the batch is retried from the lowest reported
 * sequence number; an empty list is success, an identifier that is not in the batch fails
 * the whole batch;</li>
 * <li>{@code BisectBatchOnFunctionError}: a batch whose invocation fails is split in two
 * halves, each invoked. Whether a split counts against {@code MaximumRetryAttempts} AWS
 * does not document: here it does, the stricter reading (a batch out of retries is not
 * split but skipped);</li>
 * <li>{@code MaximumRetryAttempts} and {@code MaximumRecordAgeInSeconds}: a batch that
 * exhausts them is skipped and its metadata sent to the on-failure destination, a folder
 * of JSON files in the message format Lambda sends to SQS or SNS;</li>
 * <li>{@code ParallelizationFactor}: up to that many batches of one shard at once, the
 * records of one partition key always in the same lane, in order;</li>
 * <li>{@code TumblingWindowInSeconds}: the records of a shard are grouped into windows by
 * their arrival time; each invocation carries the window and the {@code state} the
 * previous one of the window answered (an answer without {@code state} is a failure), and
 * once the window has passed, a final invocation without records carries the last state
 * ({@code isFinalInvokeForWindow}), repeated until it succeeds. A state over 1 MB ends
 * the window early ({@code isWindowTerminatedEarly}): AWS documents only that much, so
 * the emulator takes the stricter reading: the final invocation carries the last state
 * within the limit, and the batch that answered too much comes again, in a new
 * window;</li>
 * <li>Lambda's 6 MB payload limit: a batch holds fewer records than the batch size where
 * more would make the event larger (the stricter reading: 6 000 000 bytes, not 6
 * MiB).</li>
 * </ul>
 * Retries wait with exponential backoff (up to 5 s), as Lambda's do.
 */
public final class LocalEventSourceMapping implements AutoCloseable {

	/** Lambda's limit for an invocation's event. */
	static final int MAX_EVENT_BYTES = 6_000_000;

	/** Lambda's limit for a tumbling window's state. */
	static final int MAX_STATE_BYTES = 1_000_000;

	/**
	 * What a record's event takes besides its data: its other fields, at most a
	 * 256-character partition key and two 128-digit sequence numbers.
	 */
	private static final int RECORD_OVERHEAD_BYTES = 1_000;

	private static final String REGION = "us-east-1";

	private static final String ACCOUNT = "123456789012";

	/** What a function answered to one event. */
	public record Answer(boolean error, String body) {
	}

	/** Invokes the function synchronously, as the mapping does. */
	public interface Function {

		Answer invoke(byte[] event) throws Exception;

	}

	private final KinesisClient kinesis;

	private final KinesisMapping mapping;

	private final Function function;

	private final Path onFailureFolder;

	private final ExecutorService pollers = Executors.newCachedThreadPool();

	private final ExecutorService lanes = Executors.newCachedThreadPool();

	private final AtomicBoolean running = new AtomicBoolean(true);

	private final AtomicInteger invocations = new AtomicInteger();

	/** How often it took a shard's first iterator, to read from where it starts. */
	private final AtomicInteger reading = new AtomicInteger();

	/** The shards read, or being read. */
	private final Set<String> started = ConcurrentHashMap.newKeySet();

	/** The shards read to their end. */
	private final Set<String> finished = ConcurrentHashMap.newKeySet();

	/** Per shard, its open tumbling window (with a tumbling window length). */
	private final Map<String, Window> windows = new ConcurrentHashMap<>();

	/** A tumbling window: {@code [start, end)} of arrival time, and its state. */
	private static final class Window {

		private final Instant start;

		private final Instant end;

		private volatile JsonNode state = JSON.createObjectNode();

		Window(Instant start, Instant end) {
			this.start = start;
			this.end = end;
		}

	}

	/**
	 * @param onFailureFolder where the metadata of batches given up on is written (one
	 * JSON file each)
	 */
	public LocalEventSourceMapping(KinesisClient kinesis, KinesisMapping mapping, Function function,
			Path onFailureFolder) {
		if (tumbling(mapping) && mapping.parallelizationFactor() != 1) {
			throw new IllegalArgumentException("tumbling windows read a shard in one lane: parallelization 1");
		}
		this.kinesis = kinesis;
		this.mapping = mapping;
		this.function = function;
		this.onFailureFolder = onFailureFolder;
	}

	/**
	 * Starts polling every shard of the stream, and every shard a reshard adds, a child
	 * once its parents are read to their end (as Lambda does).
	 */
	public LocalEventSourceMapping start() {
		this.pollers.submit(this::followShards);
		return this;
	}

	/**
	 * Lists the stream's shards every second and starts reading those whose parents are
	 * done: read to their end here, or no longer listed (expired). A child shard is read
	 * from its start, whatever the starting position.
	 */
	private void followShards() {
		while (this.running.get()) {
			try {
				List<Shard> shards = this.kinesis.listShards((list) -> list.streamName(this.mapping.stream())).shards();
				Set<String> listed = new HashSet<>();
				shards.forEach((shard) -> listed.add(shard.shardId()));
				for (Shard shard : shards) {
					boolean child = listed.contains(shard.parentShardId())
							|| listed.contains(shard.adjacentParentShardId());
					if (!this.started.contains(shard.shardId()) && done(shard.parentShardId(), listed)
							&& done(shard.adjacentParentShardId(), listed)) {
						this.started.add(shard.shardId());
						this.pollers.submit(() -> poll(shard.shardId(), child));
					}
				}
				Thread.sleep(1_000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			catch (RuntimeException ex) {
				if (!sleep(Duration.ofSeconds(1))) {
					return;
				}
			}
		}
	}

	private boolean done(String parent, Set<String> listed) {
		return parent == null || !listed.contains(parent) || this.finished.contains(parent);
	}

	/** The mapping's stream, function and settings, for the console. */
	public String describe() {
		KinesisMapping m = this.mapping;
		return m.stream() + " -> " + m.function() + " (" + m.environment().get("SPRING_CLOUD_FUNCTION_DEFINITION")
				+ "): batch size " + m.batchSize() + ", window " + m.maxBatchingWindow().toSeconds() + " s, from "
				+ m.startingPosition() + ", bisect " + m.bisectOnError() + ", retries "
				+ ((m.maxRetryAttempts() < 0) ? "unlimited" : m.maxRetryAttempts()) + ", max record age "
				+ ((m.maxRecordAge() != null) ? m.maxRecordAge().toSeconds() + " s" : "unlimited")
				+ ", parallelization " + m.parallelizationFactor() + ", batch item failures "
				+ m.reportBatchItemFailures() + ", on-failure destination " + m.onFailure()
				+ (tumbling(m) ? ", tumbling window " + m.tumblingWindow().toSeconds() + " s" : "");
	}

	/** How many times the function was invoked so far. */
	/** How often the mapping took a shard's first iterator: it reads from there on. */
	public int shardsReading() {
		return this.reading.get();
	}

	public int invocations() {
		return this.invocations.get();
	}

	@Override
	public void close() {
		this.running.set(false);
		this.pollers.shutdownNow();
		this.lanes.shutdownNow();
	}

	/**
	 * @param child whether the shard is the child of a shard read here: read from its
	 * start
	 */
	private void poll(String shard, boolean child) {
		String iterator = null;
		String lastFetched = null;
		List<Record> pending = new ArrayList<>();
		long firstPending = 0;
		Duration backoff = Duration.ZERO;
		while (this.running.get()) {
			try {
				if (iterator == null) {
					iterator = iterator(shard, lastFetched, child);
					if (lastFetched == null) {
						this.reading.incrementAndGet();
					}
				}
				if (pending.size() < this.mapping.batchSize() * this.mapping.parallelizationFactor()) {
					String current = iterator;
					int room = this.mapping.batchSize() * this.mapping.parallelizationFactor() - pending.size();
					GetRecordsResponse response = this.kinesis
						.getRecords((get) -> get.shardIterator(current).limit(Math.min(10_000, room)));
					if (pending.isEmpty() && !response.records().isEmpty()) {
						firstPending = System.nanoTime();
					}
					pending.addAll(response.records());
					if (!response.records().isEmpty()) {
						lastFetched = response.records().get(response.records().size() - 1).sequenceNumber();
					}
					iterator = response.nextShardIterator();
					if (iterator == null) {
						break; // the shard is closed and read to its end
					}
				}
				boolean full = pending.size() >= this.mapping.batchSize() * this.mapping.parallelizationFactor();
				boolean windowPassed = System.nanoTime() - firstPending >= this.mapping.maxBatchingWindow().toNanos();
				if (!pending.isEmpty() && (full || windowPassed)) {
					invokeInWindows(shard, pending);
					pending = new ArrayList<>();
				}
				else {
					closeWindowIfPassed(shard);
					Thread.sleep(pending.isEmpty() ? 200 : 50);
				}
				backoff = Duration.ZERO;
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			catch (RuntimeException ex) {
				// Kinesis unreachable: poll again from where the mapping stands
				backoff = nextBackoff(backoff);
				if (!sleep(backoff)) {
					return;
				}
				if (ex instanceof ExpiredIteratorException) {
					iterator = null; // a new one after the last record fetched
				}
			}
		}
		finish(shard, pending);
	}

	/**
	 * At the shard's end, or when stopping: the records fetched are invoked, and at the
	 * end its open tumbling window is closed; then its children may be read.
	 */
	private void finish(String shard, List<Record> pending) {
		if (!pending.isEmpty() && this.running.get()) {
			invokeInWindows(shard, pending);
		}
		Window open = this.windows.get(shard);
		if (open != null && this.running.get()) {
			closeWindow(shard, open);
		}
		if (this.running.get()) {
			this.finished.add(shard);
		}
	}

	private static boolean tumbling(KinesisMapping mapping) {
		return mapping.tumblingWindow() != null && !mapping.tumblingWindow().isZero();
	}

	/**
	 * Invokes the records, with tumbling windows each run of one window in it: a record
	 * that arrived after the open window closes it first.
	 */
	private void invokeInWindows(String shard, List<Record> records) {
		if (!tumbling(this.mapping)) {
			invokeLanes(shard, records);
			return;
		}
		int from = 0;
		while (from < records.size()) {
			Window window = windowFor(shard, records.get(from).approximateArrivalTimestamp());
			int to = from;
			while (to < records.size() && records.get(to).approximateArrivalTimestamp().isBefore(window.end)) {
				to++;
			}
			invokeLanes(shard, records.subList(from, Math.max(to, from + 1)));
			from = Math.max(to, from + 1);
		}
	}

	/**
	 * The open window of the shard for a record that arrived at {@code arrival}: a later
	 * one closes it. A record that arrived in a window already closed goes in the open
	 * one.
	 */
	private Window windowFor(String shard, Instant arrival) {
		Window open = this.windows.get(shard);
		if (open != null && arrival.isBefore(open.end)) {
			return open;
		}
		if (open != null) {
			closeWindow(shard, open);
		}
		long length = this.mapping.tumblingWindow().toMillis();
		Instant start = Instant.ofEpochMilli(Math.floorDiv(arrival.toEpochMilli(), length) * length);
		Window window = new Window(start, start.plusMillis(length));
		this.windows.put(shard, window);
		return window;
	}

	/** A second after its end, every record of the window has been read. */
	private void closeWindowIfPassed(String shard) {
		Window open = this.windows.get(shard);
		if (open != null && Instant.now().isAfter(open.end.plusSeconds(1))) {
			closeWindow(shard, open);
		}
	}

	private void closeWindow(String shard, Window window) {
		closeWindow(shard, window, false);
	}

	/**
	 * The final invocation of a window, without records, until it succeeds; early where
	 * the state grew too large.
	 */
	private void closeWindow(String shard, Window window, boolean early) {
		Duration backoff = Duration.ZERO;
		while (this.running.get()) {
			Answer answer;
			try {
				this.invocations.incrementAndGet();
				answer = this.function.invoke(event(shard, List.of(), window, true, early));
			}
			catch (Exception ex) {
				answer = new Answer(true, String.valueOf(ex.getMessage()));
			}
			if (!answer.error() && state(answer.body()) != null) {
				this.windows.remove(shard, window);
				return;
			}
			backoff = nextBackoff(backoff);
			if (!sleep(backoff)) {
				return;
			}
		}
	}

	/** The {@code state} of an answer, or {@code null} when it has none. */
	private static JsonNode state(String body) {
		try {
			JsonNode state = JSON.readTree(body).path("state");
			return state.isObject() ? state : null;
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	private String iterator(String shard, String after, boolean child) {
		if (after != null) {
			return this.kinesis
				.getShardIterator((get) -> get.streamName(this.mapping.stream())
					.shardId(shard)
					.shardIteratorType(ShardIteratorType.AFTER_SEQUENCE_NUMBER)
					.startingSequenceNumber(after))
				.shardIterator();
		}
		ShardIteratorType type = child ? ShardIteratorType.TRIM_HORIZON
				: ShardIteratorType.fromValue(this.mapping.startingPosition());
		return this.kinesis
			.getShardIterator((get) -> get.streamName(this.mapping.stream()).shardId(shard).shardIteratorType(type))
			.shardIterator();
	}

	/**
	 * Splits the records into lanes by partition key; the lanes are invoked at the same
	 * time, each lane's batches (of at most the batch size) one after the other, so that
	 * a partition key is never in two invocations at once; returns when every lane is
	 * done.
	 */
	private void invokeLanes(String shard, List<Record> records) {
		int factor = this.mapping.parallelizationFactor();
		List<List<Record>> lanes = new ArrayList<>();
		for (int i = 0; i < factor; i++) {
			lanes.add(new ArrayList<>());
		}
		for (Record record : records) {
			lanes.get(Math.floorMod(record.partitionKey().hashCode(), factor)).add(record);
		}
		List<CompletableFuture<Void>> running = new ArrayList<>();
		for (List<Record> lane : lanes) {
			// a lane's batches one after the other: its keys' records stay in order
			Runnable inOrder = () -> batches(shard, lane).forEach((batch) -> deliver(shard, batch));
			if (factor == 1) {
				inOrder.run();
			}
			else if (!lane.isEmpty()) {
				running.add(CompletableFuture.runAsync(inOrder, this.lanes));
			}
		}
		running.forEach(CompletableFuture::join);
	}

	/**
	 * A lane's batches: at most the batch size, and no more than fits an event of
	 * {@value #MAX_EVENT_BYTES} bytes (with the window's state, which is at most
	 * {@value #MAX_STATE_BYTES} bytes).
	 */
	private List<List<Record>> batches(String shard, List<Record> lane) {
		long room = MAX_EVENT_BYTES - RECORD_OVERHEAD_BYTES - (tumbling(this.mapping) ? MAX_STATE_BYTES : 0);
		List<List<Record>> batches = new ArrayList<>();
		int from = 0;
		while (from < lane.size()) {
			int to = from;
			long bytes = 0;
			while (to < lane.size() && to - from < this.mapping.batchSize()) {
				long next = 4L * ((lane.get(to).data().asByteArrayUnsafe().length + 2) / 3) + RECORD_OVERHEAD_BYTES;
				if (to > from && bytes + next > room) {
					break;
				}
				bytes += next;
				to++;
			}
			batches.add(lane.subList(from, to));
			from = to;
		}
		return batches;
	}

	/**
	 * Delivers a batch until it succeeds or is given up on: retries from the record the
	 * function reports, halves it when the invocation fails, skips it to the on-failure
	 * destination when it is out of retries or too old.
	 */
	private void deliver(String shard, List<Record> batch) {
		deliver(shard, batch, 0);
	}

	/**
	 * @param retries how often the records were tried again so far
	 */
	private void deliver(String shard, List<Record> batch, int retries) {
		List<Record> remaining = batch;
		Duration backoff = Duration.ZERO;
		while (!remaining.isEmpty() && this.running.get()) {
			List<Record> fresh = withoutExpired(shard, remaining);
			if (fresh.isEmpty()) {
				return;
			}
			remaining = fresh;
			Answer answer;
			Window window = tumbling(this.mapping) ? windowFor(shard, remaining.get(0).approximateArrivalTimestamp())
					: null;
			try {
				this.invocations.incrementAndGet();
				answer = this.function.invoke(event(shard, remaining, window, false, false));
			}
			catch (Exception ex) {
				answer = new Answer(true, String.valueOf(ex.getMessage()));
			}
			if (window != null && !answer.error()) {
				JsonNode state = state(answer.body());
				if (state == null) {
					answer = new Answer(true, "a tumbling window's answer without state");
				}
				else if (JSON.writeValueAsBytes(state).length > MAX_STATE_BYTES) {
					closeWindow(shard, window, true);
					answer = new Answer(true, "a state over " + MAX_STATE_BYTES + " bytes ended the window early");
				}
				else {
					window.state = state;
				}
			}
			int failedAt = answer.error() ? 0 : failedAt(remaining, answer.body());
			if (failedAt < 0) {
				return; // all processed
			}
			remaining = remaining.subList(failedAt, remaining.size());
			if (this.mapping.maxRetryAttempts() >= 0 && retries >= this.mapping.maxRetryAttempts()) {
				sendToDestination(shard, remaining, "RetryAttemptsExhausted", retries + 1);
				return;
			}
			if (answer.error() && this.mapping.bisectOnError() && remaining.size() > 1) {
				int half = remaining.size() / 2;
				deliver(shard, remaining.subList(0, half), retries + 1);
				deliver(shard, remaining.subList(half, remaining.size()), retries + 1);
				return;
			}
			retries++;
			backoff = nextBackoff(backoff);
			if (!sleep(backoff)) {
				return;
			}
		}
	}

	/**
	 * The records of the batch Lambda would still deliver: those older than the maximum
	 * record age at the front are skipped, their metadata sent to the destination.
	 */
	private List<Record> withoutExpired(String shard, List<Record> batch) {
		if (this.mapping.maxRecordAge() == null) {
			return batch;
		}
		Instant oldest = Instant.now().minus(this.mapping.maxRecordAge());
		int expired = 0;
		while (expired < batch.size() && batch.get(expired).approximateArrivalTimestamp().isBefore(oldest)) {
			expired++;
		}
		if (expired > 0) {
			sendToDestination(shard, batch.subList(0, expired), "RecordAgeExceeded", 0);
		}
		return batch.subList(expired, batch.size());
	}

	/**
	 * @return the index of the first record to deliver again, or {@code -1} when the
	 * whole batch was processed
	 */
	private int failedAt(List<Record> batch, String response) {
		if (!this.mapping.reportBatchItemFailures()) {
			return -1;
		}
		JsonNode failures;
		try {
			failures = JSON.readTree(response).path("batchItemFailures");
		}
		catch (RuntimeException ex) {
			return -1; // no StreamsEventResponse: success, as for Lambda
		}
		if (!failures.isArray() || failures.isEmpty()) {
			return -1;
		}
		int lowest = Integer.MAX_VALUE;
		for (JsonNode failure : failures) {
			String id = failure.path("itemIdentifier").asString("");
			int index = indexOf(batch, id);
			if (index < 0) {
				return 0; // an identifier not in the batch fails the whole batch
			}
			lowest = Math.min(lowest, index);
		}
		return lowest;
	}

	private static int indexOf(List<Record> batch, String sequenceNumber) {
		for (int i = 0; i < batch.size(); i++) {
			if (batch.get(i).sequenceNumber().equals(sequenceNumber)) {
				return i;
			}
		}
		return -1;
	}

	/** The event Lambda sends: {@code Records} in shard order, data base64-encoded. */
	byte[] event(String shard, List<Record> batch) {
		return event(shard, batch, null, false, false);
	}

	/**
	 * With a tumbling window, the event also carries the window, its state, the shard and
	 * whether it is the window's final invocation.
	 */
	private byte[] event(String shard, List<Record> batch, Window window, boolean last, boolean early) {
		List<Map<String, Object>> records = new ArrayList<>();
		for (Record record : batch) {
			Map<String, Object> kinesis = new LinkedHashMap<>();
			kinesis.put("kinesisSchemaVersion", "1.0");
			kinesis.put("partitionKey", record.partitionKey());
			kinesis.put("sequenceNumber", record.sequenceNumber());
			kinesis.put("data", Base64.getEncoder().encodeToString(record.data().asByteArrayUnsafe()));
			kinesis.put("approximateArrivalTimestamp", record.approximateArrivalTimestamp().toEpochMilli() / 1000.0);
			kinesis.put("encryptionType", "NONE");
			Map<String, Object> event = new LinkedHashMap<>();
			event.put("kinesis", kinesis);
			event.put("eventSource", "aws:kinesis");
			event.put("eventVersion", "1.0");
			event.put("eventID", shard + ":" + record.sequenceNumber());
			event.put("eventName", "aws:kinesis:record");
			event.put("invokeIdentityArn", "arn:aws:iam::" + ACCOUNT + ":role/" + this.mapping.function());
			event.put("awsRegion", REGION);
			event.put("eventSourceARN", streamArn());
			records.add(event);
		}
		Map<String, Object> event = new LinkedHashMap<>();
		event.put("Records", records);
		if (window != null) {
			event.put("window", Map.of("start", window.start.toString(), "end", window.end.toString()));
			event.put("state", window.state);
			event.put("shardId", shard);
			event.put("eventSourceARN", streamArn());
			event.put("isFinalInvokeForWindow", last);
			event.put("isWindowTerminatedEarly", early);
		}
		return JSON.writeValueAsBytes(event);
	}

	private String streamArn() {
		return "arn:aws:kinesis:" + REGION + ":" + ACCOUNT + ":stream/" + this.mapping.stream();
	}

	/**
	 * What Lambda sends to an on-failure destination for a Kinesis batch: the batch's
	 * metadata, never its records.
	 */
	private void sendToDestination(String shard, List<Record> records, String condition, int invokeCount) {
		if (!this.mapping.onFailure()) {
			return;
		}
		Map<String, Object> batchInfo = new LinkedHashMap<>();
		batchInfo.put("shardId", shard);
		batchInfo.put("startSequenceNumber", records.get(0).sequenceNumber());
		batchInfo.put("endSequenceNumber", records.get(records.size() - 1).sequenceNumber());
		batchInfo.put("approximateArrivalOfFirstRecord", records.get(0).approximateArrivalTimestamp().toString());
		batchInfo.put("approximateArrivalOfLastRecord",
				records.get(records.size() - 1).approximateArrivalTimestamp().toString());
		batchInfo.put("batchSize", records.size());
		batchInfo.put("streamArn", streamArn());
		Map<String, Object> message = new LinkedHashMap<>();
		message.put("requestContext",
				Map.of("requestId", UUID.randomUUID().toString(), "functionArn",
						"arn:aws:lambda:" + REGION + ":" + ACCOUNT + ":function:" + this.mapping.function(),
						"condition", condition, "approximateInvokeCount", invokeCount));
		message.put("responseContext",
				Map.of("statusCode", 200, "executedVersion", "$LATEST", "functionError", "Unhandled"));
		message.put("version", "1.0");
		message.put("timestamp", Instant.now().toString());
		message.put("KinesisBatchInfo", batchInfo);
		try {
			Files.createDirectories(this.onFailureFolder);
			Files.write(
					this.onFailureFolder.resolve(this.mapping.stream() + "-" + shard + "-"
							+ records.get(0).sequenceNumber() + "-" + UUID.randomUUID() + ".json"),
					JSON.writeValueAsBytes(message));
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	private static Duration nextBackoff(Duration backoff) {
		return backoff.isZero() ? Duration.ofMillis(200) : backoff.multipliedBy(2).compareTo(Duration.ofSeconds(5)) > 0
				? Duration.ofSeconds(5) : backoff.multipliedBy(2);
	}

	private boolean sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
			return this.running.get();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

}
