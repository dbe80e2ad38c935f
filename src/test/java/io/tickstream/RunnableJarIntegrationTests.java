package io.tickstream;

import java.io.File;
import java.io.IOException;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The runnable jar holds what runs and no more: at most 80 MB, no KPL native binary (the
 * KPL is never started), none of what the Glue schema registry decoder brings, which
 * nothing configures. The stream tests start this jar against the emulators.
 */
class RunnableJarIntegrationTests {

	private static final long MAX_BYTES = 80L * 1024 * 1024;

	@Test
	void holdsWhatRunsAndNoMore() throws IOException {
		File jar = new File(System.getProperty("tickstream.app.jar"));
		try (JarFile contents = new JarFile(jar)) {
			List<String> entries = contents.stream().map(ZipEntry::getName).toList();
			System.out.printf("runnable jar: %.1f MB, %d entries%n", jar.length() / 1e6, entries.size());
			assertThat(jar.length()).as("size of %s", jar).isLessThanOrEqualTo(MAX_BYTES);
			assertThat(entries).as("the KPL's classes, without its native binaries")
				.contains("BOOT-INF/classes/software/amazon/kinesis/producer/KinesisProducerConfiguration.class")
				.noneMatch((entry) -> entry.contains("kinesis_producer") || entry.contains("amazon-kinesis-producer"));
			assertThat(entries).as("nothing of the Glue schema registry decoder")
				.noneMatch((entry) -> entry.matches("BOOT-INF/lib/(kafka-clients|scala-library|schema-registry-serde"
						+ "|glue-|kotlin-stdlib|zstd-jni|snappy-java).*"));
		}
	}

}
