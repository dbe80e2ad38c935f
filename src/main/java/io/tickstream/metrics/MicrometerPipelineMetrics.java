package io.tickstream.metrics;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The counts as Micrometer meters, tagged with the function and the surface
 * ({@code http}, {@code stream}): {@code tickstream.records.read}, {@code .accepted}
 * (read and neither rejected nor dead-lettered), {@code .rejected} (HTTP),
 * {@code .dead.lettered} and {@code .published} (stream);
 * {@code tickstream.dynamodb.conditional.writes} ({@code outcome=won|lost});
 * {@code tickstream.retries} ({@code operation}); and the gauge
 * {@code tickstream.shard.iterator.age} in milliseconds ({@code stream}, {@code shard}).
 */
public final class MicrometerPipelineMetrics implements PipelineMetrics {

	private final MeterRegistry registry;

	private final String surface;

	private final Map<String, AtomicLong> iteratorAges = new ConcurrentHashMap<>();

	/**
	 * @param surface what serves the records: {@code http} or {@code stream}
	 */
	public MicrometerPipelineMetrics(MeterRegistry registry, String surface) {
		this.registry = registry;
		this.surface = surface;
	}

	@Override
	public void batch(String function, int read, int deadLettered, int published) {
		count("tickstream.records.read", "records read", function, read);
		count("tickstream.records.accepted", "records read and used: neither rejected nor dead-lettered", function,
				read - deadLettered);
		count("tickstream.records.dead.lettered", "records a step wrote to the dead-letter stream", function,
				deadLettered);
		count("tickstream.records.published", "records a step wrote to its output stream", function, published);
	}

	private void count(String name, String description, String function, int amount) {
		Counter.builder(name)
			.description(description)
			.tags("function", function, "surface", this.surface)
			.register(this.registry)
			.increment(amount);
	}

	@Override
	public void lateRecords(int corrections, int tooLate) {
		count("tickstream.windows.corrections", "windows published again: records arrived after they were published",
				"slidingWindows", corrections);
		count("tickstream.records.too.late",
				"records written to the late records' stream: one of their windows was closed for good",
				"slidingWindows", tooLate);
	}

	@Override
	public void answered(String function, int read, int rejected) {
		count("tickstream.records.read", "records read", function, read);
		count("tickstream.records.accepted", "records read and used: neither rejected nor dead-lettered", function,
				read - rejected);
		count("tickstream.records.rejected", "records of a request answered as rejected", function, rejected);
	}

	@Override
	public void conditionalWrite(boolean won) {
		this.registry.counter("tickstream.dynamodb.conditional.writes", "outcome", won ? "won" : "lost").increment();
	}

	@Override
	public void retry(String operation) {
		this.registry.counter("tickstream.retries", "operation", operation).increment();
	}

	@Override
	public void iteratorAge(String stream, String shard, Duration age) {
		this.iteratorAges.computeIfAbsent(stream + "/" + shard, (key) -> {
			AtomicLong value = new AtomicLong();
			Gauge.builder("tickstream.shard.iterator.age", value, AtomicLong::get)
				.description("how long the last record a step read from the shard had waited in it")
				.baseUnit("milliseconds")
				.tags("stream", stream, "shard", shard)
				.register(this.registry);
			return value;
		}).set(Math.max(0, age.toMillis()));
	}

}
