package io.tickstream.stream;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.awspring.cloud.autoconfigure.AwsClientCustomizer;
import io.awspring.cloud.autoconfigure.core.AwsClientBuilderConfigurer;
import io.awspring.cloud.autoconfigure.dynamodb.DynamoDbProperties;
import io.awspring.cloud.autoconfigure.metrics.CloudWatchProperties;
import io.awspring.cloud.kinesis.integration.CheckpointMode;
import io.awspring.cloud.kinesis.integration.KclMessageDrivenChannelAdapter;
import io.awspring.cloud.kinesis.stream.binder.config.KinesisProperties;
import io.micrometer.core.instrument.MeterRegistry;
import io.tickstream.function.RecordProperties;
import io.tickstream.function.WindowProperties;
import io.tickstream.metrics.MicrometerPipelineMetrics;
import io.tickstream.metrics.PipelineMetrics;
import io.tickstream.pipeline.DynamoDbHourlyHighStore;
import io.tickstream.pipeline.Pipeline;
import io.tickstream.pipeline.PipelineSettings;
import io.tickstream.pipeline.StreamNames;
import io.tickstream.pipeline.StreamProperties;
import io.tickstream.pipeline.TransientRetry;
import io.tickstream.tick.TickIngestion;
import software.amazon.awssdk.http.Protocol;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClientBuilder;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.stream.config.ConsumerEndpointCustomizer;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.messaging.SubscribableChannel;

/**
 * The Kinesis surface (profile {@code kinesis}): {@code ticks-raw → ingest → ticks},
 * {@code ticks → hourlyHighUpdates → hourly-highs} and
 * {@code ticks → slidingWindows → window-stats}, bad records to {@code ticks-dlq}.
 * <p>
 * The binder consumes through the KCL, which shares a group's shards among its instances
 * by their load (leases in DynamoDB), and hands each shard's batches
 * ({@code application-kinesis.properties}) to a {@link KclBatchHandler}: the stage
 * applies the function to every record and writes the results with {@code PutRecords},
 * and the handler checkpoints after that. The KPL, the binder's producer in this mode, is
 * never started.
 */
@Configuration(proxyBeanMethods = false)
@Profile("kinesis")
@EnableConfigurationProperties({ KinesisProperties.class, CloudWatchProperties.class })
class StreamConfiguration {

	/** Each input binding and the step of the pipeline it feeds. */
	private static final Map<String, String> STEPS = Map.of("ingestStream", Pipeline.INGEST, "hourlyHighUpdatesStream",
			Pipeline.HOURLY_HIGH_UPDATES, "slidingWindowsStream", Pipeline.SLIDING_WINDOWS);

	/** Micrometer's meters where a registry exists (the actuator's), else no counts. */
	@Bean
	PipelineMetrics pipelineMetrics(ObjectProvider<MeterRegistry> registry) {
		MeterRegistry meters = registry.getIfAvailable();
		return (meters != null) ? new MicrometerPipelineMetrics(meters, "stream") : PipelineMetrics.NONE;
	}

	@Bean
	TransientRetry transientRetry(StreamProperties streams, PipelineMetrics metrics) {
		return new TransientRetry(streams.retryCap(), null, metrics);
	}

	/** A waiting retry gives up as soon as the application begins to stop. */
	@Bean
	ApplicationListener<ContextClosedEvent> stopRetrying(TransientRetry retry) {
		return (event) -> retry.stop();
	}

	@Bean
	Pipeline pipeline(KinesisClient kinesis, DynamoDbClient dynamoDb, TransientRetry retry, TickIngestion ingestion,
			JsonMapper json, RecordProperties records, WindowProperties windows, StreamProperties streams,
			PipelineMetrics metrics) {
		return new Pipeline(PipelineSettings.of(records, windows, streams), kinesis, dynamoDb, retry, ingestion, json,
				metrics);
	}

	/** The hourly highs the stage keeps, which the live page reads too. */
	@Bean
	DynamoDbHourlyHighStore hourlyHighStore(Pipeline pipeline) {
		return pipeline.hourlyHighs();
	}

	/**
	 * Each stage subscribes to its binding's channel once every bean exists and before
	 * the bindings start consuming. An instance runs the steps whose bindings
	 * {@code spring.cloud.stream.input-bindings} lists: all of them unless set otherwise.
	 */
	@Bean
	SmartInitializingSingleton subscribeStages(ApplicationContext context, Pipeline pipeline, TransientRetry retry,
			PipelineMetrics metrics, @Value("${spring.cloud.stream.input-bindings}") String inputBindings) {
		List<String> bound = bindings(inputBindings);
		return () -> STEPS.forEach((binding, step) -> {
			if (bound.contains(binding)) {
				context.getBean(binding, SubscribableChannel.class)
					.subscribe(new KclBatchHandler(pipeline.stage(step), retry, metrics));
			}
		});
	}

	/**
	 * Where this instance runs {@code slidingWindows}, it also publishes the windows of
	 * companies gone quiet.
	 */
	@Bean
	QuietCompanies quietCompanies(Pipeline pipeline, WindowProperties windows,
			@Value("${spring.cloud.stream.input-bindings}") String inputBindings) {
		boolean runsWindows = bindings(inputBindings).contains("slidingWindowsStream");
		return runsWindows ? new QuietCompanies(pipeline.windows(), windows.windowIdle()) : null;
	}

