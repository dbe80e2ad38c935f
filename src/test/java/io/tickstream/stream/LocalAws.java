package io.tickstream.stream;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * Local Kinesis (kinesis-mock) and DynamoDB (dynalite) for the stream tests, started once
 * per test run by the project's own {@code local-aws/start.sh} on free ports of 127.0.0.1
 * and stopped by {@code local-aws/stop.sh} when the run ends. Each test gets streams of
 * its own ({@link PipelineStreams}, a parameter), and names its tables after them, so
 * that tests do not see each other's records.
 */
public final class LocalAws implements BeforeAllCallback, ParameterResolver {

	/**
	 * The lock the stream service's scenarios hold ({@code @ResourceLock}), so that they
	 * take turns: one stream service (two, where a scenario needs two) at a time beside
	 * whatever else runs.
	 */
	public static final String STREAM_SERVICE = "tickstream-stream-service";

	private static final AtomicInteger pipelines = new AtomicInteger();

	private static Emulators emulators;

	@Override
	public void beforeAll(ExtensionContext context) throws Exception {
		synchronized (LocalAws.class) {
			if (emulators == null) {
				Emulators started = Emulators.start();
				context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL).put(LocalAws.class, started);
				emulators = started;
			}
		}
	}

	@Override
	public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
		return parameter.getParameter().getType() == PipelineStreams.class;
	}

	/** The pipeline's streams, made for the test and named after its class. */
	@Override
	public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
		String names = context.getRequiredTestClass()
			.getSimpleName()
			.replaceAll("(Integration)?Tests$", "")
			.toLowerCase(Locale.ROOT) + "-" + pipelines.incrementAndGet();
		int shards = parameter.findAnnotation(PipelineStreams.Shards.class)
			.map(PipelineStreams.Shards::value)
			.orElse(1);
		return new PipelineStreams(names, shards);
	}

	public static int kinesisPort() {
		return emulators.kinesisPort;
	}

	public static int dynamoDbPort() {
		return emulators.dynamoDbPort;
	}

	/**
	 * A client of the Kinesis emulator that waits up to two minutes for an answer: on a
	 * busy machine the emulator can take longer than the SDK's default 30 s, and a put
	 * that times out is tried again, repeating records the test then counts twice.
	 */
	public static KinesisClient kinesis() {
		return kinesis("http://127.0.0.1:" + kinesisPort());
	}

	/** The same client for a Kinesis emulator (or a proxy in front of one) elsewhere. */
	public static KinesisClient kinesis(String endpoint) {
		return KinesisClient.builder()
			.httpClient(UrlConnectionHttpClient.builder().socketTimeout(Duration.ofMinutes(2)).build())
			.endpointOverride(URI.create(endpoint))
			.region(Region.US_EAST_1)
			.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
			.build();
	}

	/** A client of the DynamoDB emulator. */
	public static DynamoDbClient dynamoDb() {
		return dynamoDb("http://127.0.0.1:" + dynamoDbPort());
	}

	/** The same client for a DynamoDB emulator elsewhere. */
	public static DynamoDbClient dynamoDb(String endpoint) {
		return DynamoDbClient.builder()
			.endpointOverride(URI.create(endpoint))
			.region(Region.US_EAST_1)
			.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
			.build();
	}

	public static Path localAwsFolder() {
		return Path.of(System.getProperty("tickstream.local-aws", "local-aws")).toAbsolutePath();
	}

	public static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	/**
	 * Emulators of their own, outside a test run (the benchmarks): started by
	 * {@code local-aws/start.sh} on free ports, stopped by {@code close}.
	 */
	public static Emulators startEmulators() throws Exception {
		return Emulators.start();
	}

	/** Kinesis and DynamoDB emulators started on free ports of 127.0.0.1. */
	public static final class Emulators implements AutoCloseable {

		private final int kinesisPort;

		private final int dynamoDbPort;

		private final Path runDir;

		private Emulators(int kinesisPort, int dynamoDbPort, Path runDir) {
			this.kinesisPort = kinesisPort;
			this.dynamoDbPort = dynamoDbPort;
			this.runDir = runDir;
		}

		static Emulators start() throws Exception {
			Emulators emulators = new Emulators(freePort(), freePort(), Files.createTempDirectory("local-aws"));
			int exit = emulators.script("start.sh");
			if (exit != 0) {
				throw new IllegalStateException("local-aws/start.sh failed (" + exit + "): "
						+ Files.readString(emulators.runDir.resolve("script.log")));
			}
			return emulators;
		}

		private int script(String name) throws IOException, InterruptedException {
			ProcessBuilder builder = new ProcessBuilder("bash", localAwsFolder().resolve(name).toString());
			Map<String, String> env = builder.environment();
			env.put("KINESIS_PORT", Integer.toString(this.kinesisPort));
			env.put("KINESIS_TLS_PORT", Integer.toString(freePort()));
			env.put("DYNAMODB_PORT", Integer.toString(this.dynamoDbPort));
			env.put("STREAMS", "");
			env.put("RUN_DIR", this.runDir.toString());
			builder.redirectErrorStream(true).redirectOutput(this.runDir.resolve("script.log").toFile());
			Process process = builder.start();
			if (!process.waitFor(120, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				return -1;
			}
			return process.exitValue();
		}

		public int kinesisPort() {
			return this.kinesisPort;
		}

		public int dynamoDbPort() {
			return this.dynamoDbPort;
		}

		@Override
		public void close() throws Exception {
			script("stop.sh");
		}

	}

}
