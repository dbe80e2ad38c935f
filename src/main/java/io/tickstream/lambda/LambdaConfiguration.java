package io.tickstream.lambda;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

import io.tickstream.function.TickProperties;
import io.tickstream.stream.StreamFunctions;
import io.tickstream.stream.StreamNames;
import io.tickstream.tick.TickIngestion;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnNotWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.cloud.function.adapter.aws.FunctionInvoker;
import org.springframework.cloud.function.context.FunctionCatalog;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.core.env.Environment;

/**
 * The Lambda surface: active where {@code FunctionInvoker} starts the application (it
 * always starts it without a web server).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(FunctionInvoker.class)
@ConditionalOnNotWebApplication
class LambdaConfiguration {

	@Bean
	LambdaFunctionAdapter lambdaFunctionAdapter(JsonMapper json, TickProperties properties,
			LambdaStreamSteps streamSteps, EmbeddedMetrics metrics) {
		return new LambdaFunctionAdapter(json, properties.maxInputSize().toBytes(), streamSteps, metrics);
	}

	/**
	 * The steps' counts as CloudWatch embedded metric format lines on standard output.
	 */
	@Bean
	EmbeddedMetrics embeddedMetrics(JsonMapper json) {
		return new EmbeddedMetrics(json, System.out::println, Clock.systemUTC());
	}

	/**
	 * The pipeline's steps behind Kinesis event source mappings. (The {@code kinesis}
	 * profile runs them on the binder instead.)
	 */
	@Bean
	LambdaStreamSteps lambdaStreamSteps(TickIngestion ingestion, JsonMapper json, Environment environment,
			TickProperties properties, @Value("${tickstream.lambda.retry-patience}") Duration patience,
			@Value("${tickstream.streams.create-missing}") boolean createMissing, EmbeddedMetrics metrics) {
		return new LambdaStreamSteps(ingestion, StreamNames.of(environment), json, properties, patience, createMissing,
				metrics);
	}

	/**
	 * The second step of the pipeline, {@code ticks → hourly-highs}: the hourly high of a
	 * record's hour when the record raises it. It changes state, so it is served only to
	 * Kinesis event source mappings, never over HTTP.
	 */
	@Bean
	@Profile("!kinesis")
	Function<byte[], Optional<?>> hourlyHighUpdates(TickIngestion ingestion, LambdaStreamSteps steps) {
		return StreamFunctions.hourlyHighUpdates(ingestion, (tick) -> steps.store().offer(tick));
	}

	/**
	 * SnapStart's priming hook, only inside Lambda; Lambda calls it before it takes a
	 * snapshot.
	 */
	@Bean
	@ConditionalOnProperty({ "LAMBDA_TASK_ROOT", "spring.cloud.function.definition" })
	@ConditionalOnProperty(name = "tickstream.lambda.snapstart-priming", havingValue = "true", matchIfMissing = true)
	SnapStartPriming snapStartPriming(FunctionCatalog catalog, Environment environment, JsonMapper json,
			LambdaStreamSteps streamSteps) {
		SnapStartPriming priming = new SnapStartPriming(catalog,
				environment.getRequiredProperty("spring.cloud.function.definition"), json, streamSteps);
		priming.register();
		return priming;
	}

	/** Only inside Lambda, whose runtime always sets {@code LAMBDA_TASK_ROOT}. */
	@Bean
	@ConditionalOnProperty("LAMBDA_TASK_ROOT")
	FunctionDefinitionCheck functionDefinitionCheck(FunctionCatalog catalog, Environment environment) {
		return new FunctionDefinitionCheck(catalog, environment);
	}

}
