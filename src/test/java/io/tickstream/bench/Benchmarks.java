package io.tickstream.bench;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.tickstream.DataSet;
import io.tickstream.hourly.HourlyHighs;
import io.tickstream.lambda.LambdaEvents;
import io.tickstream.lambda.LambdaHandler;
import io.tickstream.lambda.LambdaRuntimeApi;
import io.tickstream.lambda.LambdaTask;
import io.tickstream.lambda.TestContext;
import io.tickstream.stream.KclLeases;
import io.tickstream.stream.KinesisStreams;
import io.tickstream.stream.LocalAws;
import io.tickstream.stream.StreamAnswers;
import io.tickstream.stream.TickstreamInstance;
import io.tickstream.tick.TickIngestion;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

import static io.tickstream.Json.JSON;

/**
 * The benchmarks of {@code bench/run NAME}: each prints a table and, as its last line,
 * its key figure as a ratio against a baseline measured in the same run. Benchmarks, not
 * tests: nothing here asserts a timing.
 * <ul>
 * <li>{@code coldstart}: JVM start to first answer of the unzipped {@code aws} jar in
 * AWS's runtime interface client ({@code hourlyHigh}, an HTTP API event of 50 records) vs
 * a trivial Java handler on the same runtime, alternating, fresh JVMs, median ratio; the
 * same for {@code ingest} and a Kinesis event of 50 records, written to a local
 * kinesis-mock;</li>
 * <li>{@code warm}: p50 and p99 of a warm invocation through the Lambda handler
 * ({@code FunctionInvoker}) vs calling the same domain code directly;</li>
 * <li>{@code stream}: records/s from {@code ticks-raw} to {@code hourly-highs} through
 * the stream service vs the raw SDK's {@code PutRecords} + {@code GetRecords} on the same
 * emulator;</li>
 * <li>{@code takeover}: how soon the survivor of a SIGKILL owns every shard, where the
 * killed instance led the KCL and where it did not, vs the lease;</li>
 * <li>{@code http}: requests/s of {@code POST /hourlyHigh} on the web server vs a plain
 * controller doing the same work in the same application;</li>
 * <li>{@code core}: JMH, records/s/core of read + validate + aggregate vs a streaming
 * JSON parse.</li>
 * </ul>
 */
public final class Benchmarks {

	private Benchmarks() {
	}

	public static void main(String[] args) throws Exception {
		String name = (args.length > 0) ? args[0] : "all";
		switch (name) {
			case "coldstart" -> coldStart();
			case "warm" -> warm();
			case "stream" -> stream();
			case "core" -> core();
			case "http" -> http();
			case "takeover" -> takeover();
			case "all" -> {
				core();
				coldStart();
				warm();
				http();
				stream();
				takeover();
			}
			default -> {
				System.err.println(
						"unknown benchmark " + name + "; one of: core, coldstart, warm, http, stream, takeover, all");
				System.exit(2);
			}
		}
		System.exit(0);
	}

