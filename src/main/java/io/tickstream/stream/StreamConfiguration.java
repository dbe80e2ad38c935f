package io.tickstream.stream;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Function;

import io.tickstream.hourly.HourlyHighStore;
import io.tickstream.hourly.HourlyHighUpdate;
import io.tickstream.hourly.InMemoryHourlyHighStore;
import io.tickstream.tick.IngestResult;
import io.tickstream.tick.InvalidTickException;
import io.tickstream.tick.Tick;
import io.tickstream.tick.TickIngestion;
import software.amazon.awssdk.http.Protocol;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClientBuilder;
import tools.jackson.databind.json.JsonMapper;

import io.awspring.cloud.autoconfigure.AwsClientCustomizer;
import io.awspring.cloud.autoconfigure.core.AwsClientBuilderConfigurer;
import io.awspring.cloud.autoconfigure.dynamodb.DynamoDbProperties;
import io.awspring.cloud.dynamodb.DynamoDbLockRepository;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

/**
 * The Kinesis surface (profile {@code kinesis}): {@code ticks-raw → ingest → ticks} and
 * {@code ticks → hourlyHighUpdates → hourly-highs}, bad records to {@code ticks-dlq}. The
 * bindings themselves are in {@code application-kinesis.properties}.
 */
@Configuration(proxyBeanMethods = false)
@Profile("kinesis")
class StreamConfiguration {

	/**
	 * Composed after {@code ingest} on the stream: a Kinesis record is one price record,
	 * so a record that holds a batch is refused (and dead-lettered) rather than passed on
	 * as a report.
	 */
	@Bean
	Function<IngestResult, Tick> singleRecord() {
		return StreamConfiguration::oneRecord;
	}

	/** The hourly high of each record's hour, published when the record changes it. */
	@Bean
	Function<byte[], HourlyHighUpdate> hourlyHighUpdates(TickIngestion ingestion, HourlyHighStore store) {
		return (input) -> store.offer(oneRecord(ingestion.ingest(new String(input, StandardCharsets.UTF_8))))
			.orElse(null); // no change: nothing to publish
	}

	private static Tick oneRecord(IngestResult result) {
		if (result instanceof Tick tick) {
			return tick;
		}
		throw new InvalidTickException("a stream record must hold one JSON object, not an array or several lines");
	}

	@Bean
	DeadLetters deadLetters(StreamBridge streamBridge, JsonMapper json) {
		return new DeadLetters(streamBridge, json);
	}

	@Bean
	@ConditionalOnProperty(name = "tickstream.stream.state", havingValue = "dynamodb", matchIfMissing = true)
	HourlyHighStore dynamoDbHourlyHighStore(DynamoDbClient dynamoDb,
			@Value("${tickstream.stream.state-table:tickstream-hourly-highs}") String table) {
		return new DynamoDbHourlyHighStore(dynamoDb, table);
	}

	@Bean
	@ConditionalOnProperty(name = "tickstream.stream.state", havingValue = "memory")
	HourlyHighStore inMemoryHourlyHighStore() {
		return new InMemoryHourlyHighStore();
	}

	/**
	 * One asynchronous DynamoDB client for the binder's checkpoints and shard locks,
	 * configured like every other AWS client (the binder uses this one when it exists).
	 */
	@Bean
	DynamoDbAsyncClient dynamoDbAsyncClient(AwsClientBuilderConfigurer configurer, DynamoDbProperties properties) {
		return configurer.configureAsyncClient(DynamoDbAsyncClient.builder(), properties, null, null, null).build();
	}

	@Bean
	DynamoDbLockRepository shardLockRepository(DynamoDbAsyncClient dynamoDb,
			@Value("${spring.cloud.stream.kinesis.binder.locks.table:" + DynamoDbLockRepository.DEFAULT_TABLE_NAME
					+ "}") String table) {
		return new DynamoDbLockRepository(dynamoDb, table);
	}

	/**
	 * The binder's shard locks, renewed in the background rather than between batches.
	 */
	@Bean
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
