package io.tickstream.function;

import java.util.Map;
import java.util.function.Function;

import io.tickstream.hourly.HourlyHighReport;
import io.tickstream.hourly.HourlyHighs;
import io.tickstream.tick.IngestResult;
import io.tickstream.tick.TickIngestion;
import io.tickstream.window.SlidingWindowReport;
import io.tickstream.window.SlidingWindows;
import io.tickstream.window.WindowSpec;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;

/**
 * The functions every surface serves. A bean's name is its HTTP path, its Lambda
 * {@code SPRING_CLOUD_FUNCTION_DEFINITION} and its stream binding's prefix.
 * <p>
 * Each takes the input as UTF-8 bytes: one JSON object, a JSON array of objects or
 * newline-delimited JSON. Bytes, not text: Spring Cloud Function applies a function to
 * each element of a JSON array unless its input type is an array or a collection, and a
 * batch must be answered as a whole.
 */
@Configuration(proxyBeanMethods = false)
public class TickFunctions {

	/**
	 * The message header with a request's query parameters: the name Spring Cloud
	 * Function's web support uses, which the Lambda surface uses too.
	 */
	public static final String PARAMETERS = "http_request_param";

	@Bean
	TickIngestion tickIngestion(TickProperties properties) {
		return TickIngestion.forExchangeZone(properties.exchangeZone(), properties.maxListedRejections());
	}

	/**
	 * Validates and normalises records: one record in, one out; a batch in, a report out.
	 */
	@Bean
	Function<byte[], IngestResult> ingest(TickIngestion ingestion) {
		return ingestion::ingest;
	}

	/** The highest {@code high} per company and clock hour of a batch. */
	@Bean
	Function<byte[], HourlyHighReport> hourlyHigh(TickIngestion ingestion) {
		return (input) -> HourlyHighs.of(ingestion.ingestAll(input));
	}

	/**
	 * The high and low per company over sliding windows of a batch. The request's
	 * parameters {@code size} and {@code slide} (ISO-8601 durations) choose the windows;
	 * the settings give the defaults. A message, not bytes: the web server and Lambda
	 * hand the parameters over as its header {@value #PARAMETERS}.
	 */
	@Bean
	Function<Message<byte[]>, SlidingWindowReport> slidingWindows(TickIngestion ingestion, TickProperties properties) {
		WindowSpec defaults = properties.windows();
		return (request) -> {
			Map<?, ?> parameters = request.getHeaders().get(PARAMETERS, Map.class);
			WindowSpec windows = WindowSpec.parse(parameter(parameters, "size"), parameter(parameters, "slide"),
					defaults);
			return SlidingWindows.of(ingestion.ingestAll(request.getPayload()), windows);
		};
	}

	private static String parameter(Map<?, ?> parameters, String name) {
		Object value = (parameters != null) ? parameters.get(name) : null;
		return (value != null) ? value.toString() : null;
	}

}
