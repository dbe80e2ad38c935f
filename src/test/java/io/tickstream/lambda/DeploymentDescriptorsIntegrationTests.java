package io.tickstream.lambda;

import java.io.IOException;
import java.io.Reader;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.zip.ZipFile;

import io.tickstream.pipeline.Pipeline;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;

import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No Docker engine or AWS account runs here, so the SAM template and the Dockerfile are
 * checked against what the build made and what the application declares, and the
 * container image's layout is run by the Lambda runtime interface client as the image
 * would run it.
 */
class DeploymentDescriptorsIntegrationTests {

	private static final Path JAR = Path.of(System.getProperty("tickstream.lambda.jar"));

	private static final Path RUNTIME = Path.of(System.getProperty("tickstream.lambda.runtime"));

	@Test
	void templateDeploysTheBuiltJarWithTheHandlerItContains() throws IOException {
		Map<String, Object> function = map(map(template(), "Globals"), "Function");

		assertThat(function.get("Runtime")).isEqualTo("java21");
		assertThat(Path.of((String) function.get("CodeUri"))).isEqualTo(Path.of("target").resolve(JAR.getFileName()));
		assertThat(function.get("Handler")).isEqualTo(LambdaTask.HANDLER);
		assertThat(jarEntries()).contains(handlerClassFile(LambdaTask.HANDLER));
	}

	@Test
	void lambdaJarFitsLambdaAndHoldsNoWebServerNorStreamBinder() throws IOException {
		assertThat(jarEntries()).as("the AWS clients with the light HTTP client")
			.contains("software/amazon/awssdk/services/kinesis/KinesisClient.class",
					"software/amazon/awssdk/services/dynamodb/DynamoDbClient.class",
					"software/amazon/awssdk/http/urlconnection/UrlConnectionHttpClient.class")
			.noneMatch((entry) -> entry.startsWith("software/amazon/awssdk/http/apache/")
					|| entry.startsWith("software/amazon/awssdk/http/nio/netty/")
					|| entry.startsWith("org/apache/http/"));
		assertThat(Files.size(JAR)).as("compressed size").isLessThanOrEqualTo(25L * 1024 * 1024);
		try (ZipFile zip = new ZipFile(JAR.toFile())) {
			assertThat(zip.stream().mapToLong((entry) -> entry.getSize()).sum()).as("unzipped size")
				.isLessThan(100L * 1024 * 1024);
		}
		assertThat(jarEntries()).noneMatch((entry) -> entry.startsWith("org/apache/catalina/")
				|| entry.startsWith("org/springframework/web/servlet/") || entry.startsWith("io/netty/")
				|| entry.startsWith("org/springframework/cloud/stream/") || entry.startsWith("software/amazon/kinesis/")
				|| entry.startsWith("com/amazonaws/services/kinesis/producer/") || entry.endsWith(".so"));
		assertThat(jarEntries()).as("no actuator nor Micrometer meters: on Lambda, counts are log lines")
			.noneMatch((entry) -> entry.startsWith("org/springframework/boot/actuate/")
					|| entry.startsWith("io/micrometer/core/"));
	}

	@Test
	void everyFunctionLogsJsonLinesThatCarryItsRequestId() throws IOException {
		resourcesOfType("AWS::Serverless::Function")
			.forEach((name, function) -> assertThat(map(map(function, "Properties"), "LoggingConfig")).as(name)
				.containsEntry("LogFormat", "JSON"));
		assertThat(map(map(map(map(template(), "Globals"), "Function"), "Environment"), "Variables"))
			.containsEntry("LOGGING_STRUCTURED_FORMAT_CONSOLE", "ecs");
	}