	static void coldStart() throws Exception {
		int rounds = Integer.getInteger("bench.rounds", 5);
		Path target = Path.of("target");
		Path work = Files.createTempDirectory("bench-coldstart");
		Path taskRoot = LambdaTask.unzip(target.resolve("tickstream-0.1.0-SNAPSHOT-aws.jar"),
				Files.createDirectories(work.resolve("tickstream")));
		Path trivialRoot = work.resolve("trivial");
		Path trivialClass = trivialRoot.resolve("io/tickstream/bench/TrivialHandler.class");
		Files.createDirectories(trivialClass.getParent());
		Files.copy(target.resolve("test-classes/io/tickstream/bench/TrivialHandler.class"), trivialClass);
		byte[] event = LambdaEvents.httpApi(records(50), Map.of("content-type", "application/x-ndjson"));
		long[] tickstream = new long[rounds];
		long[] trivial = new long[rounds];
		System.out.println("coldstart: JVM start to first answer, hourlyHigh with 50 records (HTTP API event), ms");
		System.out.println("| round | tickstream | trivial handler |");
		System.out.println("|---|---|---|");
		for (int round = 0; round < rounds; round++) {
			Map<String, String> http = Map.of("SPRING_CLOUD_FUNCTION_DEFINITION", "hourlyHigh");
			tickstream[round] = firstAnswer(taskRoot, LambdaTask.HANDLER, event, http);
			trivial[round] = firstAnswer(trivialRoot, TrivialHandler.class.getName() + "::handleRequest", event, http);
			System.out.printf("| %d | %d | %d |%n", round + 1, tickstream[round], trivial[round]);
		}
		long median = median(tickstream);
		long baseline = median(trivial);
		System.out.printf("| median | %d | %d |%n", median, baseline);
		long[] kinesisBatch = new long[rounds];
		long[] kinesisTrivial = new long[rounds];
		System.out.println();
		System.out.println("coldstart, Kinesis: JVM start to first answer, ingest with a Kinesis event of 50 records"
				+ " (written to the local kinesis-mock), ms");
		System.out.println("| round | tickstream | trivial handler |");
		System.out.println("|---|---|---|");
		try (LocalAws.Emulators emulators = LocalAws.startEmulators();
				KinesisClient kinesis = LocalAws.kinesis("http://127.0.0.1:" + emulators.kinesisPort())) {
			KinesisStreams streams = new KinesisStreams(kinesis);
			streams.create("ticks", 1);
			streams.create("ticks-dlq", 1);
			byte[] batch = LambdaEvents.kinesis("ticks-raw",
					records(50).lines().map((line) -> line.getBytes(StandardCharsets.UTF_8)).toList());
			Map<String, String> environment = Map.of("SPRING_CLOUD_FUNCTION_DEFINITION", "ingest",
					"TICKSTREAM_STREAMS_CREATE_MISSING", "false", "AWS_ENDPOINT_URL_KINESIS",
					"http://127.0.0.1:" + emulators.kinesisPort(), "AWS_ENDPOINT_URL_DYNAMODB",
					"http://127.0.0.1:" + emulators.dynamoDbPort(), "AWS_ACCESS_KEY_ID", "local",
					"AWS_SECRET_ACCESS_KEY", "local", "AWS_EC2_METADATA_DISABLED", "true");
			for (int round = 0; round < rounds; round++) {
				kinesisBatch[round] = firstAnswer(taskRoot, LambdaTask.HANDLER, batch, environment);
				kinesisTrivial[round] = firstAnswer(trivialRoot, TrivialHandler.class.getName() + "::handleRequest",
						batch, environment);
				System.out.printf("| %d | %d | %d |%n", round + 1, kinesisBatch[round], kinesisTrivial[round]);
			}
		}
		System.out.printf("| median | %d | %d |%n", median(kinesisBatch), median(kinesisTrivial));
		long[] primed = new long[rounds];
		long[] unprimed = new long[rounds];
		System.out.println();
		System.out.println("coldstart, SnapStart: restore (GET restore/next) to first answer, same event, ms");
		System.out.println("| round | primed before the snapshot | not primed |");
		System.out.println("|---|---|---|");
		for (int round = 0; round < rounds; round++) {
			primed[round] = afterRestore(taskRoot, event, true);
			unprimed[round] = afterRestore(taskRoot, event, false);
			System.out.printf("| %d | %d | %d |%n", round + 1, primed[round], unprimed[round]);
		}
		System.out.printf("| median | %d | %d |%n", median(primed), median(unprimed));
		System.out.printf(
				"coldstart: %.1fx a trivial handler (median %d ms vs %d ms, %d fresh JVMs each); Kinesis batch %.1fx"
						+ " (%d ms vs %d ms); after a SnapStart restore, first answer %d ms primed vs %d ms not%n",
				(double) median / baseline, median, baseline, rounds,
				(double) median(kinesisBatch) / median(kinesisTrivial), median(kinesisBatch), median(kinesisTrivial),
				median(primed), median(unprimed));
	}

	private static long firstAnswer(Path taskRoot, String handler, byte[] event, Map<String, String> function)
			throws Exception {
		try (LambdaRuntimeApi api = new LambdaRuntimeApi()) {
			long start = System.nanoTime();
			Map<String, String> environment = new HashMap<>(function);
			environment.putAll(functionEnvironment());
			try (LambdaTask task = LambdaTask.start(taskRoot, Path.of("target/lambda-runtime"), api, handler,
					environment)) {
				LambdaRuntimeApi.Result result = api.invoke(event, Duration.ofSeconds(120), task);
				if (result.error() || (result.body().contains("batchItemFailures")
						&& !result.body().replace(" ", "").contains("\"batchItemFailures\":[]"))) {
					throw new IllegalStateException("the function failed: " + result.body());
				}
				return (System.nanoTime() - start) / 1_000_000;
			}
		}
	}

