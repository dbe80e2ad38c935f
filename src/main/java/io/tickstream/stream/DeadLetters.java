package io.tickstream.stream;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

import io.awspring.cloud.kinesis.integration.KinesisHeaders;
import io.tickstream.function.Failure;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.MessagingException;
import org.springframework.messaging.support.ErrorMessage;
import org.springframework.messaging.support.MessageBuilder;

/**
 * The error handler of the stream bindings: maps a failed record onto the one failure
 * model.
 * <ul>
 * <li>A permanently bad record (invalid, unreadable) goes to the dead-letter stream with
 * its original bytes, the reason and where it came from; the checkpoint then moves past
 * it.</li>
 * <li>Anything else (a downstream outage, a bug) is rethrown: the binder does not
 * checkpoint and delivers the record again, so nothing is lost.</li>
 * </ul>
 * A dead letter that cannot be written fails the same way, so the record is redelivered.
 */
class DeadLetters implements Consumer<ErrorMessage> {

	static final String BINDING = "deadLetters-out-0";

	private static final Log logger = LogFactory.getLog(DeadLetters.class);

	private final StreamBridge streamBridge;

	private final JsonMapper json;

	DeadLetters(StreamBridge streamBridge, JsonMapper json) {
		this.streamBridge = streamBridge;
		this.json = json;
	}

	@Override
	public void accept(ErrorMessage error) {
		Throwable cause = error.getPayload();
		Failure failure = Failure.of(cause);
		Message<?> record = (error.getOriginalMessage() != null) ? error.getOriginalMessage() : failedMessage(cause);
		if (failure == null || record == null) {
			logger.error("Record not processed; it will be delivered again from the last checkpoint", cause);
			throw (cause instanceof MessagingException messagingException) ? messagingException
					: new MessagingException("record not processed", cause);
		}
		byte[] letter = this.json.writeValueAsBytes(letter(record, failure));
		Object partitionKey = record.getHeaders().get(KinesisHeaders.RECEIVED_PARTITION_KEY);
		Message<byte[]> message = MessageBuilder.withPayload(letter)
			.setHeader(MessageHeaders.CONTENT_TYPE, "application/json")
			.setHeader(KinesisHeaders.PARTITION_KEY, (partitionKey != null) ? partitionKey.toString() : "dead-letter")
			.build();
		if (!this.streamBridge.send(BINDING, message)) {
			throw new MessagingException(record, "the dead letter could not be written");
		}
	}

	private static Map<String, Object> letter(Message<?> record, Failure failure) {
		byte[] data = bytes(record.getPayload());
		Map<String, Object> letter = new LinkedHashMap<>();
		letter.put("reason", failure.detail());
		letter.put("title", failure.title());
		letter.put("stream", record.getHeaders().get(KinesisHeaders.RECEIVED_STREAM));
		letter.put("shard", record.getHeaders().get(KinesisHeaders.SHARD));
		letter.put("sequenceNumber", record.getHeaders().get(KinesisHeaders.RECEIVED_SEQUENCE_NUMBER));
		letter.put("partitionKey", record.getHeaders().get(KinesisHeaders.RECEIVED_PARTITION_KEY));
		letter.put("data", Base64.getEncoder().encodeToString(data));
		letter.put("text", new String(data, StandardCharsets.UTF_8));
		return letter;
	}

	private static Message<?> failedMessage(Throwable cause) {
		return (cause instanceof MessagingException messagingException) ? messagingException.getFailedMessage() : null;
	}

	private static byte[] bytes(Object payload) {
		if (payload instanceof byte[] bytes) {
			return bytes;
		}
		return String.valueOf(payload).getBytes(StandardCharsets.UTF_8);
	}

}
