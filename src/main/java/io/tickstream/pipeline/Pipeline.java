package io.tickstream.pipeline;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.tickstream.metrics.PipelineMetrics;
import io.tickstream.tick.Feed;
import io.tickstream.tick.Reading;
import io.tickstream.tick.TickIngestion;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * The pipeline's steps on a stream, built here for both stream surfaces (the binder's KCL
 * consumers and Lambda's event source mappings): {@code ingest} ({@code ticks-raw →
 * ticks}), {@code hourlyHighUpdates} ({@code ticks → hourly-highs}, one conditional write
 * per company and hour per batch) and {@code slidingWindows} ({@code ticks →
 * window-stats}), all dead-lettering to the same stream. A step's stage, and the table it
 * keeps its state in, are built on first use: a Lambda function runs one step.
 */
public final class Pipeline {

	public static final String INGEST = "ingest";

	public static final String HOURLY_HIGH_UPDATES = "hourlyHighUpdates";

	public static final String SLIDING_WINDOWS = "slidingWindows";

	private static final Set<String> STEPS = Set.of(INGEST, HOURLY_HIGH_UPDATES, SLIDING_WINDOWS);

	private final PipelineSettings settings;

	private final DynamoDbClient dynamoDb;

	private final TransientRetry retry;

	private final TickIngestion ingestion;

	private final JsonMapper json;

	private final PipelineMetrics metrics;

	private final KinesisPublisher publisher;

	private final Map<String, ShardStage> stages = new ConcurrentHashMap<>();

	private DynamoDbHourlyHighStore hourlyHighs;

	/**
	 * @param retry how passing failures of Kinesis and DynamoDB are retried in place
	 * @param metrics what the steps' batches count
	 */
	public Pipeline(PipelineSettings settings, KinesisClient kinesis, DynamoDbClient dynamoDb, TransientRetry retry,
			TickIngestion ingestion, JsonMapper json, PipelineMetrics metrics) {
		this.settings = settings;
		this.dynamoDb = dynamoDb;
		this.retry = retry;
		this.ingestion = ingestion;
		this.json = json;
		this.metrics = metrics;
		this.publisher = new KinesisPublisher(kinesis, retry, settings.createMissing());
	}

	/** Whether a function of that name is a step of the pipeline. */
	public static boolean isStep(String name) {
		return STEPS.contains(name);
	}

	/**
	 * The stage of a step, built on first use.
	 * @throws IllegalArgumentException for a name that is no step
	 * @throws RuntimeException when AWS cannot be reached to create a missing table
	 * (passing)
	 */
	public ShardStage stage(String step) {
		return this.stages.computeIfAbsent(step, this::build);
	}

	/** The stage of {@code slidingWindows}. */
	public WindowStage windows() {
		return (WindowStage) stage(SLIDING_WINDOWS);
	}

	/** The hourly highs in DynamoDB, shared by every instance of the step. */
	public synchronized DynamoDbHourlyHighStore hourlyHighs() {
		if (this.hourlyHighs == null) {
			DynamoDbHourlyHighStore store = new DynamoDbHourlyHighStore(this.dynamoDb,
					this.settings.names().stateTable(), this.retry, this.metrics);
			if (this.settings.createMissing()) {
				store.createIfMissing();
			}
			this.hourlyHighs = store;
		}
		return this.hourlyHighs;
	}

	private ShardStage build(String step) {
		// ingest reads the feed's raw records (a CSV file is a request's: a stream record
		// is one JSON record, recognised by its keys); the later steps, the ticks it
		// writes
		Feed feed = (this.settings.feed() == Feed.CSV) ? Feed.ANY : this.settings.feed();
		Reading reading = step.equals(INGEST) ? Reading.of(feed) : Reading.COURSE;
		StageIo io = new StageIo(this.ingestion, reading, this.settings.names(), this.publisher, this.json,
				this.settings.maxRecordBytes(), this.metrics, this.settings.maxClockSkew(), Clock.systemUTC());
		return switch (step) {
			case INGEST -> new StreamStage(INGEST, Optional::of, this.settings.names().ticks(), io);
			case HOURLY_HIGH_UPDATES -> new HourlyHighStage(hourlyHighs(), io);
			case SLIDING_WINDOWS -> {
				DynamoDbWindowStore store = new DynamoDbWindowStore(this.dynamoDb, this.settings.names().windowTable(),
						this.retry);
				if (this.settings.createMissing()) {
					store.createIfMissing();
				}
				yield new WindowStage(this.settings.windows(), this.settings.eventTime(), store, io);
			}
			default -> throw new IllegalArgumentException(step + " is no step of the pipeline");
		};
	}

}
