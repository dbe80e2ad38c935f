package io.tickstream.web;

import java.io.File;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.regex.Pattern;

import io.tickstream.DataSet;
import io.tickstream.FeedFiles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.Isolated;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The page at {@code /}, in a real headless browser (Debian's {@code chromium} driven
 * through its {@code chromedriver}, both installed by {@code .ci/run}), at a desktop's
 * and a phone's width. A real day's file is chosen in the page; what the test reads is
 * what is drawn: each point's position, turned back into a price and an hour through its
 * panel's axis, is the Athena answer ({@code results.csv}). Screenshots are kept in
 * {@code target/screenshots}.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
@Isolated // sets system properties, or reads standard output
public class ChartPageIntegrationTests {

	static final Path SCREENSHOTS = Path.of("target", "screenshots");

	private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm");

	@LocalServerPort
	private int port;

	private WebDriver browser;

	@BeforeEach
	void startBrowser() {
		this.browser = startChromium();
		this.browser.manage().window().setSize(new Dimension(1280, 900));
	}

	@AfterEach
	void stopBrowser() {
		if (this.browser != null) {
			this.browser.quit();
		}
	}

	@Test
	void aRealDayIsDrawnOnePanelACompanyEachOnItsOwnScale(CapturedOutput output) throws Exception {
		int logged = output.getOut().length(); // what the test's own start logged is not
												// the page's
		DataSet dataSet = DataSet.load("YuboC_2020-05-14");
		List<String> lines = new ArrayList<>(dataSet.lines());
		lines.add("this line is no record");
		lines.add("{\"name\":\"FB\",\"high\":2,\"low\":3,\"ts\":\"2020-05-14 15:02:00-04:00\"}");
		Path file = upload(dataSet.id() + ".ndjson", String.join("\n", lines) + "\n");

		this.browser.get("http://127.0.0.1:" + this.port + "/");
		this.browser.findElement(By.id("file")).sendKeys(file.toAbsolutePath().toString());
		awaitStatus("hourly highs");

		List<String> companies = dataSet.expected()
			.keySet()
			.stream()
			.map(DataSet.Key::name)
			.distinct()
			.sorted()
			.toList();
		assertThat(status()).isEqualTo(dataSet.expected().size() + " hourly highs of " + companies.size()
				+ " companies from YuboC_2020-05-14.ndjson; 2 records rejected (listed below)");
		List<WebElement> panels = this.browser.findElements(By.cssSelector("#panels figure.panel"));
		assertThat(panels).extracting((panel) -> panel.getDomAttribute("data-company"))
			.as("one panel a company")
			.containsExactlyElementsOf(companies);
		for (WebElement panel : panels) {
			assertDrawnExactly(panel, dataSet);
		}
		assertLabelsReadable();

		// hover: the exact figures of the day, in cents
		WebElement fbAtNine = point("FB", 9);
		new Actions(this.browser).moveToElement(fbAtNine).perform();
		WebElement tooltip = this.browser.findElement(By.id("tooltip"));
		new WebDriverWait(this.browser, Duration.ofSeconds(5)).until(ExpectedConditions.visibilityOf(tooltip));
		DataSet.Expected expected = dataSet.expected().get(new DataSet.Key("FB", 9));
		assertThat(tooltip.getText()).isEqualTo("FB · 09:00 · high " + cents(expected.high()) + " at "
				+ CLOCK.format(expected.ts().stream().min(Comparator.naturalOrder()).orElseThrow()));

		// the table: every hour, in cents, sortable
		List<WebElement> rows = this.browser.findElements(By.cssSelector("#highs tbody tr"));
		assertThat(rows).hasSize(dataSet.expected().size());
		for (WebElement row : rows) {
			List<String> cells = row.findElements(By.tagName("td")).stream().map(WebElement::getText).toList();
			DataSet.Expected answer = dataSet.expected()
				.get(new DataSet.Key(cells.get(0), Integer.parseInt(cells.get(1).substring(0, 2))));
			assertThat(answer).as("a row of the table: %s", cells).isNotNull();
			assertThat(cells.get(2)).as("the high of %s", cells).isEqualTo(cents(answer.high()));
			assertThat(answer.ts()).extracting(CLOCK::format).as("the time of %s", cells).contains(cells.get(3));
		}
		this.browser.findElement(By.cssSelector("#highs button[data-column=high]")).click();
		this.browser.findElement(By.cssSelector("#highs button[data-column=high]")).click();
		DataSet.Expected highest = dataSet.expected()
			.values()
			.stream()
			.max(Comparator.comparing(DataSet.Expected::high))
			.orElseThrow();
		assertThat(this.browser.findElement(By.cssSelector("#highs tbody tr td.number")).getText())
			.isEqualTo(cents(highest.high()));
		assertThat(this.browser.findElement(By.cssSelector("#highs th:nth-child(3)")).getDomAttribute("aria-sort"))
			.isEqualTo("descending");
		String text = this.browser.findElement(By.tagName("body")).getText();
		assertThat(text).as("no float artefacts shown").doesNotContainPattern("\\d\\.\\d{5,}");

		// the rejected records, by line and reason
		List<String> rejected = this.browser.findElements(By.cssSelector("#rejected li"))
			.stream()
			.map(WebElement::getText)
			.toList();
		int lastLine = lines.size();
		assertThat(rejected).hasSize(2);
		assertThat(rejected.get(0)).startsWith("line " + (lastLine - 1) + ": malformed JSON on line " + (lastLine - 1));
		assertThat(rejected.get(1)).isEqualTo("line " + lastLine + ": low 3 is greater than high 2");
		screenshot("chart-1280");

		// compared on one axis
		this.browser.findElement(By.cssSelector("input[name=view][value=compared]")).click();
		List<WebElement> compared = this.browser.findElements(By.cssSelector("#panels figure.panel"));
		assertThat(compared).hasSize(1);
		assertThat(compared.get(0).findElements(By.cssSelector("g.series"))).hasSize(companies.size());
		screenshot("chart-compared-1280");
		this.browser.findElement(By.cssSelector("input[name=view][value=each]")).click();

		// sliding windows: a high-low band a company
		this.browser.findElement(By.id("windows")).click();
		new WebDriverWait(this.browser, Duration.ofSeconds(30))
			.until((driver) -> driver.findElements(By.cssSelector("polygon.band")).size() == companies.size());
		screenshot("chart-windows-1280");
		this.browser.findElement(By.id("windows")).click(); // the bands widen the axis to
															// the windows' lows
		new WebDriverWait(this.browser, Duration.ofSeconds(10))
			.until((driver) -> driver.findElements(By.cssSelector("polygon.band")).isEmpty());

		this.browser.manage().window().setSize(new Dimension(390, 844));
		new WebDriverWait(this.browser, Duration.ofSeconds(10)).until((driver) -> ((Number) script(
				"return document.querySelector('#panels svg').getBoundingClientRect().width"))
			.doubleValue() < 390); // redrawn for the width
		assertThat(script("return document.documentElement.scrollWidth > window.innerWidth"))
			.as("no sideways scrolling on a phone's width")
			.isEqualTo(false);
		assertLabelsReadable();
		for (WebElement panel : this.browser.findElements(By.cssSelector("#panels figure.panel"))) {
			assertDrawnExactly(panel, dataSet);
		}
		screenshot("chart-390");
		script("document.getElementById('highs').scrollIntoView()");
		screenshot("chart-table-390");

		assertNoConsoleErrors();
		assertThat(output.getOut().substring(logged)).as("the server's log while the page was used")
			.doesNotContain(" WARN ", " ERROR ");
	}

