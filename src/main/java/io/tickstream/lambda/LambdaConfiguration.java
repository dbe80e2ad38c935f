package io.tickstream.lambda;

import io.tickstream.function.TickProperties;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnNotWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.cloud.function.adapter.aws.FunctionInvoker;
import org.springframework.cloud.function.context.FunctionCatalog;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
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
	LambdaFunctionAdapter lambdaFunctionAdapter(JsonMapper json, TickProperties properties) {
		return new LambdaFunctionAdapter(json, properties.maxInputSize().toBytes());
	}

	/** Only inside Lambda, whose runtime always sets {@code LAMBDA_TASK_ROOT}. */
	@Bean
	@ConditionalOnProperty("LAMBDA_TASK_ROOT")
	FunctionDefinitionCheck functionDefinitionCheck(FunctionCatalog catalog, Environment environment) {
		return new FunctionDefinitionCheck(catalog, environment);
	}

}
