package io.tickstream.stream;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.awspring.cloud.autoconfigure.AwsClientCustomizer;
import io.awspring.cloud.autoconfigure.core.AwsClientBuilderConfigurer;
import io.awspring.cloud.autoconfigure.dynamodb.DynamoDbProperties;
import io.awspring.cloud.dynamodb.DynamoDbLockRepository;
import io.awspring.cloud.dynamodb.DynamoDbMetadataStore;
import io.awspring.cloud.kinesis.integration.KinesisHeaders;
import io.awspring.cloud.kinesis.stream.binder.config.KinesisProperties;
import io.micrometer.core.instrument.MeterRegistry;
import io.tickstream.function.TickProperties;
import io.tickstream.hourly.HourlyHighStore;
import io.tickstream.metrics.MicrometerPipelineMetrics;
import io.tickstream.metrics.PipelineMetrics;
import io.tickstream.tick.TickIngestion;
import software.amazon.awssdk.http.Protocol;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClientBuilder;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.env.Environment;
import org.springframework.messaging.MessageHandler;
import org.springframework.messaging.SubscribableChannel;

/**
 * The Kinesis surface (profile {@code kinesis}): {@code ticks-raw → ingest → ticks},
 * {@code ticks → hourlyHighUpdates → hourly-highs} and
 * {@code ticks → slidingWindows → window-stats}, bad records to {@code ticks-dlq}.
 * <p>
 * The binder reads each shard in batches ({@code application-kinesis.properties}) and
 * hands each batch to a {@link StreamStage}, which applies the function to every record
 * and writes the results with {@code PutRecords}; the binder checkpoints after the stage
 * returns. Shard locks and checkpoints live in DynamoDB, kept by
 * {@link HeartbeatLockRegistry} and {@link CheckpointStore}.
 */
@Configuration(proxyBeanMethods = false)
@Profile("kinesis")
@EnableConfigurationProperties(KinesisProperties.class)
class StreamConfiguration {

	static final String INGEST_BINDING = "ingestStream";

	static final String HOURLY_HIGH_UPDATES_BINDING = "hourlyHighUpdatesStream";

	static final String SLIDING_WINDOWS_BINDING = "slidingWindowsStream";

	/** Micrometer's meters where a registry exists (the actuator's), else no counts. */
	@Bean
	PipelineMetrics pipelineMetrics(ObjectProvider<MeterRegistry> registry) {
		MeterRegistry meters = registry.getIfAvailable();
		return (meters != null) ? new MicrometerPipelineMetrics(meters, "stream") : PipelineMetrics.NONE;
	}

	@Bean
	TransientRetry transientRetry(@Value("${tickstream.streams.retry-cap:30s}") Duration cap, PipelineMetrics metrics) {
		return new TransientRetry(cap, null, metrics);
	}

	/** A waiting retry gives up as soon as the application begins to stop. */
	@Bean
	ApplicationListener<ContextClosedEvent> stopRetrying(TransientRetry retry) {
		return (event) -> retry.stop();
	}

	@Bean
	StreamStage ingestStage(TickIngestion ingestion, StreamNames names, KinesisPublisher publisher, JsonMapper json,
			TickProperties properties, PipelineMetrics metrics) {
		return StreamSteps.ingest(ingestion, names, publisher, json, properties.maxInputSize().toBytes(), metrics);
	}

	@Bean
	ShardStage hourlyHighUpdatesStage(TickIngestion ingestion, HourlyHighStore store, StreamNames names,
			KinesisPublisher publisher, JsonMapper json, TickProperties properties, PipelineMetrics metrics) {
		return StreamSteps.hourlyHighUpdates(ingestion, store, names, publisher, json,
				properties.maxInputSize().toBytes(), metrics);
	}

	@Bean
	ShardStage slidingWindowsStage(TickIngestion ingestion, DynamoDbWindowStore store, StreamNames names,
			KinesisPublisher publisher, JsonMapper json, TickProperties properties, PipelineMetrics metrics) {
		return StreamSteps.slidingWindows(ingestion, properties.windows(), properties.windowLateness(), store, names,
				publisher, json, properties.maxInputSize().toBytes(), metrics);
	}

