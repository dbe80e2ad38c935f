package io.tickstream.lambda;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static io.tickstream.Json.JSON;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * On Lambda the counts leave as CloudWatch embedded metric format: one JSON line per
 * invocation that CloudWatch Logs reads as metrics.
 */
class EmbeddedMetricsTests {

	private final List<String> lines = new ArrayList<>();

	private final EmbeddedMetrics metrics = new EmbeddedMetrics(JSON, this.lines::add,
			Clock.fixed(Instant.parse("2026-11-30T08:00:00Z"), ZoneOffset.UTC));

	@Test
	void anInvocationsCountsAreOneEmbeddedMetricLine() {
		this.metrics.iteratorAge("ticks", "shardId-000000000000", Duration.ofMillis(1500));
		this.metrics.batch("hourlyHighUpdates", 50, 2, 7);
		this.metrics.conditionalWrite(true);
		this.metrics.conditionalWrite(false);
		this.metrics.retry("Writing an hourly high to DynamoDB");

		this.metrics.flush("hourlyHighUpdates");

		assertThat(this.lines).hasSize(1);
		JsonNode line = JSON.readTree(this.lines.get(0));
		JsonNode directive = line.get("_aws").get("CloudWatchMetrics").get(0);
		assertThat(line.get("_aws").get("Timestamp").asLong())
			.isEqualTo(Instant.parse("2026-11-30T08:00:00Z").toEpochMilli());
		assertThat(directive.get("Namespace").asString()).isEqualTo("tickstream");
		assertThat(directive.get("Dimensions").toString()).isEqualTo("[[\"function\"]]");
		assertThat(directive.get("Metrics").findValuesAsString("Name")).containsExactly("RecordsRead",
				"RecordsAccepted", "RecordsRejected", "RecordsDeadLettered", "RecordsPublished", "ConditionalWritesWon",
				"ConditionalWritesLost", "Retries", "WindowCorrections", "RecordsTooLate", "IteratorAge");
		assertThat(line.get("function").asString()).isEqualTo("hourlyHighUpdates");
		assertThat(line.get("RecordsRead").asLong()).isEqualTo(50);
		assertThat(line.get("RecordsAccepted").asLong()).isEqualTo(48);
		assertThat(line.get("RecordsDeadLettered").asLong()).isEqualTo(2);
		assertThat(line.get("RecordsPublished").asLong()).isEqualTo(7);
		assertThat(line.get("ConditionalWritesWon").asLong()).isEqualTo(1);
		assertThat(line.get("ConditionalWritesLost").asLong()).isEqualTo(1);
		assertThat(line.get("Retries").asLong()).isEqualTo(1);
		assertThat(line.get("IteratorAge").asLong()).isEqualTo(1500);
	}

	@Test
	void aRequestsRejectedRecordsAreCounted() {
		this.metrics.answered("hourlyHigh", 50, 3);
		this.metrics.flush("hourlyHigh");

		JsonNode line = JSON.readTree(this.lines.get(0));
		assertThat(line.get("RecordsRead").asLong()).isEqualTo(50);
		assertThat(line.get("RecordsAccepted").asLong()).isEqualTo(47);
		assertThat(line.get("RecordsRejected").asLong()).isEqualTo(3);
	}

	@Test
	void eachInvocationCountsAfreshAndOneThatCountedNothingWritesNothing() {
		this.metrics.batch("ingest", 10, 0, 10);
		this.metrics.flush("ingest");
		this.metrics.flush("ingest");
		this.metrics.batch("ingest", 3, 1, 2);
		this.metrics.flush("ingest");

		assertThat(this.lines).hasSize(2);
		assertThat(JSON.readTree(this.lines.get(1)).get("RecordsRead").asLong()).isEqualTo(3);
		assertThat(JSON.readTree(this.lines.get(1)).has("IteratorAge")).isFalse();
	}

}