	/**
	 * Extra environment of the function for an experiment, {@code BENCH_ENV="A=1 B=2"}
	 * (e.g. a JVM option in {@code JAVA_TOOL_OPTIONS}); none by default.
	 */
	private static Map<String, String> functionEnvironment() {
		Map<String, String> environment = new HashMap<>();
		String extra = System.getenv("BENCH_ENV");
		if (extra != null && !extra.isBlank()) {
			for (String pair : extra.trim().split("\\s+(?=[A-Z_]+=)")) {
				int equals = pair.indexOf('=');
				environment.put(pair.substring(0, equals), pair.substring(equals + 1));
			}
		}
		return environment;
	}

	/**
	 * What SnapStart leaves of a cold start here: the runtime initialises, runs the
	 * {@code beforeCheckpoint} hooks and asks to be restored; timed from that request to
	 * the first answer. (The restore itself happens on Lambda only.)
	 */
	private static long afterRestore(Path taskRoot, byte[] event, boolean priming) throws Exception {
		try (LambdaRuntimeApi api = new LambdaRuntimeApi();
				LambdaTask task = LambdaTask.start(taskRoot, Path.of("target/lambda-runtime"), api, LambdaTask.HANDLER,
						Map.of("SPRING_CLOUD_FUNCTION_DEFINITION", "hourlyHigh", "AWS_LAMBDA_INITIALIZATION_TYPE",
								"snap-start", "TICKSTREAM_LAMBDA_SNAPSTART_PRIMING", Boolean.toString(priming)))) {
			long restored = api.awaitRestore(Duration.ofSeconds(120), task);
			LambdaRuntimeApi.Result result = api.invoke(event, Duration.ofSeconds(120), task);
			if (result.error()) {
				throw new IllegalStateException("the function failed: " + result.body());
			}
			return (System.nanoTime() - restored) / 1_000_000;
		}
	}

	static void warm() throws Exception {
		int iterations = Integer.getInteger("bench.iterations", 3000);
		byte[] body = records(50).getBytes(StandardCharsets.UTF_8);
		byte[] event = LambdaEvents.httpApi(records(50), Map.of("content-type", "application/x-ndjson"));
		System.setProperty("spring.cloud.function.definition", "hourlyHigh");
		System.setProperty("logging.level.root", "WARN");
		// the function writes a metrics line (EMF) per invocation to standard output:
		// built
		// as on Lambda, but not printed among the results
		PrintStream console = System.out;
		System.setOut(new PrintStream(OutputStream.nullOutputStream()));
		LambdaHandler handler = new LambdaHandler();
		TickIngestion ingestion = TickIngestion.forExchangeZone(ZoneId.of("America/New_York"));
		long[] invoker = new long[iterations];
		long[] direct = new long[iterations];
		for (int i = -iterations / 3; i < iterations; i++) { // the first third warms up
			long start = System.nanoTime();
			ByteArrayOutputStream output = new ByteArrayOutputStream();
			handler.handleRequest(new ByteArrayInputStream(event), output, new TestContext());
			long afterInvoker = System.nanoTime();
			byte[] answer = JSON.writeValueAsBytes(HourlyHighs.of(ingestion.ingestAll(body)));
			long afterDirect = System.nanoTime();
			if (i >= 0) {
				invoker[i] = afterInvoker - start;
				direct[i] = afterDirect - afterInvoker;
			}
			if (answer.length == 0 || output.size() == 0) {
				throw new IllegalStateException("no answer");
			}
		}
		System.setOut(console);
		Arrays.sort(invoker);
		Arrays.sort(direct);
		System.out.println("warm: hourlyHigh with 50 records, " + iterations + " invocations after " + iterations / 3
				+ " to warm up, µs");
		System.out.println("| path | p50 | p99 |");
		System.out.println("|---|---|---|");
		System.out.printf("| FunctionInvoker (HTTP API event in, API Gateway answer out) | %d | %d |%n",
				invoker[iterations / 2] / 1000, invoker[iterations * 99 / 100] / 1000);
		System.out.printf("| the domain code directly (bytes in, JSON out) | %d | %d |%n",
				direct[iterations / 2] / 1000, direct[iterations * 99 / 100] / 1000);
		System.out.printf("warm: p50 %.2fx, p99 %.2fx the direct call%n",
				(double) invoker[iterations / 2] / direct[iterations / 2],
				(double) invoker[iterations * 99 / 100] / direct[iterations * 99 / 100]);
	}

