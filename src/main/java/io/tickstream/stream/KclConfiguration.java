package io.tickstream.stream;

import java.time.Duration;

import io.awspring.cloud.autoconfigure.core.AwsClientBuilderConfigurer;
import io.awspring.cloud.autoconfigure.metrics.CloudWatchProperties;
import io.awspring.cloud.kinesis.integration.CheckpointMode;
import io.awspring.cloud.kinesis.integration.KclMessageDrivenChannelAdapter;
import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.stream.config.ConsumerEndpointCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

/**
 * The stream service consuming through the KCL
 * ({@code spring.cloud.stream.kinesis.binder.kpl-kcl-enabled=true}): the KCL spreads a
 * group's shards over its instances by their load (leases in DynamoDB) rather than
 * letting the first instance lock every shard. Each stage writes its results itself, so
 * the KPL (the binder's producer in this mode) is never started.
 */
@Configuration(proxyBeanMethods = false)
@Profile("kinesis")
@ConditionalOnProperty(name = KclConfiguration.ENABLED, havingValue = "true")
@EnableConfigurationProperties(CloudWatchProperties.class)
class KclConfiguration {

	static final String ENABLED = "spring.cloud.stream.kinesis.binder.kpl-kcl-enabled";

	/**
	 * The KCL's CloudWatch client, configured by {@code spring.cloud.aws.cloudwatch.*} as
	 * the binder would. The binder (4.0.0) cannot build its own: it hands a missing
	 * customizer on as {@code null}.
	 */
	@Bean
	CloudWatchAsyncClient cloudWatchAsyncClient(AwsClientBuilderConfigurer configurer,
			CloudWatchProperties properties) {
		return configurer.configureAsyncClient(CloudWatchAsyncClient.builder(), properties, null, null, null).build();
	}

	/**
	 * Each binding its own KCL application ({@code group-stream}): the KCL keeps an
	 * application's leases, leader and worker metrics in tables named after it, so two
	 * bindings of one group would otherwise share leases named after shards of two
	 * streams.
	 * @param lease how long a silent worker keeps its leases (the KCL's failover time)
	 * @param shardSync how often the leader looks for new shards (and how long the first
	 * sync waits)
	 * @param createMissing whether the KCL's tables are created here where they do not
	 * exist (as the KCL would, but ready before it looks)
	 */
	@Bean
	ConsumerEndpointCustomizer<KclMessageDrivenChannelAdapter> kclConsumers(
			@Value("${tickstream.streams.lease:20s}") Duration lease,
			@Value("${tickstream.streams.kcl.shard-sync-interval:60s}") Duration shardSync,
			@Value("${tickstream.streams.worker-id:}") String workerId,
			@Value("${tickstream.streams.create-missing}") boolean createMissing, DynamoDbClient dynamoDb) {
		return (adapter, stream, group) -> {
			String application = group + "-" + stream;
			if (createMissing) {
				DynamoDbTables.createKclTablesIfMissing(dynamoDb, application);
			}
			adapter.setConsumerGroup(application);
			adapter.setCheckpointMode(CheckpointMode.manual);
			if (!workerId.isBlank()) {
				adapter.setWorkerId(workerId);
			}
			adapter.setLeaseManagementConfigCustomizer((config) -> config.failoverTimeMillis(lease.toMillis())
				.shardSyncIntervalMillis(shardSync.toMillis()));
		};
	}

}
