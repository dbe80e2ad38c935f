package io.tickstream;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Runs a command of the project's own (a script, {@code bin/replay}) as a user's shell
 * would: no input, its output and errors read whole once it ends.
 */
public final class Commands {

	private Commands() {
	}

	/**
	 * @throws AssertionError when the command does not end in time (it is killed, with
	 * what it started)
	 */
	public static Result run(ProcessBuilder command, Duration timeout) throws IOException, InterruptedException {
		Path logs = Files.createDirectories(Path.of(System.getProperty("tickstream.it-logs", "target/it-logs")));
		Path out = Files.createTempFile(logs, "command", ".out");
		Path err = Files.createTempFile(logs, "command", ".err");
		try {
			Process process = command.redirectOutput(out.toFile())
				.redirectError(err.toFile())
				.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
				.start();
			if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
				process.descendants().forEach(ProcessHandle::destroyForcibly);
				process.destroyForcibly();
				throw new AssertionError(String.join(" ", command.command()) + " did not end within " + timeout);
			}
			return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
					Files.readString(err, StandardCharsets.UTF_8));
		}
		finally {
			Files.deleteIfExists(out);
			Files.deleteIfExists(err);
		}
	}

	/** What a command ended with. */
	public record Result(int exit, String out, String err) {
	}

}
