package io.tickstream.lambda;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import io.tickstream.metrics.PipelineMetrics;
import tools.jackson.databind.json.JsonMapper;

/**
 * The pipeline's counts on Lambda, as CloudWatch embedded metric format lines: after each
 * invocation that counted something one JSON line on standard output, which CloudWatch
 * Logs turns into metrics (no agent, no call to CloudWatch). Namespace
 * {@code tickstream}, dimension {@code function}; the metrics are those of the stream
 * service's meters: {@code RecordsRead}, {@code RecordsAccepted},
 * {@code RecordsRejected}, {@code RecordsDeadLettered}, {@code RecordsPublished},
 * {@code ConditionalWritesWon}, {@code ConditionalWritesLost}, {@code Retries} (counts)
 * and {@code IteratorAge} (milliseconds).
 */
final class EmbeddedMetrics implements PipelineMetrics {

	static final String NAMESPACE = "tickstream";

	private static final List<String> COUNTS = List.of("RecordsRead", "RecordsAccepted", "RecordsRejected",
			"RecordsDeadLettered", "RecordsPublished", "ConditionalWritesWon", "ConditionalWritesLost", "Retries",
			"WindowCorrections", "RecordsTooLate");

	private final JsonMapper json;

	private final Consumer<String> out;

	private final Clock clock;

	private final Map<String, Long> counts = new LinkedHashMap<>();

	private Long iteratorAge;

	/**
	 * @param out where the lines go: standard output on Lambda
	 */
	EmbeddedMetrics(JsonMapper json, Consumer<String> out, Clock clock) {
		this.json = json;
		this.out = out;
		this.clock = clock;
	}

	@Override
	public synchronized void batch(String function, int read, int deadLettered, int published) {
		add("RecordsRead", read);
		add("RecordsAccepted", read - deadLettered);
		add("RecordsDeadLettered", deadLettered);
		add("RecordsPublished", published);
	}

	@Override
	public synchronized void lateRecords(int corrections, int tooLate) {
		add("WindowCorrections", corrections);
		add("RecordsTooLate", tooLate);
	}

	@Override
	public synchronized void answered(String function, int read, int rejected) {
		add("RecordsRead", read);
		add("RecordsAccepted", read - rejected);
		add("RecordsRejected", rejected);
	}

	@Override
	public synchronized void conditionalWrite(boolean won) {
		add(won ? "ConditionalWritesWon" : "ConditionalWritesLost", 1);
	}

	@Override
	public synchronized void retry(String operation) {
		add("Retries", 1);
	}

	@Override
	public synchronized void iteratorAge(String stream, String shard, Duration age) {
		this.iteratorAge = Math.max(0, age.toMillis());
	}

	private void add(String metric, long amount) {
		this.counts.merge(metric, amount, Long::sum);
	}

	/**
	 * Writes what the invocation counted as one line, and starts counting afresh.
	 * @param function the step the invocation ran
	 */
	synchronized void flush(String function) {
		if (this.counts.isEmpty() && this.iteratorAge == null) {
			return;
		}
		List<Map<String, String>> metrics = new ArrayList<>();
		Map<String, Object> line = new LinkedHashMap<>();
		line.put("_aws", Map.of("Timestamp", this.clock.millis(), "CloudWatchMetrics", List
			.of(Map.of("Namespace", NAMESPACE, "Dimensions", List.of(List.of("function")), "Metrics", metrics))));
		line.put("function", function);
		for (String count : COUNTS) {
			metrics.add(Map.of("Name", count, "Unit", "Count"));
			line.put(count, this.counts.getOrDefault(count, 0L));
		}
		if (this.iteratorAge != null) {
			metrics.add(Map.of("Name", "IteratorAge", "Unit", "Milliseconds"));
			line.put("IteratorAge", this.iteratorAge);
		}
		this.out.accept(this.json.writeValueAsString(line));
		this.counts.clear();
		this.iteratorAge = null;
	}

}
