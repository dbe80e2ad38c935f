package io.tickstream;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AnnotationTypeFilter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * tickstream's own settings: one {@code @ConfigurationProperties} record per concern
 * under at most three prefixes, each setting's default written once (in
 * {@code application.properties}) and listed in docs/configuration.md, and none read past
 * the records.
 */
class SettingsTests {

	private static final Path RESOURCES = Path.of("src/main/resources");

	private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{(tickstream\\.[a-z0-9.-]+)(:[^}]*)?}");

	@Test
	void everySettingHasItsDefaultOnceAndIsReadByARecordOrABinding() throws IOException {
		Map<String, String> defaults = tickstreamSettings("application.properties");
		Map<String, Class<?>> bound = boundByRecords();
		Set<String> placeholders = new TreeSet<>();
		try (Stream<Path> files = Files.list(RESOURCES)) {
			for (Path file : files.filter((path) -> path.toString().endsWith(".properties")).toList()) {
				Matcher matcher = PLACEHOLDER.matcher(Files.readString(file));
				while (matcher.find()) {
					assertThat(matcher.group(2)).as("a default beside %s in %s", matcher.group(1), file).isNull();
					placeholders.add(matcher.group(1));
				}
			}
		}
		assertThat(defaults.keySet())
			.allSatisfy((key) -> assertThat(bound.containsKey(key) || placeholders.contains(key))
				.as("%s is read by a settings record or a binding", key)
				.isTrue());
		assertThat(bound.keySet()).as("every record component has its default in application.properties")
			.allSatisfy((key) -> assertThat(defaults).containsKey(key));
		assertThat(placeholders).allSatisfy((key) -> assertThat(defaults).containsKey(key));
		assertThat(defaults.keySet()).map(SettingsTests::prefix)
			.containsOnly("tickstream", "tickstream.streams", "tickstream.lambda");
	}

	@Test
	void theRecordsWriteNoDefaultsOfTheirOwn() {
		for (Class<?> record : settingsRecords()) {
			assertThat(record.isRecord()).as(record.getName()).isTrue();
			assertThat(record.getRecordComponents())
				.allSatisfy((component) -> assertThat(component.isAnnotationPresent(DefaultValue.class))
					.as("%s.%s", record.getSimpleName(), component.getName())
					.isFalse());
		}
	}

	@Test
	void everySettingIsDocumented() throws IOException {
		String docs = Files.readString(Path.of("docs/configuration.md"));
		assertThat(tickstreamSettings("application.properties").keySet()).allSatisfy((key) -> assertThat(
				docs.contains("`" + key + "`") || docs.contains("`." + key.substring(key.lastIndexOf('.') + 1) + "`"))
			.as("docs/configuration.md lists %s", key)
			.isTrue());
	}

	@Test
	void noCodeReadsASettingPastTheRecords() throws IOException {
		Pattern direct = Pattern
			.compile("(@Value\\(|getProperty\\(|getRequiredProperty\\(|\\.bind\\()\"\\$?\\{?tickstream\\.");
		try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
			for (Path file : files.filter((path) -> path.toString().endsWith(".java")).toList()) {
				assertThat(direct.matcher(Files.readString(file)).find())
					.as("%s reads a tickstream setting itself", file)
					.isFalse();
			}
		}
	}

	private static String prefix(String key) {
		return key.substring(0, key.lastIndexOf('.'));
	}

	private static Map<String, String> tickstreamSettings(String file) throws IOException {
		Properties properties = new Properties();
		try (Reader reader = Files.newBufferedReader(RESOURCES.resolve(file))) {
			properties.load(reader);
		}
		Map<String, String> settings = new HashMap<>();
		properties.stringPropertyNames()
			.stream()
			.filter((key) -> key.startsWith("tickstream."))
			.forEach((key) -> settings.put(key, properties.getProperty(key)));
		return settings;
	}

	/** Each setting a record binds, by its key. */
	private static Map<String, Class<?>> boundByRecords() {
		Map<String, Class<?>> bound = new HashMap<>();
		for (Class<?> record : settingsRecords()) {
			String prefix = record.getAnnotation(ConfigurationProperties.class).value();
			for (var component : record.getRecordComponents()) {
				String key = prefix + "." + component.getName().replaceAll("([A-Z])", "-$1").toLowerCase();
				assertThat(bound.put(key, record)).as("%s is bound twice", key).isNull();
			}
		}
		return bound;
	}

	private static Set<Class<?>> settingsRecords() {
		ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
		scanner.addIncludeFilter(new AnnotationTypeFilter(ConfigurationProperties.class));
		Set<Class<?>> records = new LinkedHashSet<>();
		for (BeanDefinition candidate : scanner.findCandidateComponents("io.tickstream")) {
			try {
				records.add(Class.forName(candidate.getBeanClassName()));
			}
			catch (ClassNotFoundException ex) {
				throw new IllegalStateException(ex);
			}
		}
		assertThat(records).hasSizeGreaterThanOrEqualTo(4);
		return records;
	}

}