	/**
	 * Each stage subscribes to its binding's channel once every bean exists and before
	 * the bindings start consuming. An instance runs the steps whose bindings
	 * {@code spring.cloud.stream.input-bindings} lists: all of them unless set otherwise.
	 */
	@Bean
	SmartInitializingSingleton subscribeStages(ApplicationContext context, StreamStage ingestStage,
			ShardStage hourlyHighUpdatesStage, ShardStage slidingWindowsStage, TransientRetry retry,
			PipelineMetrics metrics, @Value("${spring.cloud.stream.input-bindings}") String inputBindings,
			@Value("${" + KclConfiguration.ENABLED + ":false}") boolean kcl) {
		List<String> bound = List.of(inputBindings.split(";"));
		return () -> Map
			.of(INGEST_BINDING, ingestStage, HOURLY_HIGH_UPDATES_BINDING, hourlyHighUpdatesStage,
					SLIDING_WINDOWS_BINDING, slidingWindowsStage)
			.forEach((binding, stage) -> {
				if (bound.contains(binding)) {
					MessageHandler handler = kcl ? new KclBatchHandler(stage, retry) : stage;
					context.getBean(binding, SubscribableChannel.class).subscribe((message) -> {
						BinderRecords.lastArrival(message)
							.ifPresent((arrival) -> metrics.iteratorAge(
									String.valueOf(message.getHeaders().get(KinesisHeaders.RECEIVED_STREAM)),
									String.valueOf(message.getHeaders().get(KinesisHeaders.SHARD)),
									Duration.between(arrival, Instant.now())));
						handler.handleMessage(message);
					});
				}
			});
	}

	@Bean
	StreamNames streamNames(Environment environment) {
		return StreamNames.of(environment);
	}

	@Bean
	KinesisPublisher kinesisPublisher(KinesisClient kinesis, TransientRetry retry,
			@Value("${tickstream.streams.create-missing}") boolean createMissing) {
		return new KinesisPublisher(kinesis, retry, createMissing);
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

	/** Whatever escapes a stage is a bug: logged, and the batch is delivered again. */
	@Bean
	RedeliverOnError redeliverOnError() {
		return new RedeliverOnError();
	}

	@Bean
	DynamoDbHourlyHighStore dynamoDbHourlyHighStore(DynamoDbClient dynamoDb, TransientRetry retry, StreamNames names,
			PipelineMetrics metrics) {
		return new DynamoDbHourlyHighStore(dynamoDb, names.stateTable(), retry, metrics);
	}

	/** The sliding windows' state; the table is created where it does not exist. */
	@Bean
	DynamoDbWindowStore dynamoDbWindowStore(DynamoDbClient dynamoDb, TransientRetry retry, StreamNames names,
			@Value("${tickstream.streams.create-missing}") boolean createMissing) {
		DynamoDbWindowStore store = new DynamoDbWindowStore(dynamoDb, names.windowTable(), retry);
		if (createMissing) {
			store.createIfMissing();
		}
		return store;
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

	/** One asynchronous DynamoDB client for the binder's checkpoints and shard locks. */
	@Bean
	DynamoDbAsyncClient dynamoDbAsyncClient(AwsClientBuilderConfigurer configurer, DynamoDbProperties properties) {
		return configurer.configureAsyncClient(DynamoDbAsyncClient.builder(), properties, null, null, null).build();
	}

	/** The binder's checkpoints, waiting out DynamoDB outages in place. */
	@Bean
	@ConditionalOnProperty(name = KclConfiguration.ENABLED, havingValue = "false", matchIfMissing = true)
	CheckpointStore checkpointStore(DynamoDbAsyncClient dynamoDb, TransientRetry retry,
			@Value("${spring.cloud.stream.kinesis.binder.checkpoint.table:" + DynamoDbMetadataStore.DEFAULT_TABLE_NAME
					+ "}") String table) {
		return new CheckpointStore(new DynamoDbMetadataStore(dynamoDb, table), retry);
	}

	@Bean
	@ConditionalOnProperty(name = KclConfiguration.ENABLED, havingValue = "false", matchIfMissing = true)
	DynamoDbLockRepository shardLockRepository(DynamoDbAsyncClient dynamoDb,
			@Value("${spring.cloud.stream.kinesis.binder.locks.table:" + DynamoDbLockRepository.DEFAULT_TABLE_NAME
					+ "}") String table) {
		return new DynamoDbLockRepository(dynamoDb, table);
	}

	/**
	 * The binder's shard locks, renewed in the background rather than between batches.
	 */
	@Bean
	@ConditionalOnProperty(name = KclConfiguration.ENABLED, havingValue = "false", matchIfMissing = true)
	HeartbeatLockRegistry shardLocks(DynamoDbLockRepository repository,
			@Value("${spring.cloud.stream.kinesis.binder.locks.lease-duration:60s}") Duration lease,
			@Value("${spring.cloud.stream.kinesis.binder.locks.refresh-period:1s}") Duration retryInterval) {
		return new HeartbeatLockRegistry(repository, lease, retryInterval);
	}

	/**
	 * HTTP/1.1 for Kinesis: the SDK's async client defaults to HTTP/2, which kinesis-mock
	 * serves several times slower.
	 */
	@Bean
	@ConditionalOnProperty(name = "tickstream.stream.kinesis-http1", havingValue = "true")
	AwsClientCustomizer<KinesisAsyncClientBuilder> kinesisOverHttp1() {
		return (builder) -> builder.httpClientBuilder(NettyNioAsyncHttpClient.builder().protocol(Protocol.HTTP1_1));
	}

}