	@Test
	void templateHasOneFunctionPerBeanAtThePathOfItsName() throws IOException {
		Map<String, Map<String, Object>> functions = functionsWithEvent("HttpApi");

		Set<String> definitions = functions.values()
			.stream()
			.map((resource) -> (String) map(map(map(resource, "Properties"), "Environment"), "Variables")
				.get("SPRING_CLOUD_FUNCTION_DEFINITION"))
			.collect(Collectors.toSet());
		assertThat(definitions).isEqualTo(functionBeanNames());
		functions.values().forEach((resource) -> {
			Map<String, Object> properties = map(resource, "Properties");
			String definition = (String) map(map(properties, "Environment"), "Variables")
				.get("SPRING_CLOUD_FUNCTION_DEFINITION");
			Map<String, Object> event = map(map(map(properties, "Events"), "Post"), "Properties");
			assertThat(event).containsEntry("Path", "/" + definition).containsEntry("Method", "POST");
		});
	}

	/**
	 * The mapping settings docs/lambda.md lists ({@code `Name: value`} in its line on the
	 * pipeline functions' {@code Kinesis} events).
	 */
	private static Map<String, String> documentedMappingSettings() throws IOException {
		String docs = Files.readString(Path.of("docs/lambda.md"));
		int start = docs.indexOf("each with a `Kinesis` event:");
		assertThat(start).as("docs/lambda.md lists the mapping settings").isNotNegative();
		String listed = docs.substring(start, docs.indexOf("\n- ", start));
		Map<String, String> settings = new LinkedHashMap<>();
		Matcher setting = Pattern.compile("`(\\w+): ([^`]+)`").matcher(listed);
		while (setting.find()) {
			settings.put(setting.group(1), setting.group(2));
		}
		assertThat(settings).containsKeys("StartingPosition", "BatchSize", "MaximumBatchingWindowInSeconds",
				"ParallelizationFactor", "BisectBatchOnFunctionError", "MaximumRetryAttempts",
				"MaximumRecordAgeInSeconds", "FunctionResponseTypes");
		return settings;
	}

	@Test
	void templateRunsEveryPipelineStepOnItsStreamWithEveryMappingSetting() throws IOException {
		Map<String, Map<String, Object>> functions = functionsWithEvent("Kinesis");
		Map<String, String> readStream = Map.of(Pipeline.INGEST, "TicksRawStream", Pipeline.HOURLY_HIGH_UPDATES,
				"TicksStream", Pipeline.SLIDING_WINDOWS, "TicksStream");

		Map<String, String> documented = documentedMappingSettings();

		assertThat(functions.values()).extracting(DeploymentDescriptorsIntegrationTests::definition)
			.containsExactlyInAnyOrderElementsOf(readStream.keySet());
		functions.values().forEach((function) -> {
			Map<String, Object> events = kinesisEvents(map(map(function, "Properties"), "Events"));
			assertThat(events).hasSize(1);
			Map<String, Object> mapping = map(map(events, events.keySet().iterator().next()), "Properties");
			assertThat(mapping.get("Stream"))
				.isEqualTo(Map.of("Fn::GetAtt", readStream.get(definition(function)) + ".Arn"));
			assertThat(mapping).containsKeys("StartingPosition", "BatchSize", "MaximumBatchingWindowInSeconds",
					"BisectBatchOnFunctionError", "MaximumRetryAttempts", "MaximumRecordAgeInSeconds");
			documented.forEach((setting, value) -> assertThat(String.valueOf(mapping.get(setting)))
				.as("%s of %s, as docs/lambda.md says", setting, definition(function))
				.isEqualTo(value));
			assertThat(mapping.get("FunctionResponseTypes")).isEqualTo(List.of("ReportBatchItemFailures"));
			assertThat(map(map(map(mapping, "DestinationConfig"), "OnFailure"), "Destination"))
				.isEqualTo(Map.of("Fn::GetAtt", "PipelineFailures.Arn"));
			if (definition(function).equals(Pipeline.SLIDING_WINDOWS)) {
				// each company's clock moves in its records' order: one batch of a
				// shard at a time
				assertThat(mapping).containsEntry("ParallelizationFactor", 1);
				assertThat((Integer) mapping.get("TumblingWindowInSeconds")).isBetween(0, 900);
			}
		});
	}

