package io.tickstream.stream;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * An HTTP proxy in front of the DynamoDB emulator that answers every request naming a
 * given text as DynamoDB does when it throttles ({@code ThrottlingException}, a passing
 * failure), and passes every other request on: a downstream that fails for one record in
 * the middle of a batch.
 */
public final class ThrottlingProxy implements AutoCloseable {

	private static final Set<String> NOT_FORWARDED = Set.of("host", "content-length", "connection", "expect", "upgrade",
			"transfer-encoding");

	private final HttpServer server;

	private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	private final int target;

	private final String trigger;

	private final AtomicInteger throttled = new AtomicInteger();

	private final int limit;

	/** Throttles every request that names {@code trigger}. */
	public ThrottlingProxy(int target, String trigger) throws IOException {
		this(target, trigger, Integer.MAX_VALUE);
	}

	/** Throttles the first {@code limit} requests that name {@code trigger}. */
	public ThrottlingProxy(int target, String trigger, int limit) throws IOException {
		this.target = target;
		this.trigger = trigger;
		this.limit = limit;
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.server.createContext("/", this::handle);
		this.server.start();
	}

	public int port() {
		return this.server.getAddress().getPort();
	}

	/** How many requests were answered as throttled. */
	public int throttled() {
		return this.throttled.get();
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			byte[] body = exchange.getRequestBody().readAllBytes();
			if (new String(body, StandardCharsets.UTF_8).contains(this.trigger)
					&& this.throttled.getAndUpdate((n) -> (n < this.limit) ? n + 1 : n) < this.limit) {
				byte[] error = "{\"__type\":\"com.amazonaws.dynamodb.v20120810#ThrottlingException\",\"message\":\"Rate of requests exceeds the allowed throughput.\"}"
					.getBytes(StandardCharsets.UTF_8);
				exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.0");
				exchange.getResponseHeaders().add("x-amzn-ErrorType", "ThrottlingException");
				send(exchange, 400, error);
				return;
			}
			HttpRequest.Builder request = HttpRequest
				.newBuilder(URI.create("http://127.0.0.1:" + this.target + exchange.getRequestURI()))
				.method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
			exchange.getRequestHeaders().forEach((name, values) -> {
				if (!NOT_FORWARDED.contains(name.toLowerCase())) {
					values.forEach((value) -> request.header(name, value));
				}
			});
			HttpResponse<byte[]> response = this.client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
			response.headers().map().forEach((name, values) -> {
				if (!NOT_FORWARDED.contains(name.toLowerCase()) && !name.startsWith(":")) {
					values.forEach((value) -> exchange.getResponseHeaders().add(name, value));
				}
			});
			send(exchange, response.statusCode(), response.body());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
		exchange.sendResponseHeaders(status, (body.length == 0) ? -1 : body.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(body);
		}
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

}
