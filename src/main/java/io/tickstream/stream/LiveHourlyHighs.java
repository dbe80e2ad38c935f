package io.tickstream.stream;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.tickstream.hourly.HourlyHighUpdate;
import io.tickstream.pipeline.DynamoDbHourlyHighStore;
import io.tickstream.pipeline.StreamNames;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Profile;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The stream service's page ({@code /}, {@code live.html}) and what it draws: the highs
 * published so far ({@code GET /hourly-highs}, from the state table), then the updates as
 * they are published, pushed as server-sent events ({@code GET /hourly-highs/live}, event
 * {@code hourly-high}, the update's JSON as data). Read-only: it tails
 * {@code hourly-highs} from its latest records, as a viewer, with no group, no checkpoint
 * and no lease; a page that connects later sees what is published from then on.
 */
@RestController
@Profile("kinesis")
class LiveHourlyHighs implements SmartLifecycle {

	/** Pages connected at once; more are refused (503) rather than slowing every page. */
	static final int MAX_PAGES = 100;

	/** Stored highs a page gets when it opens. */
	static final int MAX_STORED = 10_000;

	/** Updates a page may lag behind before it is closed. */
	static final int MAX_QUEUED = 1_000;

	private static final Log logger = LogFactory.getLog(LiveHourlyHighs.class);

	private static final Duration POLL = Duration.ofSeconds(1);

	private static final Duration SHARD_LISTING = Duration.ofSeconds(30);

	private final KinesisClient kinesis;

	private final String stream;

	private final DynamoDbHourlyHighStore store;

	/** The pages following, each with the updates not sent to it yet. */
	private final Map<SseEmitter, Outbox> pages = new ConcurrentHashMap<>();

	/**
	 * At most one sender per page at a time, each on a thread of its own: a page that
	 * does not read holds up no other one.
	 */
	private final ExecutorService senders = new ThreadPoolExecutor(0, MAX_PAGES, 60, TimeUnit.SECONDS,
			new SynchronousQueue<>(), (task) -> {
				Thread thread = new Thread(task, "live-hourly-highs-send");
				thread.setDaemon(true);
				return thread;
			});

	private volatile Thread tail;

	LiveHourlyHighs(KinesisClient kinesis, StreamNames names, DynamoDbHourlyHighStore store) {
		this.kinesis = kinesis;
		this.stream = names.hourlyHighs();
		this.store = store;
	}

	/**
	 * The stream service's page: the hourly highs, live (the web server's page charts
	 * files).
	 */
	@GetMapping("/")
	ModelAndView page() {
		return new ModelAndView("forward:/live.html");
	}

	/**
	 * What was published before a page opened: the highs in the state table, at most
	 * {@value #MAX_STORED} (a day of a few hundred companies).
	 */
	@GetMapping(path = "/hourly-highs", produces = MediaType.APPLICATION_JSON_VALUE)
	Map<String, List<HourlyHighUpdate>> published() {
		try {
			return Map.of("results", this.store.stored(MAX_STORED));
		}
		catch (SdkException ex) {
			throw new ResponseStatusException(HttpStatus.SERVICE_UNAVAILABLE, "DynamoDB did not answer", ex);
		}
	}

	@GetMapping(path = "/hourly-highs/live", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	SseEmitter subscribe() {
		if (this.pages.size() >= MAX_PAGES) {
			throw new ResponseStatusException(HttpStatus.SERVICE_UNAVAILABLE, "too many pages follow the highs");
		}
		SseEmitter page = new SseEmitter(Duration.ofMinutes(30).toMillis());
		this.pages.put(page, new Outbox());
		page.onCompletion(() -> forget(page));
		page.onTimeout(() -> forget(page));
		page.onError((ex) -> forget(page));
		try {
			// answered at once, so that the page (and any proxy) knows it is connected
			page.send(SseEmitter.event().comment("following " + this.stream));
		}
		catch (IOException ex) {
			forget(page);
		}
		return page;
	}

	private void forget(SseEmitter page) {
		this.pages.remove(page);
	}

	/**
	 * Hands an update to every page, never waiting for one: each page has a queue of
	 * {@value #MAX_QUEUED} updates, drained on a thread of its own; a page whose queue is
	 * full (a page that does not read) is closed rather than let it hold the others up.
	 * Its browser connects again and gets what follows.
	 */
	private void publish(String update) {
		this.pages.forEach((page, outbox) -> {
			if (!outbox.queue.offer(update)) {
				drop(page);
			}
			else if (outbox.draining.compareAndSet(false, true)) {
				try {
					this.senders.execute(() -> drain(page, outbox));
				}
				catch (RejectedExecutionException ex) {
					drop(page); // more pages than senders, for a moment
				}
			}
		});
	}

	private void drain(SseEmitter page, Outbox outbox) {
		do {
			String update;
			while ((update = outbox.queue.poll()) != null) {
				try {
					page.send(SseEmitter.event().name("hourly-high").data(update, MediaType.APPLICATION_JSON));
				}
				catch (IOException | IllegalStateException ex) {
					drop(page); // the page went away
					return;
				}
			}
			outbox.draining.set(false);
		}
		while (!outbox.queue.isEmpty() && outbox.draining.compareAndSet(false, true));
	}

	/** A page's updates not sent yet. */
	private static final class Outbox {

		private final BlockingQueue<String> queue = new ArrayBlockingQueue<>(MAX_QUEUED);

		private final AtomicBoolean draining = new AtomicBoolean();

	}

	private void drop(SseEmitter page) {
		forget(page);
		page.complete();
	}

	/** Reads every shard from its latest record on, once a second. */
	private void tail() {
		Map<String, String> iterators = new HashMap<>();
		long listed = 0;
		while (!Thread.currentThread().isInterrupted()) {
			try {
				if (System.nanoTime() - listed > SHARD_LISTING.toNanos()) {
					for (Shard shard : shards()) {
						iterators
							.computeIfAbsent(shard.shardId(),
									(id) -> this.kinesis.getShardIterator((request) -> request.streamName(this.stream)
										.shardId(id)
										.shardIteratorType(ShardIteratorType.LATEST)).shardIterator());
					}
					listed = System.nanoTime();
				}
				for (Map.Entry<String, String> shard : iterators.entrySet()) {
					if (shard.getValue() == null) {
						continue; // a closed shard, read to its end
					}
					GetRecordsResponse read = this.kinesis
						.getRecords((request) -> request.shardIterator(shard.getValue()).limit(500));
					for (Record record : read.records()) {
						publish(new String(record.data().asByteArray(), StandardCharsets.UTF_8));
					}
					shard.setValue(read.nextShardIterator());
				}
				Thread.sleep(POLL.toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			catch (RuntimeException ex) {
				// the stream is not there yet, or Kinesis is away: the viewer waits, the
				// pipeline's health says why
				logger.debug("Cannot read " + this.stream + " for the live page: " + ex.getMessage());
				iterators.clear();
				listed = 0;
				try {
					Thread.sleep(POLL.toMillis() * 5);
				}
				catch (InterruptedException interrupted) {
					Thread.currentThread().interrupt();
				}
			}
		}
	}

	private List<Shard> shards() {
		return this.kinesis.listShards((request) -> request.streamName(this.stream)).shards();
	}

	@Override
	public void start() {
		Thread thread = new Thread(this::tail, "live-hourly-highs");
		thread.setDaemon(true);
		this.tail = thread;
		thread.start();
	}

	@Override
	public void stop() {
		Thread thread = this.tail;
		if (thread != null) {
			thread.interrupt();
		}
		this.pages.keySet().forEach(SseEmitter::complete);
		this.tail = null;
	}

	@Override
	public boolean isRunning() {
		return this.tail != null;
	}

}
