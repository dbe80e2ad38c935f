package io.tickstream.lambda;

import java.util.HashSet;
import java.util.Set;

import org.springframework.beans.factory.BeanClassLoaderAware;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurationImportFilter;
import org.springframework.boot.autoconfigure.AutoConfigurationMetadata;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;

/**
 * Inside Lambda (whose runtime always sets {@code LAMBDA_TASK_ROOT}), of the
 * auto-configurations only those the Lambda surface uses are considered. Every other one
 * that the {@code -aws} jar carries would be read and have its conditions evaluated at
 * each cold start for nothing: leaving them out takes about a tenth off it
 * (docs/performance.md). Any other class the filter is asked about (the application's
 * own, the nested configurations of those used) passes; elsewhere (the web server, the
 * stream service, tests in one JVM) everything does.
 */
public class LambdaAutoConfigurations implements AutoConfigurationImportFilter, EnvironmentAware, BeanClassLoaderAware {

	/** What the functions, their JSON and Lambda's event conversions need. */
	static final Set<String> USED = Set.of(
			"org.springframework.boot.autoconfigure.context.PropertyPlaceholderAutoConfiguration",
			"org.springframework.boot.autoconfigure.context.ConfigurationPropertiesAutoConfiguration",
			"org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration",
			"org.springframework.cloud.function.context.config.ContextFunctionCatalogAutoConfiguration",
			"org.springframework.cloud.function.adapter.aws.AWSCompanionAutoConfiguration");

	private boolean insideLambda;

	private Set<String> unused = Set.of();

	@Override
	public void setEnvironment(Environment environment) {
		this.insideLambda = environment.containsProperty("LAMBDA_TASK_ROOT");
	}

	@Override
	public void setBeanClassLoader(ClassLoader classLoader) {
		Set<String> all = new HashSet<>();
		ImportCandidates.load(AutoConfiguration.class, classLoader).forEach(all::add);
		all.removeAll(USED);
		this.unused = all;
	}

	@Override
	public boolean[] match(String[] classNames, AutoConfigurationMetadata metadata) {
		boolean[] match = new boolean[classNames.length];
		for (int i = 0; i < match.length; i++) {
			match[i] = !this.insideLambda || !this.unused.contains(classNames[i]);
		}
		return match;
	}

}
