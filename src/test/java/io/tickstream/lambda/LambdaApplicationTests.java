package io.tickstream.lambda;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

import io.tickstream.function.TickFunctions;
import io.tickstream.pipeline.Pipeline;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.cloud.function.context.FunctionCatalog;
import org.springframework.cloud.function.context.FunctionalSpringApplication;
import org.springframework.cloud.function.context.catalog.SimpleFunctionRegistry.FunctionInvocationWrapper;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.ResolvableType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Lambda surface registers its functions by hand: the same names and types as the
 * beans the other surfaces serve.
 */
class LambdaApplicationTests {

	@Test
	void servesEveryFunctionOfTheOtherSurfacesWithItsTypes() {
		Map<String, String> declared = new TreeMap<>();
		for (Method method : TickFunctions.class.getDeclaredMethods()) {
			if (method.isAnnotationPresent(Bean.class) && Function.class.isAssignableFrom(method.getReturnType())) {
				ResolvableType type = ResolvableType.forMethodReturnType(method);
				declared.put(method.getName(), type.getGeneric(0) + " -> " + type.getGeneric(1));
			}
		}
		assertThat(declared).as("the functions TickFunctions declares").isNotEmpty();

		try (ConfigurableApplicationContext context = FunctionalSpringApplication
			// as FunctionInvoker starts it
			.run(new Class<?>[] { LambdaApplication.class },
					new String[] { "--spring.cloud.function.web.export.enabled=false",
							"--spring.main.web-application-type=none", "--spring.main.banner-mode=off",
							"--logging.level.root=WARN" })) {
			FunctionCatalog catalog = context.getBean(FunctionCatalog.class);
			Map<String, String> registered = new TreeMap<>();
			for (String name : catalog.getNames(Function.class)) {
				FunctionInvocationWrapper function = catalog.lookup(name);
				registered.put(name, ResolvableType.forType(function.getInputType()) + " -> "
						+ ResolvableType.forType(function.getOutputType()));
			}

			assertThat(registered).containsAllEntriesOf(declared);
			// and the pipeline's step that only Kinesis event source mappings call
			assertThat(registered).hasSize(declared.size() + 1).containsKey(Pipeline.HOURLY_HIGH_UPDATES);
		}
	}

	/**
	 * SnapStart's priming answers its requests with a 200 through the adapter, as an
	 * invocation would: what it counts is what succeeded (it once counted a CSV request
	 * that {@code ingest} answered 406).
	 */
	@Test
	void snapStartPrimingIsAnsweredWithA200ForEveryFunctionOfRecords() {
		try (ConfigurableApplicationContext context = FunctionalSpringApplication.run(
				new Class<?>[] { LambdaApplication.class },
				new String[] { "--spring.cloud.function.web.export.enabled=false",
						"--spring.main.web-application-type=none", "--spring.main.banner-mode=off",
						"--logging.level.root=WARN" })) {
			// one request a format the function writes: JSON, and CSV for the tables
			Map<String, Integer> formats = Map.of("ingest", 1, "hourlyHigh", 2, "slidingWindows", 2);
			formats.forEach((definition, count) -> {
				SnapStartPriming priming = new SnapStartPriming(context.getBean(FunctionCatalog.class), definition,
						context.getBean(JsonMapper.class), context.getBean(KinesisBatches.class));

				assertThat(priming.prime()).as(definition).isEqualTo(count);
			});
		}
	}

}
