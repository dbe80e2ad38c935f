package io.tickstream.pipeline;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The pipeline on a stream, the same on every stream surface (on Lambda as environment
 * variables, e.g. {@code TICKSTREAM_STREAMS_TICKS}): its streams and tables, and how the
 * stream service's consumers keep up with them ({@code retryCap} to
 * {@code kinesisHttp1}). Each setting is explained, with its default, in
 * {@code application.properties} and docs/configuration.md; the keys only the binder's
 * bindings read ({@code raw}, {@code group}, {@code batch-size}, {@code poll-interval})
 * are there too.
 */
@ConfigurationProperties("tickstream.streams")
public record StreamProperties(String ticks, String hourlyHighs, String deadLetters, String windowStats,
		String lateTicks, String stateTable, String windowTable, boolean createMissing, Duration retryCap,
		Duration lease, Duration shardSyncInterval, boolean kinesisHttp1) {

	public StreamNames names() {
		return new StreamNames(this.ticks, this.hourlyHighs, this.deadLetters, this.stateTable, this.windowStats,
				this.windowTable, this.lateTicks);
	}

}
