package io.tickstream.lambda;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import io.tickstream.metrics.PipelineMetrics;
import io.tickstream.pipeline.Pipeline;
import io.tickstream.pipeline.PipelineSettings;
import io.tickstream.pipeline.ShardBatch;
import io.tickstream.pipeline.TransientRetry;
import io.tickstream.pipeline.WindowStage;
import io.tickstream.tick.TickIngestion;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * A Kinesis event source mapping's batches, processed by the step's stage of the same
 * {@link Pipeline} as the binder's. A passing failure (throttling, 5xx, unreachable) that
 * outlasts the retries stops the batch at that record, which is reported in
 * {@code batchItemFailures}: Lambda delivers it and those after it again, so a shard's
 * order holds. When the results of the records before it cannot be written, the first
 * record of the batch is reported. A bug fails the invocation.
 * <p>
 * The AWS clients are built on the first Kinesis batch and kept for the container's life,
 * so that a function that only answers HTTP never pays for them. They use the SDK's light
 * blocking HTTP client (no Netty) and take region, credentials and endpoints from the
 * SDK's standard settings: Lambda's own variables, or {@code AWS_ENDPOINT_URL_KINESIS}
 * and {@code AWS_ENDPOINT_URL_DYNAMODB} for the local emulators.
 */
class KinesisBatches {

	private static final Log logger = LogFactory.getLog(KinesisBatches.class);

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
	KinesisBatches(PipelineSettings settings, TickIngestion ingestion, JsonMapper json, Duration patience,
			PipelineMetrics metrics) {
		this.settings = settings;
		this.ingestion = ingestion;
		this.json = json;
		this.retry = new TransientRetry(Duration.ofSeconds(1), patience, metrics);
		this.metrics = metrics;
	}

	/** What reads only Kinesis batches: it changes state, so it answers no request. */
	static boolean readsOnlyStreams(String function) {
		return Pipeline.HOURLY_HIGH_UPDATES.equals(function);
	}

	StreamsEventResponse process(ShardBatch batch, String step) {
		Optional<ShardBatch.Record> stopped;
		try {
			stopped = pipeline().stage(step).process(batch);
		}
		catch (RuntimeException ex) {
			if (!TransientRetry.isTransient(ex)) {
				logger.error("Failed to process a batch of " + batch.records().size() + " records of " + batch.stream()
						+ "/" + batch.shard() + " with " + step, ex);
				throw ex;
			}
			stopped = Optional.of(batch.records().get(0));
		}
		if (stopped.isEmpty()) {
			return new StreamsEventResponse(List.of());
		}
		String sequenceNumber = stopped.get().origin().sequenceNumber();
		logger.warn(step + ": a passing failure stopped the batch of " + batch.stream() + "/" + batch.shard()
				+ " at sequence number " + sequenceNumber + "; Lambda delivers it again from there");
		return new StreamsEventResponse(List.of(new StreamsEventResponse.BatchItemFailure(sequenceNumber)));
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
		pipeline().stage(function);
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
