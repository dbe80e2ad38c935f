package io.tickstream;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * tickstream: validation and hourly aggregation of price records, written once as
 * {@code java.util.function} beans and served over HTTP, AWS Lambda and Kinesis.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class TickstreamApplication {

	public static void main(String[] args) {
		SpringApplication.run(TickstreamApplication.class, args);
	}

}