	/**
	 * A function that keeps windows is also woken every minute, for the companies that
	 * went quiet; no other function is.
	 */
	@Test
	void onlyTheWindowsStepRunsOnASchedule() throws IOException {
		Map<String, Map<String, Object>> scheduled = functionsWithEvent("Schedule");

		assertThat(scheduled.values()).singleElement().satisfies((function) -> {
			assertThat(definition(function)).isEqualTo(Pipeline.SLIDING_WINDOWS);
			assertThat(map(map(function, "Properties"), "Events").values())
				.filteredOn((event) -> "Schedule".equals(((Map<?, ?>) event).get("Type")))
				.singleElement()
				.satisfies((event) -> assertThat(((Map<?, ?>) event).get("Properties"))
					.isEqualTo(Map.of("Schedule", "rate(1 minute)")));
		});
	}

	private static Map<String, Object> kinesisEvents(Map<String, Object> events) {
		return events.entrySet()
			.stream()
			.filter((event) -> "Kinesis".equals(((Map<?, ?>) event.getValue()).get("Type")))
			.collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
	}

	@Test
	void theFunctionsSettingsAreTheApplicationsOwnAndNameTheTemplatesResources() throws IOException {
		Set<String> settings = applicationSettings().stream()
			.map((name) -> name.replace('.', '_').replace('-', '_').toUpperCase())
			.collect(Collectors.toSet());
		Set<String> resources = map(template(), "Resources").keySet();

		resourcesOfType("AWS::Serverless::Function").values().forEach((function) -> {
			map(map(map(function, "Properties"), "Environment"), "Variables").forEach((name, value) -> {
				if (name.startsWith("TICKSTREAM_")) {
					assertThat(settings).as("a setting of application.properties").contains(name);
				}
				if (value instanceof Map<?, ?> ref) {
					assertThat(resources).contains((String) ref.get("Ref"));
				}
			});
		});
	}

	@Test
	void templateDeclaresTheSixEncryptedStreamsAndTheOnDemandStateTables() throws IOException {
		Map<String, Map<String, Object>> streams = resourcesOfType("AWS::Kinesis::Stream");
		Set<String> defaultNames = Set.of(setting("tickstream.streams.raw"), setting("tickstream.streams.ticks"),
				setting("tickstream.streams.dead-letters"), setting("tickstream.streams.hourly-highs"),
				setting("tickstream.streams.window-stats"), setting("tickstream.streams.late-ticks"));

		assertThat(streams.values()).extracting((stream) -> localName(map(stream, "Properties")))
			.containsExactlyInAnyOrderElementsOf(defaultNames);
		assertThat(streams.values())
			.allSatisfy((stream) -> assertThat(map(map(stream, "Properties"), "StreamEncryption"))
				.containsEntry("EncryptionType", "KMS"));
		Map<String, Map<String, Object>> tables = resourcesOfType("AWS::DynamoDB::Table");
		Map<String, Object> keys = Map.of(setting("tickstream.streams.state-table"),
				List.of(Map.of("AttributeName", "pk", "KeyType", "HASH")), setting("tickstream.streams.window-table"),
				List.of(Map.of("AttributeName", "pk", "KeyType", "HASH"),
						Map.of("AttributeName", "sk", "KeyType", "RANGE")));
		assertThat(tables.values()).extracting((table) -> localName(map(table, "Properties")))
			.containsExactlyInAnyOrderElementsOf(keys.keySet());
		assertThat(tables.values()).allSatisfy((table) -> {
			Map<String, Object> properties = map(table, "Properties");
			assertThat(properties).containsEntry("BillingMode", "PAY_PER_REQUEST");
			assertThat(properties.get("KeySchema")).isEqualTo(keys.get(localName(properties)));
		});
	}

