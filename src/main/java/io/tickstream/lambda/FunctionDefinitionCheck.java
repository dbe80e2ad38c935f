package io.tickstream.lambda;

import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.cloud.function.context.FunctionCatalog;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * Fails the start of a Lambda function whose {@code SPRING_CLOUD_FUNCTION_DEFINITION}
 * names no function. Without it a typo is found only by the first invocation; with it
 * Lambda reports an init error at deployment, naming the functions there are.
 */
class FunctionDefinitionCheck implements SmartInitializingSingleton {

	private final FunctionCatalog catalog;

	private final Environment environment;

	FunctionDefinitionCheck(FunctionCatalog catalog, Environment environment) {
		this.catalog = catalog;
		this.environment = environment;
	}

	@Override
	public void afterSingletonsInstantiated() {
		String definition = this.environment.getProperty("spring.cloud.function.definition");
		if (!StringUtils.hasText(definition)) {
			throw new IllegalStateException(
					"SPRING_CLOUD_FUNCTION_DEFINITION is not set; set it to one of " + functionNames());
		}
		if (this.catalog.lookup(definition) == null) {
			throw new IllegalStateException("SPRING_CLOUD_FUNCTION_DEFINITION '" + definition
					+ "' names no function; set it to one of " + functionNames());
		}
	}

	private Set<String> functionNames() {
		return new TreeSet<>(this.catalog.getNames(Function.class));
	}

}
