package io.tickstream.stream;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.tickstream.pipeline.StreamNames;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.cloud.stream.binder.Binding;
import org.springframework.cloud.stream.binding.BindingService;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

/**
 * What the stream service's readiness means: the steps' input bindings are bound and
 * consuming, and DynamoDB (state, checkpoints, leases) answers. Kinesis itself is the
 * binder's own indicator ({@code binders}). Liveness does not include them: an outage is
 * waited out in place, and restarting the instance would not end it.
 */
@Configuration(proxyBeanMethods = false)
@Profile("kinesis")
class StreamHealth {

	/** How long a health check waits for DynamoDB before calling it down. */
	static final Duration DYNAMODB_PATIENCE = Duration.ofSeconds(3);

	/** DynamoDB answers for the hourly highs' state table. */
	@Bean
	HealthIndicator dynamoDbHealthIndicator(DynamoDbClient dynamoDb, StreamNames names) {
		return new Remembered(() -> {
			try {
				String status = dynamoDb
					.describeTable((describe) -> describe.tableName(names.stateTable())
						.overrideConfiguration((call) -> call.apiCallTimeout(DYNAMODB_PATIENCE)))
					.table()
					.tableStatusAsString();
				return Health.up().withDetail("table", names.stateTable()).withDetail("tableStatus", status).build();
			}
			catch (ResourceNotFoundException ex) {
				return Health.down()
					.withDetail("table", names.stateTable())
					.withDetail("error", "no such table")
					.build();
			}
			catch (RuntimeException ex) {
				return Health.down()
					.withDetail("table", names.stateTable())
					.withDetail("error", ex.getClass().getSimpleName())
					.build();
			}
		});
	}

	/**
	 * An answer kept for {@link #REMEMBERED}: health is asked without authentication, so
	 * however often it is asked, it asks DynamoDB at most once in that time.
	 */
	static final class Remembered implements HealthIndicator {

		static final Duration REMEMBERED = Duration.ofSeconds(2);

		private final HealthIndicator indicator;

		private Health last;

		private long asked;

		Remembered(HealthIndicator indicator) {
			this.indicator = indicator;
		}

		@Override
		public synchronized Health health() {
			if (this.last == null || System.nanoTime() - this.asked > REMEMBERED.toNanos()) {
				this.last = this.indicator.health();
				this.asked = System.nanoTime();
			}
			return this.last;
		}

	}

	/** Every step this instance runs is bound to its stream and consuming. */
	@Bean
	HealthIndicator streamStepsHealthIndicator(BindingService bindings,
			@Value("${spring.cloud.stream.input-bindings}") String inputBindings) {
		List<String> expected = List.of(inputBindings.split(";"));
		return () -> {
			Map<String, String> states = new LinkedHashMap<>();
			boolean allRunning = true;
			for (String name : expected) {
				List<Binding<?>> bound = bindings.getConsumerBindings(name);
				boolean running = bound != null && !bound.isEmpty() && bound.stream().allMatch(Binding::isRunning);
				states.put(name, (bound == null || bound.isEmpty()) ? "not bound" : running ? "consuming" : "stopped");
				allRunning &= running;
			}
			return (allRunning ? Health.up() : Health.down()).withDetails(states).build();
		};
	}

}