	/**
	 * The stream service end to end against the emulators of {@code local-aws/start.sh}
	 * (its own, on free ports): the real records of one day put on {@code ticks-raw},
	 * timed until {@code hourly-highs} holds the day's Athena result; baseline the same
	 * records put with {@code PutRecords} and read back with {@code GetRecords} on the
	 * same emulator. Also DynamoDB writes per record, as the service logs them when it
	 * stops.
	 */
	static void stream() throws Exception {
		DataSet dataSet = DataSet.load("YuboC_2020-05-14");
		List<String> records = dataSet.lines();
		System.setProperty("tickstream.app.jar", "target/tickstream-0.1.0-SNAPSHOT.jar");
		System.setProperty("tickstream.it-logs", "target/bench-logs");
		try (LocalAws.Emulators emulators = LocalAws.startEmulators();
				KinesisClient kinesis = LocalAws.kinesis("http://127.0.0.1:" + emulators.kinesisPort())) {
			KinesisStreams streams = new KinesisStreams(kinesis);
			streams.create("bench-sdk", 1);
			long start = System.nanoTime();
			streams.put("bench-sdk", records, 500);
			List<KinesisStreams.StreamRecord> read = streams.await("bench-sdk", (all) -> all.size() >= records.size(),
					Duration.ofMinutes(5));
			double baselineSeconds = (System.nanoTime() - start) / 1e9;
			check(read.size() == records.size(), "the SDK read back " + read.size() + " records");

			// the least any two-hop step costs here: records relayed from one stream to
			// another as they arrive, with nothing done to them
			streams.create("bench-hop-1", 1);
			streams.create("bench-hop-2", 1);
			start = System.nanoTime();
			CompletableFuture<Integer> relaying = CompletableFuture
				.supplyAsync(() -> relay(kinesis, "bench-hop-1", "bench-hop-2", records.size()));
			streams.put("bench-hop-1", records, 500);
			check(relaying.join() == records.size(), "the relay moved too few records");
			List<KinesisStreams.StreamRecord> relayed = streams.await("bench-hop-2",
					(all) -> all.size() >= records.size(), Duration.ofMinutes(5));
			double relaySeconds = (System.nanoTime() - start) / 1e9;
			check(relayed.size() == records.size(), "the relay's second stream holds " + relayed.size() + " records");

			streams.createPipeline("bench", 1);
			double pipelineSeconds;
			String writes;
			try (TickstreamInstance instance = TickstreamInstance.start("bench", Map.of(), emulators.kinesisPort(),
					emulators.dynamoDbPort())) {
				start = System.nanoTime();
				streams.put("bench-ticks-raw", records, 500);
				List<KinesisStreams.StreamRecord> updates = streams.await("bench-hourly-highs",
						(all) -> StreamAnswers.matches(dataSet, all, LocalDate.of(2020, 5, 14)),
						Duration.ofMinutes(10));
				pipelineSeconds = (System.nanoTime() - start) / 1e9;
				check(StreamAnswers.matches(dataSet, updates, LocalDate.of(2020, 5, 14)),
						"hourly-highs never matched the Athena result");
				instance.stop();
				writes = instance.log()
					.lines()
					.filter((line) -> line.contains("Hourly highs: "))
					.map((line) -> line.substring(line.indexOf("Hourly highs: ") + 14))
					.findFirst()
					.orElse("not logged");
			}
			double baselineRate = records.size() / baselineSeconds;
			double relayRate = records.size() / relaySeconds;
			double pipelineRate = records.size() / pipelineSeconds;
			System.out.println("stream: " + records.size()
					+ " real records (YuboC_2020-05-14), one shard, local kinesis-mock and dynalite");
			System.out.println("| path | seconds | records/s |");
			System.out.println("|---|---|---|");
			System.out.printf("| raw SDK: PutRecords, then GetRecords until all are back | %.1f | %.0f |%n",
					baselineSeconds, baselineRate);
			System.out.printf(
					"| raw SDK, two hops: put, and relayed to a second stream as they arrive | %.1f | %.0f |%n",
					relaySeconds, relayRate);
			System.out.printf("| stream service: ticks-raw to the final hourly-highs | %.1f | %.0f |%n",
					pipelineSeconds, pipelineRate);
			// each batch offers the store its highest record per company and hour only
			System.out.println("| DynamoDB writes | " + writes + " (of " + records.size() + " records) | |");
			System.out.printf("stream: %.2fx the raw SDK rate (%.0f vs %.0f records/s); %.2fx a two-hop relay (%.0f)%n",
					pipelineRate / baselineRate, pipelineRate, baselineRate, pipelineRate / relayRate, relayRate);
		}
	}

