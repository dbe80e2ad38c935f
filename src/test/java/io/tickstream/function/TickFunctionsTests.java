package io.tickstream.function;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import java.util.function.Function;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tickstream.hourly.HourlyHighReport;
import io.tickstream.metrics.MicrometerPipelineMetrics;
import io.tickstream.metrics.PipelineMetrics;
import io.tickstream.tick.IngestReport;
import io.tickstream.tick.Feed;
import io.tickstream.tick.IngestResult;
import io.tickstream.tick.Rejection;
import io.tickstream.tick.Tick;
import io.tickstream.tick.TickIngestion;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

class TickFunctionsTests {

	private final TickFunctions functions = new TickFunctions();

	private final RecordProperties properties = new RecordProperties(ZoneId.of("America/New_York"),
			DataSize.ofMegabytes(6), 1000, Feed.ANY, Duration.ofMinutes(5));

	private final TickIngestion ingestion = this.functions.tickIngestion(this.properties);

	private final MeterRegistry meters = new SimpleMeterRegistry();

	private final ObjectProvider<PipelineMetrics> metrics = new StaticListableBeanFactory(
			Map.of("metrics", new MicrometerPipelineMetrics(this.meters, "http")))
		.getBeanProvider(PipelineMetrics.class);

	private double count(String counter, String function) {
		return this.meters.get(counter).tags("function", function, "surface", "http").counter().count();
	}

	private static Message<byte[]> bytes(String text) {
		return MessageBuilder.withPayload(text.getBytes(StandardCharsets.UTF_8)).build();
	}

	@Test
	void ingestNormalisesARecord() {
		Function<Message<byte[]>, IngestResult> ingest = this.functions.ingest(this.ingestion, this.properties,
				this.metrics);

		assertThat(ingest
			.apply(bytes("{\"name\":\"fb\",\"high\":206.9,\"low\":205.1,\"ts\":\"2020-05-14 15:01:00-04:00\"}")))
			.isInstanceOfSatisfying(Tick.class, (tick) -> assertThat(tick.name()).isEqualTo("FB"));
	}

	@Test
	void ingestReportsABatch() {
		Function<Message<byte[]>, IngestResult> ingest = this.functions.ingest(this.ingestion, this.properties,
				this.metrics);

		assertThat(ingest
			.apply(bytes("{\"name\":\"fb\",\"high\":2,\"low\":1,\"ts\":\"2020-05-14 15:01:00\"}\n{\"name\":\"\"}")))
			.isInstanceOfSatisfying(IngestReport.class,
					(report) -> assertThat(report.rejected()).extracting(Rejection::index).containsExactly(1));
		assertThat(count("tickstream.records.read", "ingest")).isEqualTo(2);
		assertThat(count("tickstream.records.accepted", "ingest")).isEqualTo(1);
		assertThat(count("tickstream.records.rejected", "ingest")).isEqualTo(1);
	}

	@Test
	void hourlyHighAggregatesTheValidRecordsAndPassesOnTheRejected() {
		Function<Message<byte[]>, HourlyHighReport> hourlyHigh = this.functions.hourlyHigh(this.ingestion,
				this.properties, this.metrics);

		HourlyHighReport report = hourlyHigh.apply(bytes("""
				{"name":"fb","high":2,"low":1,"ts":"2020-05-14 15:01:00"}
				{"name":"fb","high":3,"low":1,"ts":"2020-05-14 15:31:00"}
				{"name":"fb","high":4,"low":5,"ts":"2020-05-14 15:41:00"}
				"""));

		assertThat(report.results()).singleElement()
			.satisfies((high) -> assertThat(high.high()).isEqualByComparingTo("3"));
		assertThat(report.rejected()).containsExactly(new Rejection(2, "low 5 is greater than high 4"));
	}

}
