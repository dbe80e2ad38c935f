package io.tickstream.web;

import java.io.File;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import io.tickstream.DataSet;
import io.tickstream.hourly.HourlyHigh;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The page at {@code /}, in a real headless browser (Debian's {@code chromium} driven
 * through its {@code chromedriver}, both installed by {@code .ci/run}): a real day's
 * Firehose file chosen in the page is posted to {@code /hourlyHigh}, and the series it
 * draws, read from the chart's points, are exactly {@code results.csv}. A screenshot of
 * each run is kept in {@code target/screenshots}.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class ChartPageTests {

	private static final Path SCREENSHOTS = Path.of("target", "screenshots");

	@LocalServerPort
	private int port;

	private WebDriver browser;

	@BeforeEach
	void startBrowser() {
		ChromeOptions options = new ChromeOptions().setBinary(executable("chromium"))
			.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu");
		// a driver named here: Selenium would otherwise try to download one
		ChromeDriverService driver = new ChromeDriverService.Builder()
			.usingDriverExecutable(new File(executable("chromedriver")))
			.build();
		this.browser = new ChromeDriver(driver, options);
		this.browser.manage().window().setSize(new Dimension(1280, 900));
	}

	@AfterEach
	void stopBrowser() {
		if (this.browser != null) {
			this.browser.quit();
		}
	}

	@Test
	void aChosenFirehoseFileIsDrawnAsEachCompanysHourlyHighs() throws Exception {
		DataSet dataSet = DataSet.load("YuboC_2020-05-14");
		Path file = Files.createDirectories(Path.of("target", "page-uploads")).resolve(dataSet.id() + ".json");
		Files.writeString(file, dataSet.ndjson());

		this.browser.get("http://127.0.0.1:" + this.port + "/");
		assertThat(this.browser.findElement(By.cssSelector("label[for=file]")).getText()).contains("Firehose file");
		this.browser.findElement(By.id("file")).sendKeys(file.toAbsolutePath().toString());
		new WebDriverWait(this.browser, Duration.ofSeconds(30))
			.until(ExpectedConditions.textMatches(By.id("status"), java.util.regex.Pattern.compile("hourly highs")));

		List<HourlyHigh> drawn = new ArrayList<>();
		for (WebElement series : this.browser.findElements(By.cssSelector("#chart g.series"))) {
			for (WebElement point : series.findElements(By.tagName("circle"))) {
				OffsetDateTime ts = OffsetDateTime.parse(point.getDomAttribute("data-ts"));
				assertThat(Integer.parseInt(point.getDomAttribute("data-hour"))).isEqualTo(ts.getHour());
				drawn.add(new HourlyHigh(series.getDomAttribute("data-company"), HourlyHigh.hourOf(ts),
						new BigDecimal(point.getDomAttribute("data-high")), ts,
						Long.parseLong(point.getDomAttribute("data-count"))));
			}
		}
		dataSet.assertMatches(drawn);
		assertThat(this.browser.findElements(By.cssSelector("#highs tbody tr"))).as("the table of the same")
			.hasSameSizeAs(drawn);
		screenshot("chart-" + dataSet.id());

		this.browser.manage().window().setSize(new Dimension(390, 844));
		Object overflow = ((JavascriptExecutor) this.browser)
			.executeScript("return document.documentElement.scrollWidth > window.innerWidth");
		assertThat(overflow).as("no sideways scrolling on a phone's width").isEqualTo(false);
		screenshot("chart-phone-" + dataSet.id());
	}

	@Test
	void aFileThatIsNoPriceDataIsSaidSo() throws Exception {
		Path file = Files.createDirectories(Path.of("target", "page-uploads")).resolve("not-prices.json");
		Files.writeString(file, "this is not JSON\n");

		this.browser.get("http://127.0.0.1:" + this.port + "/");
		this.browser.findElement(By.id("file")).sendKeys(file.toAbsolutePath().toString());

		new WebDriverWait(this.browser, Duration.ofSeconds(30))
			.until(ExpectedConditions.attributeContains(By.id("status"), "class", "error"));
		assertThat(this.browser.findElement(By.id("status")).getText()).startsWith("Could not read not-prices.json");
		assertThat(this.browser.findElement(By.id("results")).isDisplayed()).isFalse();
	}

	private void screenshot(String name) throws Exception {
		File shot = ((org.openqa.selenium.TakesScreenshot) this.browser).getScreenshotAs(OutputType.FILE);
		Files.createDirectories(SCREENSHOTS);
		Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
	}

	/** Debian's executables, where {@code .ci/run} installs them. */
	private static String executable(String name) {
		Path path = Path.of("/usr/bin", name);
		assertThat(path).as("%s (apt-get install chromium chromium-driver; .ci/run does)", name).isExecutable();
		return path.toString();
	}

}