	@Test
	void eachPipelineRoleReadsItsSourceWritesItsTargetsAndNothingElse() throws IOException {
		Map<String, Map<String, Object>> roles = resourcesOfType("AWS::IAM::Role");
		Map<String, Map<String, Object>> functions = functionsWithEvent("Kinesis");
		Map<String, List<String>> expected = Map
			.of(Pipeline.INGEST,
					List.of("read TicksRawStream", "kinesis:PutRecords TicksStream DeadLetterStream",
							"sqs:SendMessage PipelineFailures", "logs IngestStreamLogGroup"),
					Pipeline.HOURLY_HIGH_UPDATES,
					List.of("read TicksStream", "kinesis:PutRecords HourlyHighsStream DeadLetterStream",
							"dynamodb:UpdateItem HourlyHighsTable", "sqs:SendMessage PipelineFailures",
							"logs HourlyHighUpdatesLogGroup"),
					Pipeline.SLIDING_WINDOWS,
					List.of("read TicksStream", "kinesis:PutRecords WindowStatsStream LateTicksStream DeadLetterStream",
							"dynamodb:BatchGetItem dynamodb:Query dynamodb:Scan dynamodb:UpdateItem dynamodb:PutItem"
									+ " dynamodb:BatchWriteItem WindowsTable",
							"sqs:SendMessage PipelineFailures", "logs SlidingWindowsStreamLogGroup"));

		functions.values().forEach((function) -> {
			String role = (String) map(map(function, "Properties"), "Role").get("Fn::GetAtt");
			List<String> statements = statements(map(roles.get(role.replace(".Arn", "")), "Properties"));
			assertThat(statements).as(definition(function))
				.containsExactlyElementsOf(expected.get(definition(function)));
		});
	}

	@Test
	void templateNeverOpensTheApiWithoutAuthorization() throws IOException {
		Map<String, Map<String, Object>> apis = resourcesOfType("AWS::Serverless::HttpApi");

		assertThat(apis).hasSize(1);
		Map<String, Object> auth = map(map(apis.values().iterator().next(), "Properties"), "Auth");
		assertThat(auth).containsEntry("DefaultAuthorizer", "AWS_IAM").containsEntry("EnableIamAuthorizer", true);
		assertThat(resourcesOfType("AWS::Serverless::Function").values())
			.allSatisfy((function) -> assertThat(map(function, "Properties")).doesNotContainKey("FunctionUrlConfig"));
	}

	@Test
	void dockerfileBuildsOnLambdasJavaImageWithTheBuiltJarAndTheTemplatesHandler() throws IOException {
		Dockerfile dockerfile = Dockerfile.read(Path.of("Dockerfile"));

		assertThat(dockerfile.from()).as("AWS's Java 21 image, pinned by digest")
			.matches("public\\.ecr\\.aws/lambda/java:21@sha256:[0-9a-f]{64}");
		assertThat(dockerfile.copySource()).isEqualTo("target/" + JAR.getFileName());
		assertThat(dockerfile.copyTarget()).isEqualTo("${LAMBDA_TASK_ROOT}/lib/");
		assertThat(dockerfile.cmd()).isEqualTo(map(map(template(), "Globals"), "Function").get("Handler"));
	}

	@Test
	void dockerBuildContextHoldsTheLambdaJarAlone() throws IOException {
		List<String> rules = Files.readAllLines(Path.of(".dockerignore"))
			.stream()
			.map(String::strip)
			.filter((line) -> !line.isEmpty() && !line.startsWith("#"))
			.toList();

		assertThat(rules).containsExactly("*", "!target/tickstream-*-aws.jar");
		assertThat(JAR.getFileName().toString()).matches("tickstream-.*-aws\\.jar");
	}

