package io.tickstream.lambda.esm;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
 * {@code ingest} and {@code slidingWindows} on Lambda behind the template's mappings, run
 * locally ({@link LocalLambdaPipeline}), with {@code ticks}' shard split in the middle of
 * the stream and the template's schedule waking the windows for quiet companies: the same
 * scenario, the same answers as on the binder ({@link WindowScenario}).
 */
@ExtendWith(LocalAws.class)
class LambdaWindowsIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofMinutes(6);

	/** How soon a company is quiet; EventBridge's minute is shortened to match. */
	private static final Duration IDLE = Duration.ofSeconds(10);

	private static final Duration SCHEDULE = Duration.ofSeconds(5);

	/**
	 * The records as Polygon's minute aggregates, with the ingest step's feed named
	 * ({@code TICKSTREAM_FEED}): the same windows as the course's shape.
	 */
	@Test
	void windowsAreTheBatchAnswerAcrossAShardSplit(PipelineStreams streams) throws Exception {
		run(streams, "lambda-windows", UnaryOperator.identity(), FeedFiles.Shape.POLYGON_AGGREGATE,
				WindowScenario.of(13));
	}

	/**
	 * With Lambda's tumbling windows ({@code TumblingWindowInSeconds}) the records travel
	 * in the window's state and are processed at its end: the same answers.
	 */
	@Test
	void withLambdasTumblingWindowsTheAnswersAreTheSame(PipelineStreams streams) throws Exception {
		run(streams, "lambda-tumbling", (mapping) -> mapping.withTumblingWindow(Duration.ofSeconds(3)),
				FeedFiles.Shape.COURSE,
				WindowScenario.of(List.of("dkfreitag_2021-05-11", "xyjiang970_2022-05-02"), 17));
	}

	/**
	 * @param shape the feed's shape the price records are put in, and the feed the ingest
	 * step is told they are in (the bad records stay as written)
	 */
	private static void run(PipelineStreams streams, String label, UnaryOperator<KinesisMapping> adjust,
			FeedFiles.Shape shape, WindowScenario scenario) throws Exception {
		String names = streams.names();
		Path logs = Files.createDirectories(Path.of(System.getProperty("tickstream.it-logs", "target/it-logs")));
		LocalLambdaPipeline.Setup setup = new LocalLambdaPipeline.Setup(Path.of("template.yaml"),
				Path.of(System.getProperty("tickstream.lambda.jar")),
				Path.of(System.getProperty("tickstream.lambda.runtime")), Files.createTempDirectory(logs, names + "-"),
				"http://127.0.0.1:" + LocalAws.kinesisPort(), "http://127.0.0.1:" + LocalAws.dynamoDbPort(),
				names + "-", Map.of("TICKSTREAM_FEED", shape.name().split("_")[0].toLowerCase(Locale.ROOT),
						"TICKSTREAM_WINDOW_IDLE", IDLE.toSeconds() + "s"));
		List<String> input = scenario.input()
			.stream()
			.map((line) -> scenario.isBad(line) ? line : shape.write(FeedFiles.Record.of(line)).toString())
			.toList();

		try (LocalLambdaPipeline pipeline = LocalLambdaPipeline.start(setup,
				LocalLambdaPipeline.without(Pipeline.HOURLY_HIGH_UPDATES),
				(mapping) -> mapping.environment().get("SPRING_CLOUD_FUNCTION_DEFINITION").equals(Pipeline.INGEST)
						? mapping : adjust.apply(mapping.withSchedule(SCHEDULE)))) {
			streams.put(streams.raw(), input.subList(0, input.size() / 2), 500);
			streams.await(streams.windowStats(), (records) -> records.size() >= 100, TIMEOUT);
			streams.split(streams.ticks());
			streams.put(streams.raw(), input.subList(input.size() / 2, input.size()), 500);
			long lastPut = System.nanoTime();

			int published = scenario.assertPublished(streams, TIMEOUT);
			System.out.printf(
					"%s: %d records, %d windows, %d versions published in all, %d invocations; the last"
							+ " %.0f s after the last put%n",
					label, input.size(), scenario.windows(), published,
					pipeline.mappings().stream().mapToInt(LocalEventSourceMapping::invocations).sum(),
					(System.nanoTime() - lastPut) / 1e9);
		}
	}

}
