package io.tickstream.web;

import io.micrometer.core.instrument.MeterRegistry;
import io.tickstream.function.RecordProperties;
import io.tickstream.metrics.MicrometerPipelineMetrics;
import io.tickstream.metrics.PipelineMetrics;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.cloud.function.context.FunctionCatalog;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.core.Ordered;
import org.springframework.http.converter.HttpMessageConverters;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * What the local web server adds to Spring Cloud Function's endpoints: a body size limit,
 * only the functions of records served, the shared content negotiation
 * ({@link FunctionRequestFilter}), no echoed request headers, CSV for hourly highs, and
 * problem details for every error ({@link FunctionErrorHandler}).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class WebConfiguration {

	/**
	 * The functions' records, counted as served over HTTP. (The stream service serves no
	 * function; it counts its steps' records itself.)
	 */
	@Bean
	@Profile("!kinesis")
	PipelineMetrics httpMetrics(ObjectProvider<MeterRegistry> registry) {
		MeterRegistry meters = registry.getIfAvailable();
		return (meters != null) ? new MicrometerPipelineMetrics(meters, "http") : PipelineMetrics.NONE;
	}

	@Bean
	FilterRegistrationBean<RequestSizeLimitFilter> requestSizeLimitFilter(RecordProperties properties) {
		FilterRegistrationBean<RequestSizeLimitFilter> registration = new FilterRegistrationBean<>(
				new RequestSizeLimitFilter(properties.maxInputSize().toBytes()));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		return registration;
	}

	@Bean
	FilterRegistrationBean<FunctionRequestFilter> functionRequestFilter(FunctionCatalog catalog, JsonMapper json) {
		FilterRegistrationBean<FunctionRequestFilter> registration = new FilterRegistrationBean<>(
				new FunctionRequestFilter(catalog, json));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 2);
		return registration;
	}

	@Bean
	FilterRegistrationBean<NoHeaderEchoFilter> noHeaderEchoFilter() {
		FilterRegistrationBean<NoHeaderEchoFilter> registration = new FilterRegistrationBean<>(
				new NoHeaderEchoFilter());
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
		return registration;
	}

	@Bean
	WebMvcConfigurer csvForHourlyHighs() {
		return new WebMvcConfigurer() {

			@Override
			public void configureMessageConverters(HttpMessageConverters.ServerBuilder builder) {
				// last in the list, so that JSON stays the answer when a client accepts
				// anything
				builder.configureMessageConvertersList((converters) -> converters.add(new CsvConverter()));
			}

		};
	}

}