	@Test
	@SuppressWarnings("unchecked")
	void theHttpFunctionsRoleMayWriteTheirLogsAndNothingElse() throws IOException {
		Map<String, Map<String, Object>> roles = resourcesOfType("AWS::IAM::Role");
		Map<String, Object> role = map(roles.get("FunctionRole"), "Properties");
		assertThat(role).doesNotContainKey("ManagedPolicyArns");
		List<Map<String, Object>> policies = (List<Map<String, Object>>) role.get("Policies");
		assertThat(policies).hasSize(1);
		List<Map<String, Object>> statements = (List<Map<String, Object>>) map(policies.get(0), "PolicyDocument")
			.get("Statement");
		assertThat(statements).singleElement().satisfies((statement) -> {
			assertThat(statement.get("Action")).isEqualTo(List.of("logs:CreateLogStream", "logs:PutLogEvents"));
			assertThat(statement.get("Resource")).isEqualTo(
					List.of(Map.of("Fn::GetAtt", "IngestLogGroup.Arn"), Map.of("Fn::GetAtt", "HourlyHighLogGroup.Arn"),
							Map.of("Fn::GetAtt", "SlidingWindowsLogGroup.Arn")));
		});
		assertThat(functionsWithEvent("HttpApi").values()).allSatisfy((function) -> {
			Map<String, Object> properties = map(function, "Properties");
			assertThat(properties.get("Role")).isEqualTo(Map.of("Fn::GetAtt", "FunctionRole.Arn"));
			assertThat(properties).doesNotContainKey("Policies");
		});
		assertThat(resourcesOfType("AWS::Serverless::Function").values())
			.allSatisfy((function) -> assertThat(map(function, "Properties")).doesNotContainKey("Policies"));
	}

	/**
	 * A role's statements, each as "actions resources": the read actions of a stream
	 * shortened to "read", the log actions to "logs". No wildcard anywhere.
	 */
	@SuppressWarnings("unchecked")
	private static List<String> statements(Map<String, Object> role) {
		assertThat(role).doesNotContainKey("ManagedPolicyArns");
		List<String> statements = new java.util.ArrayList<>();
		for (Map<String, Object> policy : (List<Map<String, Object>>) role.get("Policies")) {
			for (Map<String, Object> statement : (List<Map<String, Object>>) map(policy, "PolicyDocument")
				.get("Statement")) {
				assertThat(statement).containsEntry("Effect", "Allow").doesNotContainKey("Condition");
				List<String> actions = (List<String>) statement.get("Action");
				List<String> resources = ((List<Map<String, String>>) statement.get("Resource")).stream()
					.map((resource) -> resource.get("Fn::GetAtt").replace(".Arn", ""))
					.toList();
				assertThat(actions).noneMatch((action) -> action.contains("*"));
				String what = String.join(" ", actions);
				if (actions.equals(List.of("kinesis:DescribeStream", "kinesis:DescribeStreamSummary",
						"kinesis:GetRecords", "kinesis:GetShardIterator", "kinesis:ListShards"))) {
					what = "read";
				}
				if (actions.equals(List.of("logs:CreateLogStream", "logs:PutLogEvents"))) {
					what = "logs";
				}
				statements.add(what + " " + String.join(" ", resources));
			}
		}
		return statements;
	}

	private static String definition(Map<String, Object> function) {
		return (String) map(map(map(function, "Properties"), "Environment"), "Variables")
			.get("SPRING_CLOUD_FUNCTION_DEFINITION");
	}

	@SuppressWarnings("unchecked")
	private static String localName(Map<String, Object> properties) {
		return ((List<Map<String, String>>) properties.get("Tags")).stream()
			.filter((tag) -> tag.get("Key").equals("tickstream:name"))
			.map((tag) -> tag.get("Value"))
			.findFirst()
			.orElseThrow();
	}

	private static Map<String, Map<String, Object>> functionsWithEvent(String type) throws IOException {
		return resourcesOfType("AWS::Serverless::Function").entrySet()
			.stream()
			.filter((entry) -> map(map(entry.getValue(), "Properties"), "Events").values()
				.stream()
				.anyMatch((event) -> type.equals(((Map<?, ?>) event).get("Type"))))
			.collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
	}

	private static Set<String> applicationSettings() throws IOException {
		return applicationProperties().stringPropertyNames();
	}

	private static String setting(String name) throws IOException {
		return applicationProperties().getProperty(name);
	}

	private static Properties applicationProperties() throws IOException {
		Properties properties = new Properties();
		try (Reader reader = Files.newBufferedReader(Path.of("src/main/resources/application.properties"))) {
			properties.load(reader);
		}
		return properties;
	}

