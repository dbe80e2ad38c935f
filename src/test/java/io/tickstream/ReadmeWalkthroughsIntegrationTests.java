package io.tickstream;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

/**
 * The README's walkthroughs, run as written: the commands and the output they show are
 * read from README.md (between {@code <!-- walkthrough: NAME -->} and
 * {@code <!-- /walkthrough -->}), so that the README cannot drift from what works.
 * <p>
 * Each command runs in the project's folder as a user would type it, with the README's
 * ports. What a user runs in a terminal of its own and leaves running is started in the
 * background: {@code ./mvnw spring-boot:run ARGS} as the built jar with the same
 * arguments, {@code local-aws/lambda-pipeline.sh} as it is; each is stopped as the README
 * says, the pipeline with a Ctrl-C (SIGINT to its process group). {@code ./mvnw verify},
 * the command that runs this test, is the one command not run. Shown output must appear
 * in order ({@code …} stands for anything); a {@code bin/read-stream} is asked again
 * until it shows what the README shows, as a user would after a moment.
 */
class ReadmeWalkthroughsIntegrationTests {

	private static final Path README = Path.of("README.md");

	private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(3);

	/** How long a stream may take to show what the README shows. */
	private static final Duration STREAM_TIMEOUT = Duration.ofMinutes(2);

	private static final List<Integer> PORTS = List.of(8080, 8081, 4568, 4569);

	private static final Pattern WALKTHROUGH = Pattern
		.compile("<!-- walkthrough: ([a-z-]+) -->(.*?)<!-- /walkthrough -->", Pattern.DOTALL);

	private static final Pattern BLOCK = Pattern.compile("```(bash|console)\n(.*?)```", Pattern.DOTALL);

	private final Path logs = Path.of(System.getProperty("tickstream.it-logs", "target/it-logs"));

	private final List<Background> running = new ArrayList<>();

	@Test
	void everyWalkthroughOfTheReadmeIsRunHere() throws IOException {
		List<String> names = WALKTHROUGH.matcher(Files.readString(README))
			.results()
			.map((walkthrough) -> walkthrough.group(1))
			.toList();
		assertThat(names).containsExactly("quick-start", "streams", "lambda");
	}

	@ParameterizedTest
	@ValueSource(strings = { "quick-start", "streams", "lambda" })
	void theWalkthroughWorksAsWritten(String name) throws Exception {
		List<Step> steps = steps(name);
		assertThat(steps).as("commands of walkthrough %s", name).isNotEmpty();
		for (int port : PORTS) {
			assertThat(free(port)).as("port %d, which the README's walkthroughs use, is free", port).isTrue();
		}
		Files.createDirectories(this.logs);
		try {
			for (Step step : steps) {
				run(name, step);
			}
			stopBackground();
		}
		finally {
			for (Background background : this.running) {
				background.process().descendants().forEach(ProcessHandle::destroyForcibly);
				background.process().destroyForcibly();
			}
			shell("local-aws/stop.sh", Duration.ofMinutes(1)); // whatever a failed step
																// left running
		}
	}

