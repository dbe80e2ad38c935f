package io.tickstream.lambda.esm;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

import io.tickstream.FeedFiles;
import io.tickstream.pipeline.Pipeline;
import io.tickstream.stream.LocalAws;
import io.tickstream.stream.PipelineStreams;
import io.tickstream.stream.WindowScenario;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code slidingWindows} on Lambda behind the template's {@code ticks} mapping, run
 * locally ({@link LocalLambdaPipeline}): the same scenario, the same answers as on the
 * binder ({@link WindowScenario}).
 */
@ExtendWith(LocalAws.class)
class LambdaWindowsIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofMinutes(3);

	/**
	 * The records as Polygon's minute aggregates, with the ingest step's feed named
	 * ({@code TICKSTREAM_FEED}): the same windows as the course's shape.
	 */
	@Test
	void finalWindowsAreExactAndLateRecordsAreDeadLetters(PipelineStreams streams) throws Exception {
		run(streams, "lambda-windows", UnaryOperator.identity(), FeedFiles.Shape.POLYGON_AGGREGATE);
	}

	/**
	 * With Lambda's tumbling windows ({@code TumblingWindowInSeconds}) the records travel
	 * in the window's state and are processed at its end: the same answers.
	 */
	@Test
	void withLambdasTumblingWindowsTheAnswersAreTheSame(PipelineStreams streams) throws Exception {
		run(streams, "lambda-tumbling", (mapping) -> mapping.withTumblingWindow(Duration.ofSeconds(3)),
				FeedFiles.Shape.COURSE);
	}

	/**
	 * @param shape the feed's shape the records are put in, and the feed the ingest step
	 * is told they are in
	 */
	private static void run(PipelineStreams streams, String label, UnaryOperator<KinesisMapping> adjust,
			FeedFiles.Shape shape) throws Exception {
		String names = streams.names();
		WindowScenario scenario = WindowScenario.of("dkfreitag_2021-05-11", 13);
		Path logs = Files.createDirectories(Path.of(System.getProperty("tickstream.it-logs", "target/it-logs")));
		LocalLambdaPipeline.Setup setup = new LocalLambdaPipeline.Setup(Path.of("template.yaml"),
				Path.of(System.getProperty("tickstream.lambda.jar")),
				Path.of(System.getProperty("tickstream.lambda.runtime")), Files.createTempDirectory(logs, names + "-"),
				"http://127.0.0.1:" + LocalAws.kinesisPort(), "http://127.0.0.1:" + LocalAws.dynamoDbPort(),
				names + "-", Map.of("TICKSTREAM_FEED", shape.name().split("_")[0].toLowerCase(Locale.ROOT)));

		try (LocalLambdaPipeline pipeline = LocalLambdaPipeline.start(setup,
				LocalLambdaPipeline.without(Pipeline.HOURLY_HIGH_UPDATES),
				(mapping) -> mapping.environment().get("SPRING_CLOUD_FUNCTION_DEFINITION").equals(Pipeline.INGEST)
						? mapping : adjust.apply(mapping))) {
			streams.put(streams.raw(),
					scenario.input().stream().map((line) -> shape.write(FeedFiles.Record.of(line)).toString()).toList(),
					100);

			int published = scenario.assertPublished(streams, TIMEOUT);
			System.out.printf("%s: %d final windows, %d published in all, %d invocations%n", label, scenario.windows(),
					published, pipeline.mappings().stream().mapToInt(LocalEventSourceMapping::invocations).sum());
		}
	}

}
