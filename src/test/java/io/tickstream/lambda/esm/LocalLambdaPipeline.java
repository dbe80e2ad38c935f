package io.tickstream.lambda.esm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

import io.tickstream.lambda.LambdaRuntimeApi;
import io.tickstream.lambda.LambdaTask;
import io.tickstream.stream.LocalAws;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * The Kinesis pipeline on Lambda, run locally without Docker: for every {@code Kinesis}
 * event of {@code template.yaml}, the unzipped {@code aws} jar runs in AWS's runtime
 * interface client (one runtime per shard and lane, as Lambda scales a mapping) against a
 * local Runtime API, and a {@link LocalEventSourceMapping} feeds it from the local
 * Kinesis emulator, and a function's {@code Schedule} event wakes it as EventBridge
 * would. The functions reach the emulators through the SDK's standard
 * {@code AWS_ENDPOINT_URL_KINESIS} and {@code AWS_ENDPOINT_URL_DYNAMODB}.
 * <p>
 * {@code local-aws/lambda-pipeline.sh} runs {@link #main}; tests start it with their own
 * streams.
 */
public final class LocalLambdaPipeline implements AutoCloseable {

	private final List<AutoCloseable> parts = new ArrayList<>();

	private final List<LocalEventSourceMapping> mappings = new ArrayList<>();

	private final List<LambdaTask> runtimes = new CopyOnWriteArrayList<>();

	/** How each runtime was started, to start it again. */
	private final List<Launch> launches = new ArrayList<>();

	/** Starts a runtime again where one died, as Lambda replaces an environment. */
	private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor();

	private final AtomicInteger replaced = new AtomicInteger();

	private record Launch(Path taskRoot, Path runtimeJars, LambdaRuntimeApi api, Map<String, String> environment,
			Path log) {

		LambdaTask start(Path log) throws IOException {
			return LambdaTask.start(this.taskRoot, this.runtimeJars, this.api, this.environment, log);
		}

	}

	/** Where the pipeline runs: the jar, the runtime, the emulators, a work folder. */
	public record Setup(Path template, Path jar, Path runtimeJars, Path work, String kinesisEndpoint,
			String dynamoDbEndpoint, String prefix, Map<String, String> environment) {
	}

	/**
	 * Starts every mapping of the template, each changed by {@code adjust}, once its
	 * function's runtimes are ready.
	 */
	public static LocalLambdaPipeline start(Setup setup, UnaryOperator<KinesisMapping> adjust) throws Exception {
		return start(setup, (mapping) -> true, adjust);
	}

	/** Starts the template's mappings that {@code which} selects. */
	public static LocalLambdaPipeline start(Setup setup, Predicate<KinesisMapping> which,
			UnaryOperator<KinesisMapping> adjust) throws Exception {
		LocalLambdaPipeline pipeline = new LocalLambdaPipeline();
		try {
			Path taskRoot = LambdaTask.unzip(setup.jar(), Files.createDirectories(setup.work().resolve("task")));
			KinesisClient kinesis = LocalAws.kinesis(setup.kinesisEndpoint());
			pipeline.parts.add(kinesis);
			for (KinesisMapping declared : KinesisMapping.read(setup.template(), setup.prefix())) {
				if (!which.test(declared)) {
					continue;
				}
				KinesisMapping mapping = adjust.apply(declared);
				int shards = kinesis.listShards((list) -> list.streamName(mapping.stream())).shards().size();
				int concurrency = shards * mapping.parallelizationFactor();
				LambdaRuntimeApi api = new LambdaRuntimeApi();
				pipeline.parts.add(api);
				Map<String, String> environment = new LinkedHashMap<>(mapping.environment());
				environment.put("TICKSTREAM_STREAMS_CREATE_MISSING", "true"); // no setup
																				// locally
				environment.put("AWS_ENDPOINT_URL_KINESIS", setup.kinesisEndpoint());
				environment.put("AWS_ENDPOINT_URL_DYNAMODB", setup.dynamoDbEndpoint());
				environment.put("AWS_ACCESS_KEY_ID", "local");
				environment.put("AWS_SECRET_ACCESS_KEY", "local");
				environment.put("AWS_EC2_METADATA_DISABLED", "true");
				environment.remove("JAVA_TOOL_OPTIONS");
				environment.putAll(setup.environment());
				for (int i = 0; i < concurrency; i++) {
					Launch launch = new Launch(taskRoot, setup.runtimeJars(), api, environment,
							setup.work().resolve(mapping.function() + "-" + i + ".log"));
					pipeline.launches.add(launch);
					pipeline.runtimes.add(launch.start(launch.log()));
				}
				api.awaitRuntimes(concurrency, Duration.ofMinutes(2));
				LocalEventSourceMapping esm = new LocalEventSourceMapping(kinesis, mapping,
						(event) -> answer(api.invoke(event, mapping.timeout())), setup.work().resolve("on-failure"));
				pipeline.mappings.add(esm);
				pipeline.parts.add(esm);
				if (mapping.schedule() != null) {
					pipeline.parts.add(schedule(api, mapping));
				}
			}
			pipeline.mappings.forEach(LocalEventSourceMapping::start);
			pipeline.watchdog.scheduleWithFixedDelay(pipeline::replaceDead, 1, 1, TimeUnit.SECONDS);
			return pipeline;
		}
		catch (Exception ex) {
			pipeline.close();
			throw ex;
		}
	}

	/**
	 * EventBridge's schedule of a function: a scheduled event at every tick, as it sends
	 * one, to the function's runtimes (which take it between two batches).
	 */
	private static AutoCloseable schedule(LambdaRuntimeApi api, KinesisMapping mapping) {
		ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
		long every = mapping.schedule().toMillis();
		clock.scheduleWithFixedDelay(() -> {
			String event = "{\"version\":\"0\",\"id\":\"" + UUID.randomUUID()
					+ "\",\"detail-type\":\"Scheduled Event\",\"source\":\"aws.events\",\"account\":\"123456789012\","
					+ "\"time\":\"" + Instant.now().truncatedTo(ChronoUnit.SECONDS) + "\",\"region\":\"us-east-1\","
					+ "\"resources\":[\"arn:aws:events:us-east-1:123456789012:rule/" + mapping.function()
					+ "-schedule\"],\"detail\":{}}";
			try {
				api.invoke(event.getBytes(StandardCharsets.UTF_8), mapping.timeout());
			}
			catch (Exception ex) {
				// EventBridge does not wait for the answer either; the next tick comes
			}
		}, every, every, TimeUnit.MILLISECONDS);
		return clock::shutdownNow;
	}

	/** The mappings of every step but one (a function definition). */
	public static Predicate<KinesisMapping> without(String definition) {
		return (mapping) -> !definition.equals(mapping.environment().get("SPRING_CLOUD_FUNCTION_DEFINITION"));
	}

	private static LocalEventSourceMapping.Answer answer(LambdaRuntimeApi.Result result) {
		return new LocalEventSourceMapping.Answer(result.error(), result.body());
	}

	/**
	 * Starts a runtime again where one exited (the runtime client's native code was seen
	 * to crash, once, under load): the invocation it held times out and its mapping
	 * retries it, as on Lambda.
	 */
	private void replaceDead() {
		for (int i = 0; i < this.runtimes.size(); i++) {
			if (!this.runtimes.get(i).isAlive()) {
				Launch launch = this.launches.get(i);
				int count = this.replaced.incrementAndGet();
				System.out.println("A Lambda runtime exited; starting another (" + launch.log().getFileName() + ")");
				try {
					this.runtimes.set(i, launch.start(launch.log()
						.resolveSibling(launch.log().getFileName().toString().replace(".log", "-" + count + ".log"))));
				}
				catch (IOException ex) {
					System.out.println("Could not start it: " + ex + "; trying again");
				}
			}
		}
	}

	/** How many runtimes were started again after they exited. */
	public int replaced() {
		return this.replaced.get();
	}

	public List<LocalEventSourceMapping> mappings() {
		return this.mappings;
	}

	public List<LambdaTask> runtimes() {
		return this.runtimes;
	}

	@Override
	public void close() throws Exception {
		this.watchdog.shutdownNow();
		for (int i = this.parts.size() - 1; i >= 0; i--) {
			this.parts.get(i).close();
		}
		for (LambdaTask runtime : this.runtimes) {
			runtime.close();
		}
	}

	/**
	 * {@code local-aws/lambda-pipeline.sh}: the template's pipeline against the emulators
	 * of {@code local-aws/start.sh}, until stopped with Ctrl-C.
	 */
	public static void main(String[] args) throws Exception {
		Path target = Path.of("target");
		Setup setup = new Setup(Path.of("template.yaml"), target.resolve("tickstream-0.1.0-SNAPSHOT-aws.jar"),
				target.resolve("lambda-runtime"), target.resolve("local-lambda"),
				"http://127.0.0.1:" + System.getProperty("kinesis.port", "4568"),
				"http://127.0.0.1:" + System.getProperty("dynamodb.port", "4569"), "", Map.of());
		LocalLambdaPipeline pipeline = start(setup, UnaryOperator.identity());
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			try {
				pipeline.close();
			}
			catch (Exception ex) {
				// stopping anyway
			}
		}));
		for (LocalEventSourceMapping mapping : pipeline.mappings()) {
			System.out.println("Mapping " + mapping.describe());
		}
		System.out.println("Local Lambda pipeline running; function logs and on-failure messages in "
				+ setup.work().toAbsolutePath() + ". Ctrl-C stops it.");
		Thread.currentThread().join();
	}

}
