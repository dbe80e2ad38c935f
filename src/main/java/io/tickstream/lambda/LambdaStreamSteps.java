package io.tickstream.lambda;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.tickstream.function.TickProperties;
import io.tickstream.hourly.HourlyHighStore;
import io.tickstream.metrics.PipelineMetrics;
import io.tickstream.stream.DynamoDbHourlyHighStore;
import io.tickstream.stream.DynamoDbWindowStore;
import io.tickstream.stream.KinesisPublisher;
import io.tickstream.stream.ShardStage;
import io.tickstream.stream.StreamNames;
import io.tickstream.stream.StreamSteps;
import io.tickstream.stream.TransientRetry;
import io.tickstream.stream.WindowStage;
import io.tickstream.tick.TickIngestion;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * The pipeline's steps as Lambda runs them behind Kinesis event source mappings:
 * {@code ingest}, {@code hourlyHighUpdates} and {@code slidingWindows}, with the same
 * stages, streams, dead letters and DynamoDB state as the binder's.
 * <p>
 * The AWS clients are built on the first Kinesis batch and kept for the container's life,
 * so that a function that only answers HTTP never pays for them. They use the SDK's light
 * blocking HTTP client (no Netty) and take region, credentials and endpoints from the
 * SDK's standard settings: Lambda's own variables, or {@code AWS_ENDPOINT_URL_KINESIS}
 * and {@code AWS_ENDPOINT_URL_DYNAMODB} for the local emulators.
 */
class LambdaStreamSteps {

	/** What reads only Kinesis batches: it changes state, so it answers no request. */
	private static final Set<String> STREAM_ONLY = Set.of(StreamSteps.HOURLY_HIGH_UPDATES);

	private final TickIngestion ingestion;

	private final StreamNames names;

	private final JsonMapper json;

	private final PipelineMetrics metrics;

	private final TransientRetry retry;

	private final boolean createMissing;

	private final TickProperties properties;

	private final Map<String, ShardStage> stages = new ConcurrentHashMap<>();

	private Clients clients;

	private DynamoDbHourlyHighStore store;

	/**
	 * @param patience how long a passing failure is retried in place before the record
	 * goes back to the event source mapping
	 * @param createMissing whether to create the streams and the table where they do not
	 * exist, as the stream service does (locally); a deployment that creates them turns
	 * it off, and its functions may then do no more than write
	 * @param metrics what the steps count
	 */
	LambdaStreamSteps(TickIngestion ingestion, StreamNames names, JsonMapper json, TickProperties properties,
			Duration patience, boolean createMissing, PipelineMetrics metrics) {
		this.properties = properties;
		this.ingestion = ingestion;
		this.names = names;
		this.json = json;
		this.retry = new TransientRetry(Duration.ofSeconds(1), patience, metrics);
		this.metrics = metrics;
		this.createMissing = createMissing;
	}

	static boolean isStep(String function) {
		return StreamSteps.INGEST.equals(function) || StreamSteps.HOURLY_HIGH_UPDATES.equals(function)
				|| StreamSteps.SLIDING_WINDOWS.equals(function);
	}

	static boolean readsOnlyStreams(String function) {
		return STREAM_ONLY.contains(function);
	}

	/**
	 * The stage of a step, built on first use (for the steps that keep state in DynamoDB
	 * that creates their table where it does not exist).
	 * @throws RuntimeException when AWS cannot be reached to build it (passing)
	 */
	ShardStage stage(String function) {
		return this.stages.computeIfAbsent(function, this::build);
	}

	/**
	 * Builds a step's stage and its AWS clients ahead of its first batch, where that
	 * makes no call to AWS: only when the deployment creates the streams and tables (the
	 * stage would otherwise look for them).
	 * @return whether it was built
	 */
	boolean prepare(String function) {
		if (!isStep(function) || this.createMissing) {
			return false;
		}
		stage(function);
		return true;
	}

	/** The stage of {@code slidingWindows}, built on first use. */
	WindowStage windows() {
		return (WindowStage) stage(StreamSteps.SLIDING_WINDOWS);
	}

	private ShardStage build(String function) {
		Clients aws = clients();
		KinesisPublisher publisher = new KinesisPublisher(aws.kinesis(), this.retry, this.createMissing);
		long maxRecordBytes = this.properties.maxInputSize().toBytes();
		if (StreamSteps.INGEST.equals(function)) {
			return StreamSteps.ingest(this.ingestion, this.names, publisher, this.json, maxRecordBytes, this.metrics);
		}
		if (StreamSteps.HOURLY_HIGH_UPDATES.equals(function)) {
			return StreamSteps.hourlyHighUpdates(this.ingestion, store(), this.names, publisher, this.json,
					maxRecordBytes, this.metrics);
		}
		if (StreamSteps.SLIDING_WINDOWS.equals(function)) {
			DynamoDbWindowStore windows = new DynamoDbWindowStore(aws.dynamoDb(), this.names.windowTable(), this.retry);
			if (this.createMissing) {
				windows.createIfMissing();
			}
			return StreamSteps.slidingWindows(this.ingestion, this.properties.windows(),
					this.properties.windowLateness(), windows, this.names, publisher, this.json, maxRecordBytes,
					this.metrics);
		}
		throw new IllegalArgumentException(function + " is no step of the pipeline");
	}

	/**
	 * The hourly highs in DynamoDB; the table is created where it does not exist, unless
	 * a deployment creates it.
	 */
	synchronized HourlyHighStore store() {
		if (this.store == null) {
			DynamoDbHourlyHighStore created = new DynamoDbHourlyHighStore(clients().dynamoDb(), this.names.stateTable(),
					this.retry, this.metrics);
			if (this.createMissing) {
				created.afterPropertiesSet();
			}
			this.store = created;
		}
		return this.store;
	}

	private synchronized Clients clients() {
		if (this.clients == null) {
			this.clients = Clients.create();
		}
		return this.clients;
	}

	/**
	 * One HTTP client for both: a container runs one invocation at a time. The SDK tries
	 * a call at most three times (for DynamoDB it would otherwise retry eight times, for
	 * up to a minute): the patience above bounds the rest.
	 */
	private record Clients(KinesisClient kinesis, DynamoDbClient dynamoDb) {

		static Clients create() {
			SdkHttpClient http = UrlConnectionHttpClient.builder()
				.connectionTimeout(Duration.ofSeconds(2))
				.socketTimeout(Duration.ofSeconds(20))
				.build();
			ClientOverrideConfiguration retries = ClientOverrideConfiguration.builder()
				.retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(3).build())
				.build();
			return new Clients(KinesisClient.builder().httpClient(http).overrideConfiguration(retries).build(),
					DynamoDbClient.builder().httpClient(http).overrideConfiguration(retries).build());
		}

	}

}