	/**
	 * The input bindings an instance runs: {@code spring.cloud.stream.input-bindings}.
	 */
	private static List<String> bindings(String inputBindings) {
		return List.of(inputBindings.split(";"));
	}

	/**
	 * Each binding its own KCL application ({@code group-stream}): the KCL keeps an
	 * application's leases, leader and worker metrics in tables named after it, so two
	 * bindings of one group would otherwise share leases named after shards of two
	 * streams.
	 * <p>
	 * The lease ({@code tickstream.streams.lease}) is how long a silent worker keeps its
	 * leases (the KCL's failover time) and its leadership. Only the leader hands a dead
	 * worker's leases to the others, and it sees a lease expire between two of its looks:
	 * it looks every half lease, not every two leases as the KCL would. Where
	 * {@code create-missing} is on, the KCL's tables are created here (as the KCL would,
	 * but ready before it looks).
	 */
	@Bean
	ConsumerEndpointCustomizer<KclMessageDrivenChannelAdapter> kclConsumers(StreamProperties streams,
			DynamoDbClient dynamoDb) {
		Duration lease = streams.lease();
		return (adapter, stream, group) -> {
			String application = group + "-" + stream;
			if (streams.createMissing()) {
				KclTables.createIfMissing(dynamoDb, application);
			}
			adapter.setConsumerGroup(application);
			adapter.setCheckpointMode(CheckpointMode.manual);
			// a consumer whose start meets a DynamoDB or Kinesis outage keeps trying: the
			// KCL would give up after 20 attempts (about 20 s) and never consume again
			adapter.setCoordinatorConfigCustomizer((config) -> config.maxInitializationAttempts(Integer.MAX_VALUE));
			adapter.setLeaseManagementConfigCustomizer((config) -> {
				// balanced by throughput, not CPU: finding the CPU's range asks
				// the EC2 metadata service, and warns where there is none. A
				// worker reports every quarter lease: the leader knows new ones
				// soon and counts a dead one out after half a lease
				config.workerUtilizationAwareAssignmentConfig()
					.disableWorkerMetrics(true)
					.workerMetricsReporterFreqInMillis(lease.toMillis() / 4);
				config.failoverTimeMillis(lease.toMillis())
					.dynamoDbLockBasedLeaderLeaseDurationInMillis(lease.toMillis())
					.dynamoDbLockBasedLeaderHeartbeatPeriodInMillis(lease.toMillis() / 3)
					.leaseAssignmentIntervalMillis(lease.toMillis() / 2)
					.shardSyncIntervalMillis(streams.shardSyncInterval().toMillis());
			});
		};
	}

	@Bean
	StreamNames streamNames(StreamProperties streams) {
		return streams.names();
	}

	/**
	 * The stages' producer: a blocking client, as on Lambda. It waits up to two minutes
	 * for an answer: a put whose answer times out may still have gone through, and
	 * putting it again would repeat its records, so a slow (busy) Kinesis is waited for;
	 * an unreachable one fails at once and is retried.
	 */
	@Bean
	KinesisClient kinesisClient(AwsClientBuilderConfigurer configurer, KinesisProperties properties) {
		return configurer.configureSyncClient(KinesisClient.builder(), properties, null, null, null)
			.httpClient(UrlConnectionHttpClient.builder()
				.connectionTimeout(Duration.ofSeconds(5))
				.socketTimeout(Duration.ofMinutes(2))
				.build())
			.build();
	}

	/**
	 * The binder's Kinesis client for its consumers, configured like every other AWS
	 * client (the binder uses this one when it exists).
	 */
	@Bean
	KinesisAsyncClient kinesisAsyncClient(AwsClientBuilderConfigurer configurer, KinesisProperties properties,
			ObjectProvider<AwsClientCustomizer<KinesisAsyncClientBuilder>> customizers) {
		return configurer
			.configureAsyncClient(KinesisAsyncClient.builder(), properties, null, customizers.orderedStream(), null)
			.build();
	}

	/** One asynchronous DynamoDB client for the KCL's leases and checkpoints. */
	@Bean
	DynamoDbAsyncClient dynamoDbAsyncClient(AwsClientBuilderConfigurer configurer, DynamoDbProperties properties) {
		return configurer.configureAsyncClient(DynamoDbAsyncClient.builder(), properties, null, null, null).build();
	}

	/**
	 * The KCL's CloudWatch client, configured by {@code spring.cloud.aws.cloudwatch.*} as
	 * the binder would. The binder (4.0.0) cannot build its own: it hands a missing
	 * customizer on as {@code null} (awspring/spring-cloud-aws#1651).
	 */
	@Bean
	CloudWatchAsyncClient cloudWatchAsyncClient(AwsClientBuilderConfigurer configurer,
			CloudWatchProperties properties) {
		return configurer.configureAsyncClient(CloudWatchAsyncClient.builder(), properties, null, null, null).build();
	}

	/**
	 * HTTP/1.1 for Kinesis where {@code tickstream.streams.kinesis-http1} asks for it:
	 * the SDK's async client defaults to HTTP/2, which kinesis-mock serves several times
	 * slower.
	 */
	@Bean
	AwsClientCustomizer<KinesisAsyncClientBuilder> kinesisOverHttp1(StreamProperties streams) {
		return (builder) -> {
			if (streams.kinesisHttp1()) {
				builder.httpClientBuilder(NettyNioAsyncHttpClient.builder().protocol(Protocol.HTTP1_1));
			}
		};
	}

}
