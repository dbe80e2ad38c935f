package io.tickstream.lambda;

import org.junit.jupiter.api.Test;

import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

class LambdaAutoConfigurationsTests {

	private static final String TASK_EXECUTION = "org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration";

	private static final String FUNCTION_CATALOG = "org.springframework.cloud.function.context.config.ContextFunctionCatalogAutoConfiguration";

	@Test
	void insideLambdaLeavesOutTheAutoConfigurationsItsFunctionsDoNotUse() {
		boolean[] match = filter(new MockEnvironment().withProperty("LAMBDA_TASK_ROOT", "/var/task"))
			.match(new String[] { TASK_EXECUTION, FUNCTION_CATALOG, FUNCTION_CATALOG + "$JsonMapperConfiguration",
					"io.tickstream.TickstreamApplication" }, null);

		assertThat(match).containsExactly(false, true, true, true);
	}

	@Test
	void elsewhereLeavesOutNothing() {
		boolean[] match = filter(new MockEnvironment()).match(new String[] { TASK_EXECUTION, FUNCTION_CATALOG }, null);

		assertThat(match).containsExactly(true, true);
	}

	@Test
	void everyAutoConfigurationItKeepsExists() {
		assertThat(LambdaAutoConfigurations.USED).allSatisfy((name) -> Class.forName(name));
	}

	private static LambdaAutoConfigurations filter(MockEnvironment environment) {
		LambdaAutoConfigurations filter = new LambdaAutoConfigurations();
		filter.setBeanClassLoader(LambdaAutoConfigurationsTests.class.getClassLoader());
		filter.setEnvironment(environment);
		return filter;
	}

}
