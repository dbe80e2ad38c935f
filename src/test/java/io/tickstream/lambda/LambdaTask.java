package io.tickstream.lambda;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The {@code aws} jar run as Lambda's managed Java runtime runs it: unzipped into a task
 * folder, a JVM started in that folder with only the runtime interface client on its
 * class path, the handler named on the command line, talking to a Runtime API.
 */
public final class LambdaTask implements AutoCloseable {

	public static final String HANDLER = "io.tickstream.lambda.LambdaHandler::handleRequest";

	private static final String JNI_PROPERTY = "com.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient.JNI";

	private final Process process;

	private final Path log;

	private final boolean keepLog;

	private LambdaTask(Process process, Path log, boolean keepLog) {
		this.process = process;
		this.log = log;
		this.keepLog = keepLog;
	}

	/**
	 * The runtime client's own native library. Unless told where it is, the runtime
	 * client copies it from its jar to {@code /tmp/.libaws-lambda-jni.so} at every start,
	 * over the one another runtime starting at the same moment is loading (a SIGBUS); so
	 * it is unpacked once, and named to each runtime as Lambda names its own.
	 */
	static synchronized Path nativeLibrary(Path runtimeJars) throws IOException {
		String name = "libaws-lambda-jni.linux-"
				+ ("aarch64".equals(System.getProperty("os.arch")) ? "aarch_64" : "x86_64") + ".so";
		Path library = runtimeJars.toAbsolutePath().resolve("jni").resolve(name);
		if (Files.exists(library)) {
			return library;
		}
		try (Stream<Path> jars = Files.list(runtimeJars)) {
			Path client = jars
				.filter((jar) -> jar.getFileName().toString().startsWith("aws-lambda-java-runtime-interface-client-"))
				.findFirst()
				.orElseThrow(() -> new IllegalStateException("no runtime interface client in " + runtimeJars));
			try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(client))) {
				for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
					if (entry.getName().equals("jni/" + name)) {
						Files.createDirectories(library.getParent());
						Path unpacked = Files.createTempFile(library.getParent(), name, ".tmp");
						Files.copy(zip, unpacked, StandardCopyOption.REPLACE_EXISTING);
						Files.move(unpacked, library, StandardCopyOption.ATOMIC_MOVE);
						return library;
					}
				}
			}
		}
		throw new IllegalStateException("no " + name + " in the runtime interface client");
	}

	/** Lambda unpacks a .zip or .jar deployment package into its task root. */
	public static Path unzip(Path jar, Path taskRoot) throws IOException {
		try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(jar))) {
			for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
				Path target = taskRoot.resolve(entry.getName()).normalize();
				if (!target.startsWith(taskRoot)) {
					throw new IOException("entry outside the task root: " + entry.getName());
				}
				if (entry.isDirectory()) {
					Files.createDirectories(target);
				}
				else {
					Files.createDirectories(target.getParent());
					Files.copy(zip, target);
				}
			}
		}
		return taskRoot;
	}

	static LambdaTask start(Path taskRoot, Path runtimeJars, LambdaRuntimeApi api, Map<String, String> environment)
			throws IOException {
		return start(taskRoot, runtimeJars, api, HANDLER, environment);
	}

	/** A runtime whose output is kept in {@code log} after it stops. */
	public static LambdaTask start(Path taskRoot, Path runtimeJars, LambdaRuntimeApi api,
			Map<String, String> environment, Path log) throws IOException {
		return start(taskRoot, runtimeJars, api, HANDLER, environment, log);
	}

	public static LambdaTask start(Path taskRoot, Path runtimeJars, LambdaRuntimeApi api, String handler,
			Map<String, String> environment) throws IOException {
		return start(taskRoot, runtimeJars, api, handler, environment, null);
	}

	private static LambdaTask start(Path taskRoot, Path runtimeJars, LambdaRuntimeApi api, String handler,
			Map<String, String> environment, Path keptLog) throws IOException {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.add("-XX:+TieredCompilation");
		command.add("-XX:TieredStopAtLevel=1"); // as Lambda's java runtimes start the JVM
		// as Lambda's java runtimes: SnapStart's hooks, and the runtime client's own
		// library
		command.add("-Dorg.crac.Core.Compat=com.amazonaws.services.lambda.crac");
		command.add("-D" + JNI_PROPERTY + "=" + nativeLibrary(runtimeJars));
		command.add("-cp");
		command.add(runtimeJars.toAbsolutePath() + "/*");
		command.add("com.amazonaws.services.lambda.runtime.api.client.AWSLambda");
		command.add(handler);
		ProcessBuilder builder = new ProcessBuilder(command).directory(taskRoot.toFile());
		Map<String, String> env = builder.environment();
		env.keySet().removeIf((name) -> name.startsWith("SPRING_") || name.equals("MAIN_CLASS"));
		env.put("AWS_LAMBDA_RUNTIME_API", api.address());
		env.put("LAMBDA_TASK_ROOT", taskRoot.toString());
		env.put("_HANDLER", handler);
		env.put("AWS_LAMBDA_FUNCTION_NAME", "tickstream");
		env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "1024");
		env.put("AWS_REGION", "us-east-1");
		env.putAll(environment);
		Path log = (keptLog != null) ? keptLog : Files.createTempFile("lambda-task", ".log");
		builder.redirectErrorStream(true).redirectOutput(log.toFile());
		return new LambdaTask(builder.start(), log, keptLog != null);
	}

	/**
	 * @return the exit code, or {@code null} if the process is still running after the
	 * timeout
	 */
	Integer awaitExit(Duration timeout) throws InterruptedException {
		return this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? this.process.exitValue() : null;
	}

	public boolean isAlive() {
		return this.process.isAlive();
	}

	/** What the runtime and the function printed. */
	public String log() throws IOException {
		try (InputStream in = Files.newInputStream(this.log)) {
			return new String(in.readAllBytes());
		}
	}

	@Override
	public void close() throws IOException {
		this.process.destroyForcibly();
		try {
			this.process.waitFor(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		if (!this.keepLog) {
			Files.deleteIfExists(this.log);
		}
	}

}
