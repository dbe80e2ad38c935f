package io.tickstream.lambda.esm;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.yaml.snakeyaml.Yaml;

/**
 * One Kinesis event source mapping as {@code template.yaml} declares it: a function's
 * {@code Kinesis} event, with the settings Lambda honours, and the function's environment
 * with every {@code Ref} to a stream or table resolved to its local name (the resource's
 * {@code tickstream:name} tag).
 *
 * @param function the function resource's logical id
 * @param stream the local name of the stream it reads
 * @param environment the function's environment variables
 * @param startingPosition {@code TRIM_HORIZON} or {@code LATEST}
 * @param maxRetryAttempts {@code -1} for as long as the records live
 * @param maxRecordAge {@code null} for as long as the records live
 * @param onFailure whether the mapping has an on-failure destination
 * @param tumblingWindow {@code TumblingWindowInSeconds}, {@code ZERO} for none
 * @param timeout the function's {@code Timeout} (its own, else the template's
 * {@code Globals}, else Lambda's default of 3 s): how long an invocation may run
 * @param schedule how often the function's {@code Schedule} event wakes it
 * ({@code rate(…)}), {@code null} for none
 */
public record KinesisMapping(String function, String stream, Map<String, String> environment, int batchSize,
		Duration maxBatchingWindow, String startingPosition, boolean reportBatchItemFailures, boolean bisectOnError,
		int maxRetryAttempts, Duration maxRecordAge, int parallelizationFactor, boolean onFailure,
		Duration tumblingWindow, Duration timeout, Duration schedule) {

	/**
	 * The mappings of a template, in the order the functions are declared.
	 * @param prefix put before every local stream and table name (a test's own)
	 */
	@SuppressWarnings("unchecked")
	public static List<KinesisMapping> read(Path template, String prefix) throws IOException {
		Map<String, Object> root;
		try (InputStream in = Files.newInputStream(template)) {
			root = new Yaml().load(in);
		}
		Map<String, Object> resources = (Map<String, Object>) root.get("Resources");
		Map<String, Object> globals = map(map(root.get("Globals")).get("Function"));
		List<KinesisMapping> mappings = new ArrayList<>();
		resources.forEach((id, value) -> {
			Map<String, Object> resource = map(value);
			if (!"AWS::Serverless::Function".equals(resource.get("Type"))) {
				return;
			}
			Map<String, Object> properties = map(resource.get("Properties"));
			Duration timeout = Duration
				.ofSeconds(number(properties.getOrDefault("Timeout", globals.getOrDefault("Timeout", 3))));
			Map<String, String> environment = new LinkedHashMap<>();
			environment(globals, resources, prefix, environment);
			environment(properties, resources, prefix, environment);
			Duration schedule = schedule(map(properties.get("Events")));
			map(properties.get("Events")).forEach((name, event) -> {
				Map<String, Object> kinesis = map(event);
				if (!"Kinesis".equals(kinesis.get("Type"))) {
					return;
				}
				Map<String, Object> settings = map(kinesis.get("Properties"));
				String streamId = String.valueOf(map(settings.get("Stream")).get("Fn::GetAtt")).replace(".Arn", "");
				Object age = settings.getOrDefault("MaximumRecordAgeInSeconds", -1);
				mappings.add(new KinesisMapping(id, prefix + localName(resources, streamId), environment,
						number(settings.getOrDefault("BatchSize", 100)),
						Duration.ofSeconds(number(settings.getOrDefault("MaximumBatchingWindowInSeconds", 0))),
						String.valueOf(settings.get("StartingPosition")),
						((List<Object>) settings.getOrDefault("FunctionResponseTypes", List.of()))
							.contains("ReportBatchItemFailures"),
						Boolean.TRUE.equals(settings.get("BisectBatchOnFunctionError")),
						number(settings.getOrDefault("MaximumRetryAttempts", -1)),
						(number(age) < 0) ? null : Duration.ofSeconds(number(age)),
						number(settings.getOrDefault("ParallelizationFactor", 1)),
						map(settings.get("DestinationConfig")).containsKey("OnFailure"),
						Duration.ofSeconds(number(settings.getOrDefault("TumblingWindowInSeconds", 0))), timeout,
						schedule));
			});
		});
		return mappings;
	}

	/** A copy with other settings, for tests of each setting. */
	public KinesisMapping with(String stream, int batchSize, Duration maxBatchingWindow, boolean bisectOnError,
			int maxRetryAttempts, Duration maxRecordAge, int parallelizationFactor) {
		return new KinesisMapping(this.function, stream, this.environment, batchSize, maxBatchingWindow,
				this.startingPosition, this.reportBatchItemFailures, bisectOnError, maxRetryAttempts, maxRecordAge,
				parallelizationFactor, this.onFailure, this.tumblingWindow, this.timeout, this.schedule);
	}

	/** A copy that starts reading at {@code position}. */
	public KinesisMapping startingAt(String position) {
		return new KinesisMapping(this.function, this.stream, this.environment, this.batchSize, this.maxBatchingWindow,
				position, this.reportBatchItemFailures, this.bisectOnError, this.maxRetryAttempts, this.maxRecordAge,
				this.parallelizationFactor, this.onFailure, this.tumblingWindow, this.timeout, this.schedule);
	}

	/**
	 * A copy with Lambda's tumbling windows of the given length ({@code ZERO}: none).
	 */
	public KinesisMapping withTumblingWindow(Duration length) {
		return new KinesisMapping(this.function, this.stream, this.environment, this.batchSize, this.maxBatchingWindow,
				this.startingPosition, this.reportBatchItemFailures, this.bisectOnError, this.maxRetryAttempts,
				this.maxRecordAge, this.parallelizationFactor, this.onFailure, length, this.timeout, this.schedule);
	}

	/**
	 * A copy whose function is woken this often instead of as the template says (tests
	 * that cannot wait a minute).
	 */
	public KinesisMapping withSchedule(Duration every) {
		return new KinesisMapping(this.function, this.stream, this.environment, this.batchSize, this.maxBatchingWindow,
				this.startingPosition, this.reportBatchItemFailures, this.bisectOnError, this.maxRetryAttempts,
				this.maxRecordAge, this.parallelizationFactor, this.onFailure, this.tumblingWindow, this.timeout,
				every);
	}

	/** The rate of a function's {@code Schedule} event, as {@code rate(1 minute)}. */
	private static Duration schedule(Map<String, Object> events) {
		for (Object value : events.values()) {
			Map<String, Object> event = map(value);
			if ("Schedule".equals(event.get("Type"))) {
				String rate = String.valueOf(map(event.get("Properties")).get("Schedule"));
				java.util.regex.Matcher matcher = java.util.regex.Pattern.compile("rate\\((\\d+) (minutes?|hours?)\\)")
					.matcher(rate);
				if (!matcher.matches()) {
					throw new IllegalArgumentException("a schedule other than rate(N minutes|hours): " + rate);
				}
				long amount = Long.parseLong(matcher.group(1));
				return matcher.group(2).startsWith("minute") ? Duration.ofMinutes(amount) : Duration.ofHours(amount);
			}
		}
		return null;
	}

	private static void environment(Map<String, Object> function, Map<String, Object> resources, String prefix,
			Map<String, String> environment) {
		map(map(function.get("Environment")).get("Variables")).forEach((name, value) -> {
			Object ref = map(value).get("Ref");
			environment.put(name,
					(ref != null) ? prefix + localName(resources, String.valueOf(ref)) : String.valueOf(value));
		});
	}

	@SuppressWarnings("unchecked")
	private static String localName(Map<String, Object> resources, String id) {
		Map<String, Object> properties = map(map(resources.get(id)).get("Properties"));
		for (Object tag : (List<Object>) properties.getOrDefault("Tags", List.of())) {
			if ("tickstream:name".equals(map(tag).get("Key"))) {
				return String.valueOf(map(tag).get("Value"));
			}
		}
		throw new IllegalArgumentException("resource " + id + " has no tickstream:name tag");
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(Object value) {
		return (value instanceof Map<?, ?> map) ? (Map<String, Object>) map : Map.of();
	}

	private static int number(Object value) {
		return Integer.parseInt(String.valueOf(value));
	}

}
