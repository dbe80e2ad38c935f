package io.tickstream.bench;

import io.tickstream.hourly.HourlyHighs;
import io.tickstream.tick.TickIngestion;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.annotation.Profile;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The baseline of {@code bench/run http}: a plain controller doing {@code hourlyHigh}'s
 * work (the same domain code, bytes in, JSON out) in the same application, without Spring
 * Cloud Function. Only with the profile {@code bench}, which only the benchmark sets.
 */
@RestController
@Profile("bench")
class PlainController {

	private final TickIngestion ingestion;

	private final JsonMapper json;

	PlainController(TickIngestion ingestion, JsonMapper json) {
		this.ingestion = ingestion;
		this.json = json;
	}

	@PostMapping(path = "/plain/hourlyHigh", produces = MediaType.APPLICATION_JSON_VALUE)
	byte[] hourlyHigh(@RequestBody byte[] body) {
		return this.json.writeValueAsBytes(HourlyHighs.of(this.ingestion.ingestAll(body)));
	}

}
