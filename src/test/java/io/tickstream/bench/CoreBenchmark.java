package io.tickstream.bench;

import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.concurrent.TimeUnit;

import io.tickstream.DataSet;
import io.tickstream.hourly.HourlyHighReport;
import io.tickstream.hourly.HourlyHighs;
import io.tickstream.tick.TickIngestion;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

import static io.tickstream.Json.JSON;

/**
 * The domain core on one thread: read, validate and aggregate a real data set's Firehose
 * file into hourly highs; baseline a streaming JSON parse of the same bytes (every token
 * read, nothing built), the least any reader of these records does.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CoreBenchmark {

	@Param({ "YuboC_2020-05-14", "dkfreitag_2021-05-11", "Nafis-Chowdhury_2021-11-30", "xyjiang970_2022-05-02" })
	public String dataSet;

	private byte[] ndjson;

	private TickIngestion ingestion;

	@Setup
	public void load() {
		this.ndjson = DataSet.load(this.dataSet).ndjson().getBytes(StandardCharsets.UTF_8);
		this.ingestion = TickIngestion.forExchangeZone(ZoneId.of("America/New_York"));
	}

	@Benchmark
	public HourlyHighReport readValidateAggregate() {
		return HourlyHighs.of(this.ingestion.ingestAll(this.ndjson));
	}

	@Benchmark
	public int streamingParse() {
		int tokens = 0;
		try (JsonParser parser = JSON.createParser(this.ndjson)) {
			while (parser.nextToken() != null) {
				if (parser.currentToken() == JsonToken.VALUE_STRING || parser.currentToken().isNumeric()) {
					parser.getString();
				}
				tokens++;
			}
		}
		return tokens;
	}

}