	/** yfinance's CSV export of several symbols draws the same day as its JSON. */
	@Test
	void aCsvExportIsDrawnAsTheSameDay() throws Exception {
		DataSet dataSet = DataSet.load("dkfreitag_2021-05-11");
		Path file = upload(dataSet.id() + ".csv", FeedFiles.yfinance(dataSet));

		this.browser.get("http://127.0.0.1:" + this.port + "/");
		this.browser.findElement(By.id("file")).sendKeys(file.toAbsolutePath().toString());
		awaitStatus("hourly highs");

		long companies = dataSet.expected().keySet().stream().map(DataSet.Key::name).distinct().count();
		assertThat(status()).isEqualTo(dataSet.expected().size() + " hourly highs of " + companies
				+ " companies from dkfreitag_2021-05-11.csv");
		List<WebElement> panels = this.browser.findElements(By.cssSelector("#panels figure.panel"));
		assertThat(panels).hasSize((int) companies);
		for (WebElement panel : panels) {
			assertDrawnExactly(panel, dataSet);
		}
		assertNoConsoleErrors();
	}

	@Test
	void aFileThatIsNoPriceDataIsSaidSo() throws Exception {
		Path file = upload("not-prices.json", "this is not JSON\n");

		this.browser.get("http://127.0.0.1:" + this.port + "/");
		this.browser.findElement(By.id("file")).sendKeys(file.toAbsolutePath().toString());

		new WebDriverWait(this.browser, Duration.ofSeconds(30))
			.until(ExpectedConditions.attributeContains(By.id("status"), "class", "error"));
		assertThat(status()).startsWith("Could not read not-prices.json");
		assertThat(this.browser.findElement(By.id("results")).isDisplayed()).isFalse();
		assertNoConsoleErrorsBut("400");
	}

