package io.tickstream.stream;

import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.stream.Collectors;

import io.tickstream.DataSet;
import io.tickstream.FeedFiles;
import io.tickstream.hourly.HourlyHigh;
import io.tickstream.web.ChartPageIntegrationTests;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

import static io.tickstream.Json.JSON;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stream service's page, in Debian's chromium: opened after part of a real day was
 * published, it shows at once what is already there (from the state table), says it is
 * live, then draws what follows as it is published. What it draws is read back from the
 * points' positions and equals the Athena answer.
 */
@ExtendWith(LocalAws.class)
@ResourceLock(LocalAws.STREAM_SERVICE)
class LivePageIntegrationTests {

	private static final LocalDate DAY = LocalDate.of(2021, 5, 11);

	private static final Duration TIMEOUT = Duration.ofMinutes(3);

	@Test
	void thePageShowsWhatWasPublishedThenFollowsLive(PipelineStreams streams) throws Exception {
		DataSet day = DataSet.load("dkfreitag_2021-05-11"); // 780 records: a day at
															// five-minute bars
		Set<String> first = Set.of("BYND", "DDOG", "FB", "NFLX");
		List<String> before = day.lines().stream().filter((line) -> first.contains(name(line))).toList();
		List<String> after = day.lines().stream().filter((line) -> !first.contains(name(line))).toList();

		// put as Alpaca's bars, the ingest step told so (tickstream.feed)
		try (TickstreamInstance instance = TickstreamInstance.start(streams.names(),
				Map.of("tickstream.feed", "alpaca"))) {
			streams.put(streams.raw(), alpacaBars(before), 500);
			streams.await(streams.hourlyHighs(), (updates) -> published(updates, day, first), TIMEOUT);

			WebDriver browser = ChartPageIntegrationTests.startChromium();
			try {
				browser.manage().window().setSize(new Dimension(1280, 900));
				browser.get(instance.url("/"));

				assertThat(browser.findElements(By.id("file"))).as("no file chooser: the service has no function")
					.isEmpty();
				awaitPanels(browser, first.size());
				assertThat(browser.findElement(By.id("connection")).getText())
					.isEqualTo("live — waiting for the first update");
				for (WebElement panel : browser.findElements(By.cssSelector("#panels figure.panel"))) {
					ChartPageIntegrationTests.assertDrawnExactly(panel, day);
				}
				ChartPageIntegrationTests.screenshot(browser, "live-before-1280");

				streams.put(streams.raw(), alpacaBars(after), 500);
				streams.await(streams.hourlyHighs(), (updates) -> published(updates, day, companies(day)), TIMEOUT);

				awaitPanels(browser, companies(day).size());
				new WebDriverWait(browser, TIMEOUT).until((driver) -> {
					try {
						for (WebElement panel : driver.findElements(By.cssSelector("#panels figure.panel"))) {
							ChartPageIntegrationTests.assertDrawnExactly(panel, day);
						}
						return true;
					}
					catch (AssertionError | RuntimeException ex) {
						return false; // not every update drawn yet
					}
				});
				assertThat(browser.findElement(By.id("connection")).getText()).isEqualTo("live");
				assertThat(browser.findElement(By.id("status")).getText()).contains("since this page opened");
				ChartPageIntegrationTests.screenshot(browser, "live-1280");

				browser.manage().window().setSize(new Dimension(390, 844));
				Thread.sleep(500); // the page redraws for its new width after 150 ms
				assertThat(((JavascriptExecutor) browser)
					.executeScript("return document.documentElement.scrollWidth > window.innerWidth"))
					.as("no sideways scrolling on a phone's width")
					.isEqualTo(false);
				ChartPageIntegrationTests.screenshot(browser, "live-390");
				assertThat(browser.manage().logs().get(LogType.BROWSER).getAll())
					.filteredOn((entry) -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
					.as("console errors")
					.isEmpty();
			}
			finally {
				browser.quit();
			}
			assertThat(instance.log()).as("the service's log").doesNotContain(" WARN ", " ERROR ");
		}
	}

	private static void awaitPanels(WebDriver browser, int count) {
		new WebDriverWait(browser, TIMEOUT)
			.until((driver) -> driver.findElements(By.cssSelector("#panels figure.panel")).size() == count);
	}

	/** Whether the updates hold the day's answer for these companies. */
	private static boolean published(List<KinesisStreams.StreamRecord> updates, DataSet day, Set<String> companies) {
		Map<DataSet.Key, String> highs = new HashMap<>();
		for (HourlyHigh high : StreamAnswers.finalHourlyHighs(updates, DAY)) {
			if (companies.contains(high.name())) {
				highs.put(new DataSet.Key(high.name(), high.hour().getHour()),
						high.high().stripTrailingZeros().toPlainString());
			}
		}
		Map<DataSet.Key, String> expected = new HashMap<>();
		day.expected().forEach((key, answer) -> {
			if (companies.contains(key.name())) {
				expected.put(key, answer.high().stripTrailingZeros().toPlainString());
			}
		});
		return highs.equals(expected);
	}

	private static Set<String> companies(DataSet day) {
		return day.expected().keySet().stream().map(DataSet.Key::name).collect(Collectors.toSet());
	}

	private static List<String> alpacaBars(List<String> lines) {
		return lines.stream()
			.map((line) -> FeedFiles.Shape.ALPACA_BAR.write(FeedFiles.Record.of(line)).toString())
			.toList();
	}

	private static String name(String line) {
		return JSON.readTree(line).path("name").asString("").toUpperCase();
	}

}
