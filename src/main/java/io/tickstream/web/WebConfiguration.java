package io.tickstream.web;

import io.tickstream.function.TickProperties;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.cloud.function.context.FunctionCatalog;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
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

	@Bean
	FilterRegistrationBean<RequestSizeLimitFilter> requestSizeLimitFilter(TickProperties properties) {
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
