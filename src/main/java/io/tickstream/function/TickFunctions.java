package io.tickstream.function;

import java.util.function.Function;

import io.tickstream.hourly.HourlyHighReport;
import io.tickstream.hourly.HourlyHighs;
import io.tickstream.tick.IngestResult;
import io.tickstream.tick.TickIngestion;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

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
class TickFunctions {

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

}
