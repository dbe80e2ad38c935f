package io.tickstream.lambda;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.awaitility.Awaitility;

/**
 * A local Lambda Runtime API (version 2018-06-01), as Lambda and AWS's runtime interface
 * emulator serve it to a runtime: the runtime fetches the next event, then posts its
 * response or error. Tests queue events with {@link #invoke} and get what the runtime
 * answered.
 */
public final class LambdaRuntimeApi implements AutoCloseable {

	private static final String PREFIX = "/2018-06-01/runtime";

	private static final String FUNCTION_ARN = "arn:aws:lambda:us-east-1:123456789012:function:tickstream";

	private final HttpServer server;

	private final ExecutorService executor = Executors.newCachedThreadPool();

	private final BlockingQueue<Invocation> events = new LinkedBlockingQueue<>();

	private final Map<String, CompletableFuture<Result>> pending = new ConcurrentHashMap<>();

	private final CompletableFuture<String> initError = new CompletableFuture<>();

	/** How many times a runtime asked for its next event: once each when it is ready. */
	private final java.util.concurrent.atomic.AtomicInteger nextCalls = new java.util.concurrent.atomic.AtomicInteger();

	/**
	 * When a SnapStart runtime ({@code AWS_LAMBDA_INITIALIZATION_TYPE=snap-start}) asked
	 * to be restored: after its {@code beforeCheckpoint} hooks ran, where Lambda takes
	 * the snapshot.
	 */
	private final CompletableFuture<Long> restored = new CompletableFuture<>();

	/** What the runtime posted for one invocation. */
	public record Result(boolean error, String body) {
	}

	private record Invocation(String requestId, byte[] event) {
	}

	public LambdaRuntimeApi() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.server.createContext(PREFIX + "/invocation/next", this::next);
		this.server.createContext(PREFIX + "/invocation/", this::result);
		this.server.createContext(PREFIX + "/init/error", this::initError);
		this.server.createContext(PREFIX + "/restore/next", this::restoreNext);
		this.server.setExecutor(this.executor);
		this.server.start();
	}

	/** The value of {@code AWS_LAMBDA_RUNTIME_API} for the runtime. */
	public String address() {
		return "127.0.0.1:" + this.server.getAddress().getPort();
	}

	/**
	 * Queues one event and waits for the runtime to answer it, as long as the runtime
	 * runs.
	 */
	public Result invoke(byte[] event, Duration timeout, LambdaTask runtime) throws Exception {
		String requestId = UUID.randomUUID().toString();
		CompletableFuture<Result> result = new CompletableFuture<>();
		this.pending.put(requestId, result);
		this.events.add(new Invocation(requestId, event));
		try {
			awaitWhileAlive("the answer to an invocation", result, timeout, runtime);
			return result.get();
		}
		finally {
			this.pending.remove(requestId);
		}
	}

	/**
	 * Queues one event and waits for whichever runtime takes it to answer.
	 * @throws TimeoutException when none answers in time, as a function that times out
	 */
	public Result invoke(byte[] event, Duration timeout) throws Exception {
		String requestId = UUID.randomUUID().toString();
		CompletableFuture<Result> result = new CompletableFuture<>();
		this.pending.put(requestId, result);
		this.events.add(new Invocation(requestId, event));
		try {
			return result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		finally {
			this.pending.remove(requestId);
		}
	}

	/** Waits until {@code count} runtimes have initialised and asked for an event. */
	public void awaitRuntimes(int count, Duration timeout) {
		Awaitility.await(count + " runtimes started")
			.atMost(timeout)
			.pollInterval(Duration.ofMillis(100))
			.until(() -> this.nextCalls.get() >= count);
	}

	/**
	 * @return the error the runtime reported while initialising
	 * @throws TimeoutException when it reported none in time
	 */
	String awaitInitError(Duration timeout) throws Exception {
		return this.initError.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
	}

	private void next(HttpExchange exchange) throws IOException {
		this.nextCalls.incrementAndGet();
		try (exchange) {
			Invocation invocation = this.events.poll(5, TimeUnit.MINUTES); // a runtime
																			// waits for
																			// work
			if (invocation == null) {
				exchange.sendResponseHeaders(500, -1);
				return;
			}
			exchange.getResponseHeaders().add("Lambda-Runtime-Aws-Request-Id", invocation.requestId());
			exchange.getResponseHeaders()
				.add("Lambda-Runtime-Deadline-Ms", Long.toString(System.currentTimeMillis() + 60_000));
			exchange.getResponseHeaders().add("Lambda-Runtime-Invoked-Function-Arn", FUNCTION_ARN);
			exchange.getResponseHeaders()
				.add("Lambda-Runtime-Trace-Id",
						"Root=1-5e6b6f14-0123456789abcdef01234567;Parent=0123456789abcdef;Sampled=0");
			exchange.getResponseHeaders().add("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, invocation.event().length);
			try (OutputStream body = exchange.getResponseBody()) {
				body.write(invocation.event());
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** {@code POST /invocation/{id}/response} and {@code POST /invocation/{id}/error}. */
	private void result(HttpExchange exchange) throws IOException {
		try (exchange) {
			String[] path = exchange.getRequestURI().getPath().substring((PREFIX + "/invocation/").length()).split("/");
			if (path.length != 2 || !"POST".equals(exchange.getRequestMethod())) {
				exchange.sendResponseHeaders(404, -1);
				return;
			}
			String body = read(exchange.getRequestBody());
			CompletableFuture<Result> result = this.pending.get(path[0]);
			if (result == null) {
				exchange.sendResponseHeaders(400, -1);
				return;
			}
			result.complete(new Result("error".equals(path[1]), body));
			exchange.sendResponseHeaders(202, -1);
		}
	}

	/**
	 * {@code GET /restore/next}: the snapshot is taken while it waits; answered at once,
	 * as a restore.
	 */
	private void restoreNext(HttpExchange exchange) throws IOException {
		try (exchange) {
			this.restored.complete(System.nanoTime());
			exchange.sendResponseHeaders(200, -1);
		}
	}

	/**
	 * @return {@link System#nanoTime()} when the runtime asked to be restored
	 * @throws IllegalStateException when the runtime exits first, with its log
	 * @throws org.awaitility.core.ConditionTimeoutException when it did not ask in time
	 */
	public long awaitRestore(Duration timeout, LambdaTask runtime) throws Exception {
		awaitWhileAlive("a restore request", this.restored, timeout, runtime);
		return this.restored.get();
	}

	/**
	 * Waits for a future the runtime completes, failing at once, with its log, when the
	 * runtime exits first.
	 */
	private static void awaitWhileAlive(String what, CompletableFuture<?> future, Duration timeout,
			LambdaTask runtime) {
		Awaitility.await(what).atMost(timeout).pollInterval(Duration.ofMillis(200)).until(() -> {
			if (!future.isDone() && !runtime.isAlive()) {
				throw new IllegalStateException("the runtime exited before " + what + ":\n" + runtime.log());
			}
			return future.isDone();
		});
	}

	private void initError(HttpExchange exchange) throws IOException {
		try (exchange) {
			this.initError.complete(read(exchange.getRequestBody()));
			exchange.sendResponseHeaders(202, -1);
		}
	}

	private static String read(InputStream in) throws IOException {
		return new String(in.readAllBytes(), StandardCharsets.UTF_8);
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.executor.shutdownNow();
	}

}
