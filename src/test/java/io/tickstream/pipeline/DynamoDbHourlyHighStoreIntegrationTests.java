package io.tickstream.pipeline;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;

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

	/**
	 * The store's conditional write keeps what {@link HourlyHighUpdate#replaces} (the one
	 * rule) says, on generated pairs of records of one company and hour: highs equal in
	 * value but written with other scales, times equal or a nanosecond, a millisecond or
	 * a second apart. Each pair has an item of its own; the second record is offered by
	 * another instance, so that no cache decides for DynamoDB.
	 */
	@Test
	void theConditionalWriteAgreesWithTheRuleOnGeneratedPairs() {
		List<BigDecimal> highs = Stream.of("2.5", "2.50", "2.500", "2.4999", "2.5001", "25E-1", "3")
			.map(BigDecimal::new)
			.toList();
		OffsetDateTime base = OffsetDateTime.parse("2020-05-14T15:30:00-04:00");
		List<Duration> shifts = List.of(Duration.ZERO, Duration.ofNanos(1), Duration.ofNanos(-1), Duration.ofMillis(1),
				Duration.ofSeconds(-1));
		Random random = new Random(20200514);
		Map<Integer, Integer> outcomes = new HashMap<>(); // the rule's answer → how often
		for (int pair = 0; pair < 150; pair++) {
			String name = "PAIR" + pair;
			Tick first = new Tick(name, highs.get(random.nextInt(highs.size())), BigDecimal.ONE,
					base.plus(shifts.get(random.nextInt(shifts.size()))));
			Tick second = new Tick(name, highs.get(random.nextInt(highs.size())), BigDecimal.ONE,
					base.plus(shifts.get(random.nextInt(shifts.size()))));
			assertThat(store().offer(first)).as("the first record of %s", name).isPresent();
			boolean replaces = HourlyHighUpdate.of(second).replaces(HourlyHighUpdate.of(first));
			assertThat(store().offer(second).isPresent()).as("%s after %s", second, first).isEqualTo(replaces);
			outcomes.merge(
					Integer.signum(
							HourlyHighUpdate.ORDER.compare(HourlyHighUpdate.of(second), HourlyHighUpdate.of(first))),
					1, Integer::sum);
		}
		assertThat(outcomes).as("pairs the second record wins, ties and loses").containsKeys(1, 0, -1);
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
