package io.tickstream.web;

import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

import io.tickstream.function.ContentNegotiation;
import io.tickstream.function.Failure;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.cloud.function.context.FunctionCatalog;
import org.springframework.cloud.function.context.catalog.SimpleFunctionRegistry.FunctionInvocationWrapper;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * What may reach Spring Cloud Function's endpoints, decided before they run:
 * <ul>
 * <li>only the functions of records ({@code POST /ingest}, {@code POST /hourlyHigh}):
 * every other function of the catalog, the router and compositions ({@code /a|b}) among
 * them, answers 404 as an unknown path does, and another method 405;</li>
 * <li>the answer's format is chosen by {@link ContentNegotiation}, the choice the Lambda
 * surface makes too: 406 when it finds none, else the request goes on asking for exactly
 * that format, so that Spring MVC has nothing left to choose.</li>
 * </ul>
 */
class FunctionRequestFilter extends OncePerRequestFilter {

	private final FunctionCatalog catalog;

	private final JsonMapper json;

	private volatile Set<String> served;

	FunctionRequestFilter(FunctionCatalog catalog, JsonMapper json) {
		this.catalog = catalog;
		this.json = json;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String name = request.getRequestURI().substring(request.getContextPath().length());
		name = name.startsWith("/") ? name.substring(1) : name;
		if (!served().contains(name)) {
			if (name.contains("|") || name.contains(",") || this.catalog.lookup(name) != null) {
				problem(response, new Failure(404, "Not Found", "no function at /" + name));
				return;
			}
			chain.doFilter(request, response);
			return;
		}
		if (!"POST".equals(request.getMethod())) {
			response.setHeader(HttpHeaders.ALLOW, "POST");
			problem(response, new Failure(405, "Method Not Allowed", "/" + name + " takes POST only"));
			return;
		}
		FunctionInvocationWrapper function = this.catalog.lookup(name);
		List<MediaType> producible = ContentNegotiation.producible(function.getOutputType());
		MediaType format = ContentNegotiation.choose(request.getHeader(HttpHeaders.ACCEPT), producible);
		if (format == null) {
			problem(response, ContentNegotiation.notAcceptable(producible));
			return;
		}
		chain.doFilter(new AcceptOnly(request, format.toString()), response);
	}

	/** The functions of records: those that take the request body's bytes. */
	private Set<String> served() {
		if (this.served == null) {
			Set<String> names = new TreeSet<>();
			for (String name : this.catalog.getNames(Function.class)) {
				FunctionInvocationWrapper function = this.catalog.lookup(name);
				if (function != null && function.getRawInputType() == byte[].class) {
					names.add(name);
				}
			}
			this.served = names;
		}
		return this.served;
	}

	private void problem(HttpServletResponse response, Failure failure) throws IOException {
		response.setStatus(failure.status());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.getOutputStream().write(this.json.writeValueAsBytes(failure.toProblemDetail()));
	}

	/** The request with the one format negotiation chose as its {@code Accept}. */
	private static final class AcceptOnly extends HttpServletRequestWrapper {

		private final String accept;

		AcceptOnly(HttpServletRequest request, String accept) {
			super(request);
			this.accept = accept;
		}

		@Override
		public String getHeader(String name) {
			return HttpHeaders.ACCEPT.equalsIgnoreCase(name) ? this.accept : super.getHeader(name);
		}

		@Override
		public Enumeration<String> getHeaders(String name) {
			return HttpHeaders.ACCEPT.equalsIgnoreCase(name) ? Collections.enumeration(List.of(this.accept))
					: super.getHeaders(name);
		}

	}

}
