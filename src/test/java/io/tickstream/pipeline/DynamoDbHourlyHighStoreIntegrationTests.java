package io.tickstream.pipeline;

import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.tickstream.DataSet;
import io.tickstream.hourly.HourlyHigh;
import io.tickstream.hourly.HourlyHighUpdate;
import io.tickstream.hourly.HourlyHighs;
import io.tickstream.metrics.PipelineMetrics;
import io.tickstream.stream.LocalAws;
import io.tickstream.tick.IngestReport;
import io.tickstream.tick.Tick;
import io.tickstream.tick.TickIngestion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hourly highs in DynamoDB (dynalite), offered a real data set in stream order: the
 * highest update per company and hour is the batch function's answer, a second instance
 * replaying every record changes no answer, and the instance cache saves most writes.
 */
@ExtendWith(LocalAws.class)
class DynamoDbHourlyHighStoreIntegrationTests {

	private final TickIngestion ingestion = TickIngestion.forExchangeZone(ZoneId.of("America/New_York"));

	@Test
	void theHighestUpdatesAreTheAnswerAndTheCacheSavesWrites() {
		DataSet yuboC = DataSet.load("YuboC_2020-05-14");
		IngestReport report = this.ingestion.ingestAll(yuboC.ndjson());
		DynamoDbHourlyHighStore first = store();
		List<HourlyHighUpdate> updates = offerAll(first, report.accepted());
		String firstWrites = first.writesPerOffer();

		DynamoDbHourlyHighStore replaying = store(); // another instance, a fresh cache
		updates.addAll(offerAll(replaying, report.accepted()));

		System.out.printf("hourly highs, %s: %s; replayed by a second instance: %s%n", yuboC.id(), firstWrites,
				replaying.writesPerOffer());
		Map<String, HourlyHighUpdate> highest = new HashMap<>();
		for (HourlyHighUpdate update : updates) {
			highest.merge(update.name() + "|" + update.hour().toInstant(), update,
					(kept, next) -> next.replaces(kept) ? next : kept);
		}
		List<HourlyHigh> expected = HourlyHighs.of(report).results();
		assertThat(highest).hasSize(expected.size());
		for (HourlyHigh high : expected) {
			HourlyHighUpdate update = highest.get(high.name() + "|" + high.hour().toInstant());
			assertThat(update.high()).isEqualByComparingTo(high.high());
			assertThat(update.ts().toInstant()).isEqualTo(high.ts().toInstant());
		}
		assertThat(Long.parseLong(firstWrites.split(" ")[0])).as("writes with the cache")
			.isLessThan(report.accepted().size() / 2);
	}

	private static List<HourlyHighUpdate> offerAll(DynamoDbHourlyHighStore store, List<Tick> ticks) {
		List<HourlyHighUpdate> updates = new ArrayList<>();
		for (Tick tick : ticks) {
			Optional<HourlyHighUpdate> update = store.offer(tick);
			update.ifPresent(updates::add);
		}
		return updates;
	}

	private static DynamoDbHourlyHighStore store() {
		DynamoDbHourlyHighStore store = new DynamoDbHourlyHighStore(LocalAws.dynamoDb(), "store-hourly-highs",
				new TransientRetry(Duration.ofSeconds(5)), PipelineMetrics.NONE);
		store.createIfMissing();
		return store;
	}

}
