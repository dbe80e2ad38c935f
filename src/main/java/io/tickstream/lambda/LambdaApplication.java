package io.tickstream.lambda;

import java.lang.reflect.Type;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

import io.tickstream.function.TickFunctions;
import io.tickstream.function.RecordProperties;
import io.tickstream.function.WindowProperties;
import io.tickstream.hourly.HourlyHighReport;
import io.tickstream.metrics.PipelineMetrics;
import io.tickstream.pipeline.Pipeline;
import io.tickstream.pipeline.PipelineSettings;
import io.tickstream.pipeline.StreamProperties;
import io.tickstream.tick.IngestResult;
import io.tickstream.tick.TickIngestion;
import io.tickstream.window.SlidingWindowReport;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.cloud.function.adapter.aws.AWSCompanionAutoConfiguration;
import org.springframework.cloud.function.context.FunctionCatalog;
import org.springframework.cloud.function.context.FunctionRegistration;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.ResolvableType;
import org.springframework.core.env.Environment;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.json.ProblemDetailJacksonMixin;
import org.springframework.messaging.Message;
import org.springframework.messaging.converter.MessageConverter;

/**
 * The Lambda surface's application, in Spring Cloud Function's functional form: the
 * functions of {@link TickFunctions} and what serving them on Lambda takes, registered
 * here by hand. {@link LambdaHandler} starts it. At a cold start no configuration class
 * is parsed, no package scanned and no auto-configuration considered, which takes about a
 * quarter off it (docs/performance.md); the web server and the stream service start
 * {@code TickstreamApplication}, whose auto-configuration serves the same functions.
 * <p>
 * What auto-configuration would do is done here: the settings are bound from the same
 * files and environment; the JSON mapper is built as Spring Boot builds it here, with its
 * mix-in that writes problem details as RFC 9457 has them (its {@code spring.jackson.*}
 * settings are not read); and the converter of Lambda's event types
 * ({@code AWSCompanionAutoConfiguration}, which the functional form skips) is registered,
 * so that an event reaches the adapter as it does there.
 */
public class LambdaApplication implements ApplicationContextInitializer<GenericApplicationContext> {

	@Override
	public void initialize(GenericApplicationContext context) {
		Environment environment = context.getEnvironment();
		Binder settings = Binder.get(environment);
		RecordProperties records = settings.bindOrCreate("tickstream", RecordProperties.class);
		WindowProperties windows = settings.bindOrCreate("tickstream", WindowProperties.class);
		StreamProperties streams = settings.bindOrCreate("tickstream.streams", StreamProperties.class);
		LambdaProperties lambda = settings.bindOrCreate("tickstream.lambda", LambdaProperties.class);
		TickFunctions functions = new TickFunctions();

		context.registerBean(JsonMapper.class,
				() -> JsonMapper.builder().addMixIn(ProblemDetail.class, ProblemDetailJacksonMixin.class).build());
		context.registerBean("awsTypesMessageConverter", MessageConverter.class,
				() -> new AWSCompanionAutoConfiguration().awsTypesMessageConverter(context));
		context.registerBean(TickIngestion.class, () -> functions.tickIngestion(records));
		// the steps' counts as CloudWatch embedded metric format lines on standard output
		context.registerBean(EmbeddedMetrics.class,
				() -> new EmbeddedMetrics(context.getBean(JsonMapper.class), System.out::println, Clock.systemUTC()));
		PipelineSettings pipeline = PipelineSettings.of(records, windows, streams);
		context.registerBean(KinesisBatches.class,
				() -> new KinesisBatches(pipeline, context.getBean(TickIngestion.class),
						context.getBean(JsonMapper.class), lambda.retryPatience(),
						context.getBean(EmbeddedMetrics.class)));
		// Spring Cloud Function's catalog applies it around every function
		context.registerBean(LambdaFunctionAdapter.class,
				() -> new LambdaFunctionAdapter(context.getBean(JsonMapper.class), records.maxInputSize().toBytes(),
						context.getBean(KinesisBatches.class), context.getBean(EmbeddedMetrics.class)));

		ObjectProvider<PipelineMetrics> metrics = context.getDefaultListableBeanFactory()
			.getBeanProvider(PipelineMetrics.class);
		ResolvableType bytes = ResolvableType.forClass(byte[].class);
		ResolvableType request = ResolvableType.forClassWithGenerics(Message.class, byte[].class);
		function(context, "ingest", () -> functions.ingest(context.getBean(TickIngestion.class), records, metrics),
				request, IngestResult.class);
		function(context, "hourlyHigh",
				() -> functions.hourlyHigh(context.getBean(TickIngestion.class), records, metrics), request,
				HourlyHighReport.class);
		function(context, "slidingWindows",
				() -> functions.slidingWindows(context.getBean(TickIngestion.class), records, windows, metrics),
				request, SlidingWindowReport.class);
		// the second step of the pipeline, ticks → hourly-highs, is only a name for
		// FunctionInvoker to route to: the adapter runs its stage on Kinesis batches
		// (one conditional write per company and hour per batch, not per record) and
		// serves it to nothing else, so this function is never applied
		function(context, Pipeline.HOURLY_HIGH_UPDATES, () -> (byte[] record) -> {
			throw new IllegalStateException(Pipeline.HOURLY_HIGH_UPDATES + " runs on Kinesis batches only");
		}, bytes, Optional.class);

		// only inside Lambda, whose runtime always sets LAMBDA_TASK_ROOT
		if (environment.containsProperty("LAMBDA_TASK_ROOT")) {
			context.registerBean(FunctionDefinitionCheck.class,
					() -> new FunctionDefinitionCheck(context.getBean(FunctionCatalog.class), environment));
			String definition = environment.getProperty("spring.cloud.function.definition");
			if (definition != null && lambda.snapstartPriming()) {
				// SnapStart's priming hook: Lambda calls it before it takes a snapshot
				context.registerBean(SnapStartPriming.class, () -> {
					SnapStartPriming priming = new SnapStartPriming(context.getBean(FunctionCatalog.class), definition,
							context.getBean(JsonMapper.class), context.getBean(KinesisBatches.class));
					priming.register();
					return priming;
				});
			}
		}
	}

	/**
	 * Registers a function under its name with its input and output types, which the
	 * catalog cannot read from a lambda.
	 */
	private static void function(GenericApplicationContext context, String name, Supplier<Function<?, ?>> function,
			ResolvableType input, Class<?> output) {
		Type type = ResolvableType.forClassWithGenerics(Function.class, input, ResolvableType.forClass(output))
			.getType();
		context.registerBean(name + "Registration", FunctionRegistration.class,
				() -> new FunctionRegistration<>(function.get(), name).type(type));
	}

}