	/**
	 * Two instances of one consumer group, with the default settings (a 20 s lease), on
	 * two-shard streams: how the KCL spreads the shards, and how long after a SIGKILL the
	 * survivor owns every shard of {@code ticks-raw}, once where the killed instance held
	 * the KCL's leader lock and once where it did not. The baseline is the lease: no
	 * takeover can be faster.
	 */
	static void takeover() throws Exception {
		int shards = 2;
		Duration lease = Duration.ofSeconds(20);
		Duration timeout = Duration.ofMinutes(4);
		System.setProperty("tickstream.app.jar", "target/tickstream-0.1.0-SNAPSHOT.jar");
		System.setProperty("tickstream.it-logs", "target/bench-logs");
		try (LocalAws.Emulators emulators = LocalAws.startEmulators();
				KinesisClient kinesis = LocalAws.kinesis("http://127.0.0.1:" + emulators.kinesisPort());
				DynamoDbClient dynamoDb = LocalAws.dynamoDb("http://127.0.0.1:" + emulators.dynamoDbPort())) {
			KinesisStreams streams = new KinesisStreams(kinesis);
			KclLeases leases = new KclLeases(dynamoDb);
			Map<Boolean, Long> seconds = new TreeMap<>();
			Map<String, String> balanced = Map.of();
			for (boolean killLeader : List.of(true, false)) {
				String names = killLeader ? "bench-leader" : "bench-follower";
				String stream = names + "-ticks-raw";
				streams.createPipeline(names, shards);
				CompletableFuture<TickstreamInstance> startingA = starting(names, "A", emulators);
				CompletableFuture<TickstreamInstance> startingB = starting(names, "B", emulators);
				try (TickstreamInstance a = startingA.join(); TickstreamInstance b = startingB.join()) {
					balanced = leases.await(stream, (owners) -> owners.size() == shards
							&& KclLeases.owned(owners, "A") == 1 && KclLeases.owned(owners, "B") == 1, timeout);
					String leader = leases.leader(stream).orElseThrow();
					boolean killA = leader.equals("A") == killLeader;
					String survivor = killA ? "B" : "A";
					(killA ? a : b).kill();
					long killed = System.nanoTime();
					leases.await(stream, (owners) -> KclLeases.owned(owners, survivor) == shards, timeout);
					seconds.put(killLeader, Duration.ofNanos(System.nanoTime() - killed).toSeconds());
				}
			}
			System.out.println("takeover: 2 instances of one consumer group with the default settings, " + shards
					+ "-shard streams, local kinesis-mock and dynalite");
			System.out.println("| SIGKILL of | shards of ticks-raw before | survivor owns all after | / lease |");
			System.out.println("|---|---|---|---|");
			for (boolean killLeader : List.of(false, true)) {
				System.out.printf("| %s | %s | %d s | %.1f |%n", killLeader ? "the KCL's leader" : "the other instance",
						balanced.values(), seconds.get(killLeader),
						seconds.get(killLeader) / (double) lease.toSeconds());
			}
			System.out.printf(
					"takeover: the survivor owned every shard %d s after a SIGKILL of the leader, %d s of"
							+ " the other (%.1fx and %.1fx the %d s lease)%n",
					seconds.get(true), seconds.get(false), seconds.get(true) / (double) lease.toSeconds(),
					seconds.get(false) / (double) lease.toSeconds(), lease.toSeconds());
		}
	}