	/**
	 * Each point of the panel, turned back into an hour and a price through the panel's
	 * own axis, is the Athena answer within a pixel; the axis spans that company's prices
	 * and little more.
	 */
	public static void assertDrawnExactly(WebElement panel, DataSet dataSet) {
		String company = panel.getDomAttribute("data-company");
		WebElement svg = panel.findElement(By.tagName("svg"));
		double yMin = number(svg, "data-y-min");
		double yMax = number(svg, "data-y-max");
		double top = number(svg, "data-plot-top");
		double bottom = number(svg, "data-plot-bottom");
		double left = number(svg, "data-plot-left");
		double right = number(svg, "data-plot-right");
		double firstHour = number(svg, "data-hour-first");
		double lastHour = number(svg, "data-hour-last");
		List<Map.Entry<DataSet.Key, DataSet.Expected>> expected = dataSet.expected()
			.entrySet()
			.stream()
			.filter((entry) -> entry.getKey().name().equals(company))
			.toList();
		double low = expected.stream()
			.mapToDouble((entry) -> entry.getValue().high().doubleValue())
			.min()
			.orElseThrow();
		double high = expected.stream()
			.mapToDouble((entry) -> entry.getValue().high().doubleValue())
			.max()
			.orElseThrow();
		assertThat(yMin).as("%s's axis starts at its lowest high", company).isLessThanOrEqualTo(low);
		assertThat(yMax).as("%s's axis ends at its highest high", company).isGreaterThanOrEqualTo(high);
		assertThat(yMax - yMin).as("%s's axis spans its own prices", company)
			.isLessThanOrEqualTo((high - low) * 1.25 + high * 0.02);
		List<WebElement> points = panel.findElements(By.cssSelector("g.series circle"));
		assertThat(points).hasSameSizeAs(expected);
		double pricePerPixel = (yMax - yMin) / (bottom - top);
		double hourWidth = (right - left) / (lastHour - firstHour + 1);
		for (WebElement point : points) {
			double cx = Double.parseDouble(point.getDomAttribute("cx"));
			double cy = Double.parseDouble(point.getDomAttribute("cy"));
			int hour = (int) Math.round(firstHour + (cx - left) / hourWidth - 0.5);
			double price = yMin + (bottom - cy) * pricePerPixel;
			DataSet.Expected answer = dataSet.expected().get(new DataSet.Key(company, hour));
			assertThat(answer).as("%s drawn at %d h", company, hour).isNotNull();
			assertThat(price).as("%s at %d h", company, hour)
				.isCloseTo(answer.high().doubleValue(), within(pricePerPixel));
		}
	}

