package io.tickstream.lambda;

import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.Map;

import io.tickstream.function.ContentNegotiation;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.cloud.function.context.FunctionCatalog;
import org.springframework.cloud.function.context.catalog.SimpleFunctionRegistry.FunctionInvocationWrapper;
import org.springframework.http.MediaType;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;

/**
 * Priming for Lambda SnapStart: before Lambda takes the snapshot of an initialised
 * function (SnapStart on a published version), the function answers a representative
 * request through the path every invocation takes (the adapter, reading, validating,
 * aggregating, writing JSON and, where the function writes it, CSV), so that the snapshot
 * holds its classes loaded and initialised and a restored function answers its first
 * request like a warm one.
 * <p>
 * It calls the function bean from the catalog with a message shaped as
 * {@code FunctionInvoker} makes one; it never builds a second {@code FunctionInvoker},
 * which is reported to hang restores (spring-cloud-function #1450). A step of the stream
 * pipeline gets its stage and AWS clients built (where that makes no call: a connection
 * must not be in a snapshot), but no batch. Lambda calls the hook through
 * {@code org.crac} (its Java runtimes set
 * {@code -Dorg.crac.Core.Compat=com.amazonaws.services.lambda.crac}); anywhere else it is
 * never called.
 */
class SnapStartPriming implements Resource {

	private static final Log logger = LogFactory.getLog(SnapStartPriming.class);

	/** A trading hour of one company, a minute a record. */
	private static final int RECORDS = 60;

	private final FunctionCatalog catalog;

	private final String definition;

	private final JsonMapper json;

	private final KinesisBatches batches;

	SnapStartPriming(FunctionCatalog catalog, String definition, JsonMapper json, KinesisBatches batches) {
		this.catalog = catalog;
		this.definition = definition;
		this.json = json;
		this.batches = batches;
	}

	/**
	 * Registers the hook; {@code org.crac} holds it only weakly, the context holds it.
	 */
	void register() {
		Core.getGlobalContext().register(this);
	}

	@Override
	public void beforeCheckpoint(Context<? extends Resource> context) {
		int primed = prime();
		boolean stage = this.batches.prepare(this.definition);
		logger.info("SnapStart: " + this.definition + " primed with " + primed + " requests"
				+ (stage ? " and its stream stage built" : "") + " before the snapshot");
	}

	@Override
	public void afterRestore(Context<? extends Resource> context) {
		logger.info("SnapStart: " + this.definition + " restored");
	}

	/**
	 * Answers a representative request in each format the function writes (JSON, and CSV
	 * for the tables).
	 * @return how many requests were answered with a {@code 200}: a request answered
	 * otherwise primed another path than the one that matters, and is logged
	 */
	int prime() {
		if (KinesisBatches.readsOnlyStreams(this.definition)) {
			return 0;
		}
		FunctionInvocationWrapper function = this.catalog.lookup(this.definition);
		int answered = 0;
		for (MediaType format : ContentNegotiation.producible(function.getOutputType())) {
			String accept = format.toString();
			Object answer = function.apply(MessageBuilder.withPayload(Envelope.payload(request(accept)))
				.setHeader(LambdaFunctionAdapter.AWS_CONTEXT, "snapstart-priming")
				.build());
			int status = status(answer);
			if (status == 200) {
				answered++;
			}
			else {
				logger.warn("SnapStart: the priming request for " + accept + " was answered " + status);
			}
		}
		return answered;
	}

	/** The status of the API Gateway answer the adapter wrote, or -1. */
	private int status(Object answer) {
		if (answer instanceof Message<?> message && message.getPayload() instanceof byte[] bytes) {
			return this.json.readTree(bytes).path("statusCode").asInt(-1);
		}
		return -1;
	}

	/** An HTTP API request (payload format 2.0) with a batch of records. */
	private byte[] request(String accept) {
		StringBuilder records = new StringBuilder();
		LocalDateTime start = LocalDateTime.of(2020, 5, 14, 9, 30);
		for (int i = 0; i < RECORDS; i++) {
			records.append("{\"name\":\"PRIME\",\"high\":")
				.append(100 + (i % 7) * 0.25)
				.append(",\"low\":")
				.append(99 + (i % 5) * 0.125)
				.append(",\"ts\":\"")
				.append(start.plusMinutes(i).toString().replace('T', ' '))
				.append(":00-04:00\"}\n");
		}
		Map<String, Object> request = new LinkedHashMap<>();
		request.put("version", "2.0");
		request.put("routeKey", "POST /" + this.definition);
		request.put("rawPath", "/" + this.definition);
		request.put("rawQueryString", "");
		request.put("headers", Map.of("content-type", "application/x-ndjson", "accept", accept));
		request.put("requestContext",
				Map.of("http", Map.of("method", "POST", "path", "/" + this.definition), "requestId", "priming"));
		request.put("body", records.toString());
		request.put("isBase64Encoded", false);
		return this.json.writeValueAsBytes(request);
	}

}
