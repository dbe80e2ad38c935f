package io.tickstream.web;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

import io.tickstream.function.ContentNegotiation;
import io.tickstream.function.Failure;
import io.tickstream.function.RecordFunctions;
import io.tickstream.tick.MalformedInputException;
import io.tickstream.tick.Utf8;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
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
 * <li>the body is read as records whatever type it is declared as, or refused with 415,
 * as {@link ContentNegotiation} decides for Lambda too: it is never read as form
 * parameters (curl's default type), the request goes on as a plain body;</li>
 * <li>the answer's format is chosen by {@link ContentNegotiation}, the choice the Lambda
 * surface makes too: 406 when it finds none, else the request goes on asking for exactly
 * that format, so that Spring MVC has nothing left to choose;</li>
 * <li>the body is read within the size limit and must be UTF-8 (Spring Cloud Function
 * would read invalid bytes as replacement characters), as on Lambda.</li>
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
		if (name.isEmpty()) {
			// the page: no function's name (asking the catalog for
			// none would look for a default function, and log that there is none)
			chain.doFilter(request, response);
			return;
		}
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
		Failure unreadable = ContentNegotiation.unreadable(request.getContentType());
		if (unreadable != null) {
			problem(response, unreadable);
			return;
		}
		FunctionInvocationWrapper function = this.catalog.lookup(name);
		List<MediaType> producible = ContentNegotiation.producible(function.getOutputType());
		MediaType format = ContentNegotiation.choose(request.getHeader(HttpHeaders.ACCEPT), producible);
		if (format == null) {
			problem(response, ContentNegotiation.notAcceptable(producible));
			return;
		}
		byte[] body;
		try {
			body = request.getInputStream().readAllBytes();
		}
		catch (RequestSizeLimitFilter.BodyTooLargeException ex) {
			problem(response, Failure.tooLarge(ex.maxBytes()));
			return;
		}
		try {
			Utf8.decode(body); // Spring Cloud Function would read invalid bytes as U+FFFD
		}
		catch (MalformedInputException ex) {
			problem(response, Failure.of(ex));
			return;
		}
		String feed = ContentNegotiation.feedParameter(request.getContentType(), request.getParameter("feed"));
		chain.doFilter(new Checked(request, format.toString(), body, feed), response);
	}

	/** The functions of records: those that take the request body's bytes. */
	private Set<String> served() {
		if (this.served == null) {
			Set<String> names = new TreeSet<>();
			for (String name : this.catalog.getNames(Function.class)) {
				FunctionInvocationWrapper function = this.catalog.lookup(name);
				if (function != null && RecordFunctions.takesRecords(function)) {
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

	/**
	 * The request with the one format negotiation chose as its {@code Accept}, its body,
	 * read and checked, as bytes (whatever type the client declared, nothing reads it as
	 * form parameters), and the feed its type implies as its {@code feed} parameter.
	 */
	private static final class Checked extends HttpServletRequestWrapper {

		private static final String BYTES = MediaType.APPLICATION_OCTET_STREAM_VALUE;

		private final String accept;

		private final byte[] body;

		private final Map<String, String[]> parameters;

		Checked(HttpServletRequest request, String accept, byte[] body, String feed) {
			super(request);
			this.accept = accept;
			this.body = body;
			Map<String, String[]> parameters = new LinkedHashMap<>(request.getParameterMap());
			if (feed != null) {
				parameters.put("feed", new String[] { feed });
			}
			this.parameters = Collections.unmodifiableMap(parameters);
		}

		@Override
		public Map<String, String[]> getParameterMap() {
			return this.parameters;
		}

		@Override
		public String[] getParameterValues(String name) {
			return this.parameters.get(name);
		}

		@Override
		public String getParameter(String name) {
			String[] values = this.parameters.get(name);
			return (values != null && values.length > 0) ? values[0] : null;
		}

		@Override
		public Enumeration<String> getParameterNames() {
			return Collections.enumeration(this.parameters.keySet());
		}

		@Override
		public ServletInputStream getInputStream() {
			ByteArrayInputStream in = new ByteArrayInputStream(this.body);
			return new ServletInputStream() {

				@Override
				public int read() {
					return in.read();
				}

				@Override
				public int read(byte[] buffer, int offset, int length) {
					return in.read(buffer, offset, length);
				}

				@Override
				public boolean isFinished() {
					return in.available() == 0;
				}

				@Override
				public boolean isReady() {
					return true;
				}

				@Override
				public void setReadListener(ReadListener listener) {
					throw new UnsupportedOperationException("the body is already read");
				}

			};
		}

		@Override
		public BufferedReader getReader() {
			return new BufferedReader(new InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
		}

		@Override
		public int getContentLength() {
			return this.body.length;
		}

		@Override
		public long getContentLengthLong() {
			return this.body.length;
		}

		@Override
		public String getContentType() {
			return BYTES;
		}

		@Override
		public String getHeader(String name) {
			if (HttpHeaders.CONTENT_TYPE.equalsIgnoreCase(name)) {
				return BYTES;
			}
			return HttpHeaders.ACCEPT.equalsIgnoreCase(name) ? this.accept : super.getHeader(name);
		}

		@Override
		public Enumeration<String> getHeaders(String name) {
			if (HttpHeaders.CONTENT_TYPE.equalsIgnoreCase(name)) {
				return Collections.enumeration(List.of(BYTES));
			}
			return HttpHeaders.ACCEPT.equalsIgnoreCase(name) ? Collections.enumeration(List.of(this.accept))
					: super.getHeaders(name);
		}

	}

}