	private void assertLabelsReadable() {
		List<?> heights = (List<?>) script(
				"return Array.from(document.querySelectorAll('#panels svg text')).map(t => t.getBoundingClientRect().height)");
		assertThat(heights).isNotEmpty()
			.allSatisfy((height) -> assertThat(((Number) height).doubleValue()).as("an axis label's height in px")
				.isGreaterThanOrEqualTo(10));
	}

	private void assertNoConsoleErrors() {
		assertNoConsoleErrorsBut(null);
	}

	/**
	 * No error in the console: no failed request (a 404 for a favicon), no script error.
	 */
	private void assertNoConsoleErrorsBut(String expected) {
		List<String> errors = this.browser.manage()
			.logs()
			.get(LogType.BROWSER)
			.getAll()
			.stream()
			.filter((entry) -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
			.map(LogEntry::getMessage)
			.filter((message) -> expected == null || !message.contains(expected))
			.toList();
		assertThat(errors).as("console errors").isEmpty();
	}

	private WebElement point(String company, int hour) {
		for (WebElement point : this.browser
			.findElements(By.cssSelector("#panels figure[data-company=" + company + "] circle"))) {
			if (OffsetDateTime.parse(point.getDomAttribute("data-hour")).getHour() == hour) {
				return point;
			}
		}
		throw new AssertionError("no point of " + company + " at " + hour + " h");
	}

	private void awaitStatus(String text) {
		new WebDriverWait(this.browser, Duration.ofSeconds(30))
			.until(ExpectedConditions.textMatches(By.id("status"), Pattern.compile(Pattern.quote(text))));
	}

	private String status() {
		return this.browser.findElement(By.id("status")).getText();
	}

	private Object script(String script) {
		return ((JavascriptExecutor) this.browser).executeScript(script);
	}

	private void screenshot(String name) throws Exception {
		screenshot(this.browser, name);
	}

	public static void screenshot(WebDriver browser, String name) throws Exception {
		File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
		Files.createDirectories(SCREENSHOTS);
		Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
	}

	private static Path upload(String name, String content) throws Exception {
		Path file = Files.createDirectories(Path.of("target", "page-uploads")).resolve(name);
		Files.writeString(file, content);
		return file;
	}

	static String cents(BigDecimal price) {
		// as the browser rounds: the double's own value, half away from zero
		return new BigDecimal(price.doubleValue()).setScale(2, RoundingMode.HALF_UP).toPlainString();
	}

	private static double number(WebElement element, String attribute) {
		return Double.parseDouble(element.getDomAttribute(attribute));
	}

	/** Debian's chromium, headless, its console kept for the test to read. */
	public static WebDriver startChromium() {
		ChromeOptions options = new ChromeOptions().setBinary(executable("chromium"))
			.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu");
		LoggingPreferences logs = new LoggingPreferences();
		logs.enable(LogType.BROWSER, Level.ALL);
		options.setCapability("goog:loggingPrefs", logs);
		// a driver named here: Selenium would otherwise try to download one
		ChromeDriverService driver = new ChromeDriverService.Builder()
			.usingDriverExecutable(new File(executable("chromedriver")))
			.build();
		return new ChromeDriver(driver, options);
	}

	/** Debian's executables, where {@code .ci/run} installs them. */
	private static String executable(String name) {
		Path path = Path.of("/usr/bin", name);
		assertThat(path).as("%s (apt-get install chromium chromium-driver; .ci/run does)", name).isExecutable();
		return path.toString();
	}

}
