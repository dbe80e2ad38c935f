package io.tickstream.web;

import java.io.IOException;
import java.util.Collections;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Keeps request headers out of responses. Spring Cloud Function's web endpoint copies the
 * request's headers (User-Agent, Authorization, cookies, anything a client sends) into
 * its response; a response should carry only what the server means to say.
 */
class NoHeaderEchoFilter extends OncePerRequestFilter {

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Set<String> requestHeaders = Collections.list(request.getHeaderNames())
			.stream()
			.map((name) -> name.toLowerCase(Locale.ROOT))
			.collect(Collectors.toSet());
		chain.doFilter(request, new NoEchoResponse(response, requestHeaders));
	}

	private static final class NoEchoResponse extends HttpServletResponseWrapper {

		/**
		 * Headers that describe the response's own body, even when the request had them
		 * too.
		 */
		private static final Set<String> OWN_HEADERS = Set.of("content-type", "content-length");

		private final Set<String> requestHeaders;

		NoEchoResponse(HttpServletResponse response, Set<String> requestHeaders) {
			super(response);
			this.requestHeaders = requestHeaders;
		}

		private boolean echoed(String name) {
			String lowerCase = name.toLowerCase(Locale.ROOT);
			return !OWN_HEADERS.contains(lowerCase) && this.requestHeaders.contains(lowerCase);
		}

		@Override
		public void setHeader(String name, String value) {
			if (!echoed(name)) {
				super.setHeader(name, value);
			}
		}

		@Override
		public void addHeader(String name, String value) {
			if (!echoed(name)) {
				super.addHeader(name, value);
			}
		}

		@Override
		public void setIntHeader(String name, int value) {
			if (!echoed(name)) {
				super.setIntHeader(name, value);
			}
		}

		@Override
		public void addIntHeader(String name, int value) {
			if (!echoed(name)) {
				super.addIntHeader(name, value);
			}
		}

		@Override
		public void setDateHeader(String name, long date) {
			if (!echoed(name)) {
				super.setDateHeader(name, date);
			}
		}

		@Override
		public void addDateHeader(String name, long date) {
			if (!echoed(name)) {
				super.addDateHeader(name, date);
			}
		}

	}

}