	private void run(String walkthrough, Step step) throws Exception {
		String command = step.command();
		if (command.equals("./mvnw verify")) {
			return; // it runs this test
		}
		if (command.startsWith("./mvnw spring-boot:run")) {
			startService(walkthrough, command);
			return;
		}
		if (command.equals("local-aws/lambda-pipeline.sh")) {
			startLambdaPipeline(walkthrough);
			return;
		}
		if (command.equals("local-aws/stop.sh")) {
			stopBackground(); // the README stops the service with Ctrl-C first
		}
		if (command.startsWith("bin/read-stream") && !step.output().isEmpty()) {
			await().atMost(STREAM_TIMEOUT).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
				Commands.Result result = shell(command, COMMAND_TIMEOUT);
				assertShows(step, result);
			});
			return;
		}
		Commands.Result result = shell(command, COMMAND_TIMEOUT);
		assertShows(step, result);
	}

	private static void assertShows(Step step, Commands.Result result) {
		assertThat(result.exit()).as("exit of %s%n%s", step.command(), result.err()).isZero();
		List<String> lines = result.out().lines().toList();
		int at = 0;
		for (String expected : step.output()) {
			if (expected.equals("…")) {
				continue;
			}
			Pattern line = shown(expected);
			while (at < lines.size() && !line.matcher(lines.get(at)).matches()) {
				at++;
			}
			if (at == lines.size()) {
				fail("%s does not show%n  %s%nafter what came before; it printed (%d lines):%n%s", step.command(),
						expected, lines.size(), String.join("\n", lines.subList(0, Math.min(lines.size(), 20))));
			}
			at++;
		}
	}

	/** A line as the README shows it: {@code …} stands for anything. */
	private static Pattern shown(String line) {
		StringBuilder regex = new StringBuilder();
		for (String part : line.split("…", -1)) {
			if (!regex.isEmpty()) {
				regex.append(".*");
			}
			regex.append(Pattern.quote(part));
		}
		return Pattern.compile(regex.toString());
	}

	/**
	 * {@code ./mvnw spring-boot:run [-Dspring-boot.run.profiles=P]}: the built jar with
	 * the same arguments, ready once its health says so.
	 */
	private void startService(String walkthrough, String command) throws Exception {
		List<String> java = new ArrayList<>(List.of(javaBinary(), "-jar", System.getProperty("tickstream.app.jar")));
		String profiles = null;
		for (String argument : command.substring("./mvnw spring-boot:run".length()).trim().split("\\s+")) {
			if (argument.startsWith("-Dspring-boot.run.profiles=")) {
				profiles = argument.substring("-Dspring-boot.run.profiles=".length());
				java.add("--spring.profiles.active=" + profiles);
			}
			else if (!argument.isEmpty()) {
				fail("the walkthrough passes %s, which this test does not translate", argument);
			}
		}
		Path log = this.logs.resolve("walkthrough-" + walkthrough + "-service.log");
		Process process = builder(java).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		this.running.add(new Background(process.toHandle(), log, false));
		URI health = (profiles != null && profiles.contains("kinesis"))
				? URI.create("http://127.0.0.1:8081/actuator/health/readiness")
				: URI.create("http://127.0.0.1:8080/actuator/health");
		HttpClient client = HttpClient.newHttpClient();
		await().atMost(COMMAND_TIMEOUT).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
			assertThat(process.isAlive()).as("the service runs; its log:%n%s", tail(log)).isTrue();
			int status;
			try {
				status = client.send(HttpRequest.newBuilder(health).build(), BodyHandlers.discarding()).statusCode();
			}
			catch (IOException ex) {
				status = -1;
			}
			assertThat(status).as("%s", health).isEqualTo(200);
		});
	}

	/**
	 * In a process group of its own, as a terminal runs it, so that Ctrl-C reaches all of
	 * it.
	 */
	private void startLambdaPipeline(String walkthrough) throws Exception {
		Path log = this.logs.resolve("walkthrough-" + walkthrough + "-pipeline.log");
		Process process = builder(List.of("setsid", "local-aws/lambda-pipeline.sh")).redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		this.running.add(new Background(process.toHandle(), log, true));
		await().atMost(COMMAND_TIMEOUT).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
			assertThat(process.isAlive()).as("the pipeline runs; its output:%n%s", tail(log)).isTrue();
			assertThat(Files.readString(log)).contains("Local Lambda pipeline running");
		});
	}

	/** Ctrl-C for the pipeline; the service is stopped as its platform would stop it. */
	private void stopBackground() throws Exception {
		for (Background background : this.running) {
			if (!background.process().isAlive()) {
				continue;
			}
			if (background.ctrlC()) {
				shell("kill -INT -- -" + background.process().pid(), Duration.ofSeconds(10));
			}
			else {
				background.process().destroy();
			}
			assertThat(background.process().onExit().get(2, TimeUnit.MINUTES).isAlive()).isFalse();
			if (background.ctrlC()) {
				String output = Files.readString(background.log());
				assertThat(output).as("what a Ctrl-C shows")
					.contains("Stopped the local Lambda pipeline and the emulators.")
					.doesNotContain("\u001b[", ".pid");
			}
		}
		this.running.clear();
	}

	private Commands.Result shell(String command, Duration timeout) throws IOException, InterruptedException {
		return Commands.run(builder(List.of("bash", "-c", command)), timeout);
	}

	/** A user's shell: no setting of the tests' own emulators. */
	private static ProcessBuilder builder(List<String> command) {
		ProcessBuilder builder = new ProcessBuilder(command);
		Map<String, String> environment = builder.environment();
		environment.keySet()
			.removeIf((variable) -> variable.startsWith("AWS_ENDPOINT_URL") || variable.equals("KINESIS_PORT")
					|| variable.equals("DYNAMODB_PORT") || variable.equals("RUN_DIR")
					|| variable.startsWith("SPRING_"));
		return builder;
	}

	/** The walkthrough's commands, each with the output the README shows for it. */
	static List<Step> steps(String name) throws IOException {
		Matcher walkthrough = WALKTHROUGH.matcher(Files.readString(README));
		while (walkthrough.find()) {
			if (walkthrough.group(1).equals(name)) {
				List<Step> steps = new ArrayList<>();
				Matcher block = BLOCK.matcher(walkthrough.group(2));
				while (block.find()) {
					steps.addAll(block.group(1).equals("bash") ? script(block.group(2)) : console(block.group(2)));
				}
				return steps;
			}
		}
		throw new IllegalArgumentException("README.md has no walkthrough " + name);
	}

	/** Commands a line, continued by a trailing backslash; comments dropped. */
	private static List<Step> script(String text) {
		List<Step> steps = new ArrayList<>();
		StringBuilder command = new StringBuilder();
		for (String line : text.split("\n")) {
			String code = withoutComment(line).strip();
			if (code.endsWith("\\")) {
				command.append(code, 0, code.length() - 1).append(' ');
				continue;
			}
			command.append(code);
			if (!command.toString().isBlank()) {
				steps.add(new Step(command.toString().strip(), List.of()));
			}
			command.setLength(0);
		}
		return steps;
	}

	/** {@code $ command} lines, each followed by what it prints (up to a blank line). */
	private static List<Step> console(String text) {
		List<Step> steps = new ArrayList<>();
		String command = null;
		List<String> output = new ArrayList<>();
		for (String line : text.split("\n")) {
			if (line.startsWith("$ ")) {
				if (command != null) {
					steps.add(new Step(command, List.copyOf(output)));
				}
				command = line.substring(2).strip();
				output.clear();
			}
			else if (!line.isBlank() && command != null) {
				output.add(line);
			}
		}
		if (command != null) {
			steps.add(new Step(command, List.copyOf(output)));
		}
		return steps;
	}

	/**
	 * The line up to a {@code #} that starts a comment: after a blank, outside quotes.
	 */
	private static String withoutComment(String line) {
		char quote = 0;
		for (int i = 0; i < line.length(); i++) {
			char c = line.charAt(i);
			if (quote != 0) {
				quote = (c == quote) ? 0 : quote;
			}
			else if (c == '\'' || c == '"') {
				quote = c;
			}
			else if (c == '#' && (i == 0 || Character.isWhitespace(line.charAt(i - 1)))) {
				return line.substring(0, i);
			}
		}
		return line;
	}

	private static boolean free(int port) {
		try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static String tail(Path log) throws IOException {
		List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
		return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
	}

	private static String javaBinary() {
		return Path.of(System.getProperty("java.home"), "bin", "java").toString();
	}

	record Step(String command, List<String> output) {
	}

	private record Background(ProcessHandle process, Path log, boolean ctrlC) {
	}

}
