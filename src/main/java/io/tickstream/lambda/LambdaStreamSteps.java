package io.tickstream.lambda;

import java.time.Duration;
import java.util.Set;

import io.tickstream.metrics.PipelineMetrics;
import io.tickstream.pipeline.Pipeline;
import io.tickstream.pipeline.PipelineSettings;
import io.tickstream.pipeline.ShardStage;
import io.tickstream.pipeline.TransientRetry;
import io.tickstream.pipeline.WindowStage;
import io.tickstream.tick.TickIngestion;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * The pipeline's steps as Lambda runs them behind Kinesis event source mappings: the same
 * {@link Pipeline} as the binder's.
 * <p>
 * The AWS clients are built on the first Kinesis batch and kept for the container's life,
 * so that a function that only answers HTTP never pays for them. They use the SDK's light
 * blocking HTTP client (no Netty) and take region, credentials and endpoints from the
 * SDK's standard settings: Lambda's own variables, or {@code AWS_ENDPOINT_URL_KINESIS}
 * and {@code AWS_ENDPOINT_URL_DYNAMODB} for the local emulators.
 */
class LambdaStreamSteps {

	/** What reads only Kinesis batches: it changes state, so it answers no request. */
	private static final Set<String> STREAM_ONLY = Set.of(Pipeline.HOURLY_HIGH_UPDATES);

	private final PipelineSettings settings;

	private final TickIngestion ingestion;

	private final JsonMapper json;

	private final PipelineMetrics metrics;

	private final TransientRetry retry;

	private Pipeline pipeline;

	/**
	 * @param patience how long a passing failure is retried in place before the record
	 * goes back to the event source mapping
	 * @param metrics what the steps count
	 */
	LambdaStreamSteps(PipelineSettings settings, TickIngestion ingestion, JsonMapper json, Duration patience,
			PipelineMetrics metrics) {
		this.settings = settings;
		this.ingestion = ingestion;
		this.json = json;
		this.retry = new TransientRetry(Duration.ofSeconds(1), patience, metrics);
		this.metrics = metrics;
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
		return pipeline().stage(function);
	}

	/**
	 * Builds a step's stage and its AWS clients ahead of its first batch, where that
	 * makes no call to AWS: only when the deployment creates the streams and tables (the
	 * stage would otherwise look for them).
	 * @return whether it was built
	 */
	boolean prepare(String function) {
		if (!Pipeline.isStep(function) || this.settings.createMissing()) {
			return false;
		}
		stage(function);
		return true;
	}

	/** The stage of {@code slidingWindows}, built on first use. */
	WindowStage windows() {
		return pipeline().windows();
	}

	private synchronized Pipeline pipeline() {
		if (this.pipeline == null) {
			Clients aws = Clients.create();
			this.pipeline = new Pipeline(this.settings, aws.kinesis(), aws.dynamoDb(), this.retry, this.ingestion,
					this.json, this.metrics);
		}
		return this.pipeline;
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
