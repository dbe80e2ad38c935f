package io.tickstream.stream;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A test's own streams: the six of the pipeline, created on the shared emulators for one
 * test and named after its class ({@code <names>-ticks-raw} and so on), with what a test
 * does with them ({@link KinesisStreams}). A test (or a {@code @BeforeAll} method, for
 * its class) of a class extended with {@link LocalAws} gets them as a parameter; it names
 * the streams to the instances it starts with {@link #names()}.
 */
public final class PipelineStreams extends KinesisStreams {

	private final String names;

	PipelineStreams(String names, int shards) {
		super(LocalAws.kinesis());
		this.names = names;
		createPipeline(names, shards);
	}

	/** The prefix of the streams' names, for {@link TickstreamInstance#start}. */
	public String names() {
		return this.names;
	}

	public String raw() {
		return this.names + "-ticks-raw";
	}

	public String ticks() {
		return this.names + "-ticks";
	}

	public String deadLetters() {
		return this.names + "-ticks-dlq";
	}

	public String hourlyHighs() {
		return this.names + "-hourly-highs";
	}

	public String windowStats() {
		return this.names + "-window-stats";
	}

	public String lateTicks() {
		return this.names + "-ticks-late";
	}

	/** How many shards each stream has; one unless the parameter says. */
	@Target(ElementType.PARAMETER)
	@Retention(RetentionPolicy.RUNTIME)
	public @interface Shards {

		int value();

	}

}