	private static CompletableFuture<TickstreamInstance> starting(String names, String worker,
			LocalAws.Emulators emulators) {
		return CompletableFuture.supplyAsync(() -> {
			try {
				return TickstreamInstance.start(names, Map.of(TickstreamInstance.WORKER_ID, worker),
						emulators.kinesisPort(), emulators.dynamoDbPort());
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		});
	}

	/**
	 * Reads {@code from} (one shard) from its start and puts each batch read to
	 * {@code to} at once, until {@code count} records have moved; polls an idle shard
	 * every 250 ms, as the stream service does.
	 * @return how many moved
	 */
	private static int relay(KinesisClient kinesis, String from, String to, int count) {
		String shard = kinesis.listShards((list) -> list.streamName(from)).shards().get(0).shardId();
		String iterator = kinesis
			.getShardIterator(
					(get) -> get.streamName(from).shardId(shard).shardIteratorType(ShardIteratorType.TRIM_HORIZON))
			.shardIterator();
		long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
		int moved = 0;
		while (moved < count && System.nanoTime() < deadline) {
			String current = iterator;
			GetRecordsResponse batch = kinesis.getRecords((get) -> get.shardIterator(current).limit(500));
			iterator = batch.nextShardIterator();
			if (batch.records().isEmpty()) {
				sleep(250); // as the stream service polls an idle shard
				continue;
			}
			List<PutRecordsRequestEntry> entries = batch.records()
				.stream()
				.map((record) -> PutRecordsRequestEntry.builder()
					.partitionKey(record.partitionKey())
					.data(record.data())
					.build())
				.toList();
			PutRecordsResponse put = kinesis.putRecords((request) -> request.streamName(to).records(entries));
			check(put.failedRecordCount() == null || put.failedRecordCount() == 0, "the relay's put failed in part");
			moved += entries.size();
		}
		return moved;
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static void check(boolean condition, String problem) {
		if (!condition) {
			throw new IllegalStateException(problem);
		}
	}

	/**
	 * JMH on one thread ({@link CoreBenchmark}): records/s of read + validate + aggregate
	 * on each real data set, against a streaming JSON parse of the same bytes.
	 */
	static void core() throws Exception {
		Collection<RunResult> results = new Runner(new OptionsBuilder().include(CoreBenchmark.class.getName())
			.forks(1)
			.threads(1)
			.warmupIterations(3)
			.warmupTime(TimeValue.seconds(1))
			.measurementIterations(5)
			.measurementTime(TimeValue.seconds(1))
			.build()).run();
		Map<String, double[]> perDataSet = new TreeMap<>();
		for (RunResult result : results) {
			String dataSet = result.getParams().getParam("dataSet");
			int records = DataSet.load(dataSet).lines().size();
			double recordsPerSecond = result.getPrimaryResult().getScore() * records;
			boolean core = result.getParams().getBenchmark().endsWith("readValidateAggregate");
			perDataSet.computeIfAbsent(dataSet, (key) -> new double[2])[core ? 0 : 1] = recordsPerSecond;
		}
		System.out.println("core: records/s on one thread, each real data set's Firehose file whole");
		System.out.println("| data set | read + validate + aggregate | streaming JSON parse | ratio |");
		System.out.println("|---|---|---|---|");
		double core = 0;
		double parse = 0;
		for (Map.Entry<String, double[]> entry : perDataSet.entrySet()) {
			double[] rates = entry.getValue();
			System.out.printf("| %s | %.0f | %.0f | %.2f |%n", entry.getKey(), rates[0], rates[1], rates[0] / rates[1]);
			core += rates[0] / perDataSet.size();
			parse += rates[1] / perDataSet.size();
		}
		System.out.printf(
				"core: %.0f records/s/core, %.2fx a streaming JSON parse of the same bytes (%.0f records/s)%n", core,
				core / parse, parse);
	}

	/**
	 * wrk against the local web server (2 threads, 16 connections, 10 s a run,
	 * 127.0.0.1): {@code POST /hourlyHigh} with 50 real records vs a plain controller
	 * doing the same work in the same application, alternating, two runs each after a
	 * warm-up.
	 */
	static void http() throws Exception {
		int port = LocalAws.freePort();
		Path work = Files.createTempDirectory("bench-http");
		Path script = work.resolve("post.lua");
		Files.writeString(script, "wrk.method = \"POST\"\nwrk.headers[\"Content-Type\"] = \"application/x-ndjson\"\n"
				+ "wrk.body = " + JSON.writeValueAsString(records(50)) + "\n");
		Process server = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
				System.getProperty("java.class.path"), "io.tickstream.TickstreamApplication",
				"--spring.profiles.active=bench", "--server.address=127.0.0.1", "--server.port=" + port,
				"--logging.level.root=WARN")
			.redirectErrorStream(true)
			.redirectOutput(work.resolve("server.log").toFile())
			.start();
		try {
			String function = "http://127.0.0.1:" + port + "/hourlyHigh";
			String plain = "http://127.0.0.1:" + port + "/plain/hourlyHigh";
			check(awaitAnswer(function, server).equals(awaitAnswer(plain, server)),
					"the plain controller answers otherwise than the function");
			wrk(function, script, 5);
			wrk(plain, script, 5);
			double[] functionRuns = new double[4];
			double[] plainRuns = new double[4];
			for (int run = 0; run < 2; run++) {
				double[] f = wrk(function, script, 10);
				double[] p = wrk(plain, script, 10);
				functionRuns[run * 2] = f[0];
				functionRuns[run * 2 + 1] = f[1];
				plainRuns[run * 2] = p[0];
				plainRuns[run * 2 + 1] = p[1];
			}
			double functionRate = (functionRuns[0] + functionRuns[2]) / 2;
			double plainRate = (plainRuns[0] + plainRuns[2]) / 2;
			System.out.println("http: POST hourlyHigh with 50 real records, wrk -t2 -c16, 2 x 10 s each, alternating");
			System.out.println("| endpoint | requests/s | p99 ms |");
			System.out.println("|---|---|---|");
			System.out.printf("| /hourlyHigh (Spring Cloud Function) | %.0f | %.1f |%n", functionRate,
					Math.max(functionRuns[1], functionRuns[3]));
			System.out.printf("| /plain/hourlyHigh (@RestController) | %.0f | %.1f |%n", plainRate,
					Math.max(plainRuns[1], plainRuns[3]));
			System.out.printf("http: %.2fx the plain controller's throughput (%.0f vs %.0f requests/s)%n",
					functionRate / plainRate, functionRate, plainRate);
		}
		finally {
			server.destroy();
			server.waitFor(30, TimeUnit.SECONDS);
		}
	}

	/**
	 * @return requests/s and the 99th percentile latency in ms
	 */
	private static double[] wrk(String url, Path script, int seconds) throws Exception {
		Process wrk = new ProcessBuilder("wrk", "-t2", "-c16", "-d" + seconds + "s", "--latency", "-s",
				script.toString(), url)
			.redirectErrorStream(true)
			.start();
		String output = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		check(wrk.waitFor(seconds + 30L, TimeUnit.SECONDS) && wrk.exitValue() == 0, "wrk failed: " + output);
		check(!output.contains("Non-2xx"), "non-2xx answers: " + output);
		Matcher rate = Pattern.compile("Requests/sec:\\s+([\\d.]+)").matcher(output);
		Matcher p99 = Pattern.compile("99%\\s+([\\d.]+)(us|ms|s)").matcher(output);
		check(rate.find() && p99.find(), "no figures in wrk's output: " + output);
		double latency = Double.parseDouble(p99.group(1));
		latency = switch (p99.group(2)) {
			case "us" -> latency / 1000;
			case "s" -> latency * 1000;
			default -> latency;
		};
		return new double[] { Double.parseDouble(rate.group(1)), latency };
	}

	private static String awaitAnswer(String url, Process server) throws Exception {
		HttpClient client = HttpClient.newHttpClient();
		long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
		while (true) {
			check(server.isAlive(), "the web server exited");
			try {
				HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(url))
					.header("Content-Type", "application/x-ndjson")
					.POST(HttpRequest.BodyPublishers.ofString(records(50)))
					.build(), HttpResponse.BodyHandlers.ofString());
				check(response.statusCode() == 200, url + " answered " + response.statusCode());
				return JSON.readTree(response.body()).toString();
			}
			catch (IOException ex) {
				check(System.nanoTime() < deadline, "the web server did not answer in time");
				Thread.sleep(200);
			}
		}
	}

	/** 50 real records of the YuboC data set, as newline-delimited JSON. */
	private static String records(int count) {
		List<String> lines = new ArrayList<>(DataSet.load("YuboC_2020-05-14").lines());
		return String.join("\n", lines.subList(0, count));
	}

	private static long median(long[] values) {
		long[] sorted = values.clone();
		Arrays.sort(sorted);
		return sorted[sorted.length / 2];
	}

}
