package io.tickstream.function;

import java.util.Map;
import java.util.function.Function;

import io.tickstream.hourly.HourlyHighReport;
import io.tickstream.hourly.HourlyHighs;
import io.tickstream.metrics.PipelineMetrics;
import io.tickstream.tick.IngestReport;
import io.tickstream.tick.Feed;
import io.tickstream.tick.IngestResult;
import io.tickstream.tick.Reading;
import io.tickstream.tick.TickIngestion;
import io.tickstream.window.SlidingWindowReport;
import io.tickstream.window.SlidingWindows;
import io.tickstream.window.WindowSpec;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;

/**
 * The functions every surface serves. A bean's name is its HTTP path, its Lambda
 * {@code SPRING_CLOUD_FUNCTION_DEFINITION} and its stream binding's prefix.
 * <p>
 * Each takes the input as a message of UTF-8 bytes: one JSON object, a JSON array of
 * objects, newline-delimited JSON or CSV, in the shapes of the feeds (docs/feeds.md).
 * Bytes, not text: Spring Cloud Function applies a function to each element of a JSON
 * array unless its input type is an array or a collection, and a batch must be answered
 * as a whole. A message: the web server and Lambda hand the request's parameters over as
 * its header {@value #PARAMETERS}; {@code feed} names the feed (else
 * {@code tickstream.feed}), {@code name} the symbol of a CSV file without a symbol
 * column.
 * <p>
 * The Lambda surface registers the same functions from these methods by hand
 * ({@code LambdaApplication}).
 */
@Configuration(proxyBeanMethods = false)
public class TickFunctions {

	/**
	 * The message header with a request's query parameters: the name Spring Cloud
	 * Function's web support uses, which the Lambda surface uses too.
	 */
	public static final String PARAMETERS = "http_request_param";

	private static final String INGEST = "ingest";

	@Bean
	public TickIngestion tickIngestion(RecordProperties properties) {
		return TickIngestion.forExchangeZone(properties.exchangeZone(), properties.maxListedRejections());
	}

	/**
	 * Validates and normalises records: one record in, one out; a batch in, a report out.
	 */
	@Bean
	public Function<Message<byte[]>, IngestResult> ingest(TickIngestion ingestion, RecordProperties properties,
			ObjectProvider<PipelineMetrics> metrics) {
		PipelineMetrics counts = metrics.getIfAvailable(() -> PipelineMetrics.NONE);
		return (request) -> {
			IngestResult result;
			try {
				result = ingestion.ingest(request.getPayload(), reading(request, properties));
			}
			catch (RuntimeException ex) {
				if (Failure.of(ex) != null) { // a bad record: answered 400
					counts.answered(INGEST, 1, 1);
				}
				throw ex;
			}
			if (result instanceof IngestReport report) {
				count(counts, INGEST, report);
			}
			else {
				counts.answered(INGEST, 1, 0);
			}
			return result;
		};
	}

	/** The highest {@code high} per company and clock hour of a batch. */
	@Bean
	public Function<Message<byte[]>, HourlyHighReport> hourlyHigh(TickIngestion ingestion, RecordProperties properties,
			ObjectProvider<PipelineMetrics> metrics) {
		PipelineMetrics counts = metrics.getIfAvailable(() -> PipelineMetrics.NONE);
		return (request) -> HourlyHighs
			.of(count(counts, "hourlyHigh", ingestion.ingestAll(request.getPayload(), reading(request, properties))));
	}

	/**
	 * The high and low per company over sliding windows of a batch. The request's
	 * parameters {@code size} and {@code slide} (ISO-8601 durations) choose the windows;
	 * the settings give the defaults. A message, not bytes: the web server and Lambda
	 * hand the parameters over as its header {@value #PARAMETERS}.
	 */
	@Bean
	public Function<Message<byte[]>, SlidingWindowReport> slidingWindows(TickIngestion ingestion,
			RecordProperties records, WindowProperties properties, ObjectProvider<PipelineMetrics> metrics) {
		PipelineMetrics counts = metrics.getIfAvailable(() -> PipelineMetrics.NONE);
		WindowSpec defaults = properties.windows();
		return (request) -> {
			Map<?, ?> parameters = request.getHeaders().get(PARAMETERS, Map.class);
			WindowSpec windows = WindowSpec.parse(parameter(parameters, "size"), parameter(parameters, "slide"),
					defaults);
			return SlidingWindows.of(count(counts, "slidingWindows",
					ingestion.ingestAll(request.getPayload(), reading(request, records))), windows);
		};
	}

	/** A batch's records as the surface serving the function counts them. */
	private static IngestReport count(PipelineMetrics metrics, String function, IngestReport report) {
		metrics.answered(function, report.accepted().size() + report.rejectedCount(), report.rejectedCount());
		return report;
	}

	/** The feed the request names, else the setting's, and the symbol it names. */
	private static Reading reading(Message<byte[]> request, RecordProperties properties) {
		Map<?, ?> parameters = request.getHeaders().get(PARAMETERS, Map.class);
		String feed = parameter(parameters, "feed");
		return new Reading((feed != null) ? Feed.of(feed) : properties.feed(), parameter(parameters, "name"));
	}

	private static String parameter(Map<?, ?> parameters, String name) {
		Object value = (parameters != null) ? parameters.get(name) : null;
		return (value != null) ? value.toString() : null;
	}

}
