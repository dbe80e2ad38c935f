package io.tickstream.lambda;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.amazonaws.services.lambda.runtime.events.TimeWindowEventResponse;
import io.tickstream.pipeline.Pipeline;
import io.tickstream.pipeline.ShardBatch;
import io.tickstream.pipeline.TransientRetry;
import io.tickstream.pipeline.WindowStage;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The tumbling window of a Kinesis event source mapping with
 * {@code TumblingWindowInSeconds}: Lambda hands each invocation of a window the
 * {@code state} the previous one answered, and ends the window with a final invocation
 * ({@code isFinalInvokeForWindow}).
 * <p>
 * {@code slidingWindows} uses it to carry the window's records in the state and to
 * process them once, at the window's end: one read and one commit of the DynamoDB state
 * and one put of final windows per tumbling window rather than per batch, with the same
 * answers. The state holds the records as they arrived (sequence number, partition key,
 * data).
 *
 * @param state the state the previous invocation of the window answered
 * @param last whether this is the window's final invocation
 */
record TumblingWindow(Map<String, String> state, boolean last) {

	private static final Log logger = LogFactory.getLog(TumblingWindow.class);

	private static final String RECORDS = "records";

	/**
	 * Lambda ends a window early when its state passes 1 MB; the records are processed
	 * well before that, counted as the answer writes them (UTF-8, quotes escaped).
	 */
	static final int MAX_STATE_BYTES = 800_000;

	/**
	 * Processes a batch of the window for {@code slidingWindows}: its bad records are
	 * dead letters at once, its good ones are carried in the state, and at the window's
	 * end (or when the state grows too large) all it carried is processed as one batch. A
	 * passing failure hands the batch back with the state it came with; at the window's
	 * end it fails the invocation, which Lambda repeats until it succeeds.
	 */
	TimeWindowEventResponse process(ShardBatch batch, WindowStage stage, JsonMapper json) {
		List<ShardBatch.Record> carried = records(batch.stream(), batch.shard(), json);
		try {
			carried.addAll(stage.screen(batch));
			Map<String, String> state = carrying(carried, json);
			if (this.last || json.writeValueAsBytes(state).length > MAX_STATE_BYTES) {
				stage.process(new ShardBatch(batch.stream(), batch.shard(), carried));
				state = Map.of();
			}
			return new TimeWindowEventResponse(state, List.of());
		}
		catch (RuntimeException ex) {
			if (!TransientRetry.isTransient(ex) || batch.records().isEmpty()) {
				logger.error("Failed to process the tumbling window's records of " + batch.stream() + "/"
						+ batch.shard() + " with " + Pipeline.SLIDING_WINDOWS, ex);
				throw ex;
			}
			String sequenceNumber = batch.records().get(0).origin().sequenceNumber();
			logger.warn(Pipeline.SLIDING_WINDOWS + ": a passing failure stopped the batch of " + batch.stream() + "/"
					+ batch.shard() + " at sequence number " + sequenceNumber + "; Lambda delivers it again");
			return new TimeWindowEventResponse(this.state,
					List.of(new TimeWindowEventResponse.BatchItemFailure(sequenceNumber)));
		}
	}

	/** The records carried in the state, as they arrived. */
	List<ShardBatch.Record> records(String stream, String shard, JsonMapper json) {
		String carried = this.state.get(RECORDS);
		List<ShardBatch.Record> records = new ArrayList<>();
		if (carried == null) {
			return records;
		}
		for (JsonNode record : json.readTree(carried)) {
			records.add(new ShardBatch.Record(record.get(2).asString().getBytes(StandardCharsets.UTF_8),
					new ShardBatch.Origin(stream, shard, record.get(0).asString(), record.get(1).asString())));
		}
		return records;
	}

	/**
	 * The state that carries records to the next invocation of the window. Only records
	 * that hold a price record are carried, and those are UTF-8 text.
	 */
	static Map<String, String> carrying(List<ShardBatch.Record> records, JsonMapper json) {
		if (records.isEmpty()) {
			return Map.of();
		}
		List<List<String>> carried = new ArrayList<>(records.size());
		for (ShardBatch.Record record : records) {
			carried.add(List.of(record.origin().sequenceNumber(), record.origin().partitionKey(),
					new String(record.data(), StandardCharsets.UTF_8)));
		}
		return Map.of(RECORDS, json.writeValueAsString(carried));
	}

}