	@Test
	void theImagesLayoutRunsInTheLambdaRuntime(@TempDir Path taskRoot) throws Exception {
		Dockerfile dockerfile = Dockerfile.read(Path.of("Dockerfile"));
		Path lib = taskRoot.resolve(dockerfile.copyTarget().replace("${LAMBDA_TASK_ROOT}/", ""));
		Files.createDirectories(lib);
		Files.copy(Path.of(dockerfile.copySource()), lib.resolve(JAR.getFileName()));

		try (LambdaRuntimeApi api = new LambdaRuntimeApi();
				LambdaTask task = LambdaTask.start(taskRoot, RUNTIME, api, dockerfile.cmd(),
						Map.of("SPRING_CLOUD_FUNCTION_DEFINITION", "ingest"))) {
			LambdaRuntimeApi.Result result = api.invoke(LambdaEvents.httpApi(
					"{\"name\":\"fb\",\"high\":206.9,\"low\":205.1,\"ts\":\"2020-05-14 15:01:00-04:00\"}", Map.of()),
					Duration.ofSeconds(90), task);

			assertThat(result.error()).as(result.body()).isFalse();
			JsonNode response = LambdaEvents.tree(result.body().getBytes());
			assertThat(response.get("statusCode").asInt()).isEqualTo(200);
			assertThat(LambdaEvents.tree(response.get("body").asString().getBytes()).get("name").asString())
				.isEqualTo("FB");
		}
	}

	/**
	 * The names of the function beans: each one is a path, a definition and a binding.
	 */
	private static Set<String> functionBeanNames() {
		try {
			Class<?> functions = Class.forName("io.tickstream.function.TickFunctions");
			return Arrays.stream(functions.getDeclaredMethods())
				.filter((method) -> method.isAnnotationPresent(Bean.class))
				.filter((method) -> Function.class.isAssignableFrom(method.getReturnType()))
				.map(Method::getName)
				.collect(Collectors.toSet());
		}
		catch (ClassNotFoundException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String handlerClassFile(String handler) {
		return handler.substring(0, handler.indexOf("::")).replace('.', '/') + ".class";
	}

	private static List<String> jarEntries() throws IOException {
		try (ZipFile zip = new ZipFile(JAR.toFile())) {
			return zip.stream().map((entry) -> entry.getName()).toList();
		}
	}

	private static Map<String, Object> template() throws IOException {
		try (Reader reader = Files.newBufferedReader(Path.of("template.yaml"))) {
			return new Yaml().load(reader);
		}
	}

	private static Map<String, Map<String, Object>> resourcesOfType(String type) throws IOException {
		Map<String, Object> resources = map(template(), "Resources");
		return resources.keySet()
			.stream()
			.filter((name) -> type.equals(map(resources, name).get("Type")))
			.collect(Collectors.toMap(Function.identity(), (name) -> map(resources, name)));
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(Map<String, ?> parent, String key) {
		assertThat(parent).containsKey(key);
		return (Map<String, Object>) parent.get(key);
	}

	/** The three instructions of the project's Dockerfile. */
	private record Dockerfile(String from, String copySource, String copyTarget, String cmd) {

		private static final Pattern CMD = Pattern.compile("CMD\\s*\\[\\s*\"([^\"]+)\"\\s*]");

		static Dockerfile read(Path path) throws IOException {
			List<String> lines = Files.readAllLines(path)
				.stream()
				.map(String::strip)
				.filter((line) -> !line.isEmpty() && !line.startsWith("#"))
				.toList();
			String from = instruction(lines, "FROM")[1];
			String[] copy = instruction(lines, "COPY");
			Matcher cmd = CMD.matcher(String.join(" ", instruction(lines, "CMD")));
			assertThat(cmd.matches()).as("CMD in exec form with the handler").isTrue();
			return new Dockerfile(from, copy[1], copy[2], cmd.group(1));
		}

		private static String[] instruction(List<String> lines, String name) {
			List<String[]> found = lines.stream()
				.map((line) -> line.split("\\s+"))
				.filter((words) -> words[0].equals(name))
				.toList();
			assertThat(found).as("one %s instruction", name).hasSize(1);
			return found.get(0);
		}

	}

}
