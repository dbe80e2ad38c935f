package io.tickstream.pipeline;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import io.tickstream.function.Failure;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.slf4j.MDC;
import tools.jackson.databind.json.JsonMapper;

/**
 * Dead letters: a permanently bad record written to the dead-letter stream with the
 * reason, where it came from (stream, shard, sequence number, partition key) and the
 * original bytes, so that nothing is lost and it can be replayed after a fix.
 * <p>
 * A letter always fits one Kinesis record (1 MiB): the original is kept whole up to
 * {@value #MAX_DATA_BYTES} bytes (base64 in {@code data}), and its text up to
 * {@value #MAX_TEXT_CHARS} characters (in {@code text}, only where it is UTF-8); a letter
 * says when either is cut ({@code dataTruncated}, {@code textTruncated}) and how large
 * the original was ({@code size}).
 */
final class DeadLetters {

	/** Base64 makes 4 characters of 3 bytes: 600 000 bytes are 800 000 characters. */
	static final int MAX_DATA_BYTES = 600_000;

	/** Even escaped as {@code \\uXXXX}, these characters take at most 96 000 bytes. */
	static final int MAX_TEXT_CHARS = 16_000;

	/** The reason and the other fields are short; this bounds them all the same. */
	private static final int MAX_FIELD_CHARS = 1_000;

	private static final Log logger = LogFactory.getLog(DeadLetters.class);

	private final JsonMapper json;

	DeadLetters(JsonMapper json) {
		this.json = json;
	}

	/**
	 * The dead letter of a record, to write to the dead-letter stream. It stays in its
	 * record's shard order: its own partition key.
	 */
	RecordPublisher.OutgoingRecord of(ShardBatch.Record record, Failure failure) {
		return of(record, failure, Map.of(), "Dead letter");
	}

	/**
	 * The letter of a record with more to say than why: a record too late for its
	 * windows, which goes to the late records' stream with the window it missed.
	 * @param about fields the letter holds after the reason
	 * @param kind what the log calls it
	 */
	RecordPublisher.OutgoingRecord of(ShardBatch.Record record, Failure failure, Map<String, Object> about,
			String kind) {
		log(record.origin(), failure, kind);
		String key = record.origin().partitionKey();
		return new RecordPublisher.OutgoingRecord(
				(key == null || key.isEmpty() || key.length() > 256) ? "dead-letter" : key,
				letter(record.origin(), record.data(), failure, about));
	}

	/**
	 * One line per dead letter, with where the record came from as fields of a structured
	 * log ({@code logging.structured.format.console}); never the record itself, nor the
	 * reason, which may quote it.
	 */
	private static void log(ShardBatch.Origin origin, Failure failure, String kind) {
		Map<String, String> batchContext = MDC.getCopyOfContextMap();
		try {
			MDC.put("stream", bounded(origin.stream()));
			MDC.put("shard", bounded(origin.shard()));
			MDC.put("sequenceNumber", bounded(origin.sequenceNumber()));
			logger.info(kind + " (" + failure.title() + ") of " + origin.stream() + "/" + origin.shard() + " at "
					+ origin.sequenceNumber());
		}
		finally {
			MDC.setContextMap((batchContext != null) ? batchContext : Map.of());
		}
	}

	/**
	 * @param origin where the record came from
	 * @param data the record's bytes as they arrived
	 * @param failure why it is a dead letter
	 * @return the letter as JSON, at most one Kinesis record
	 */
	byte[] letter(ShardBatch.Origin origin, byte[] data, Failure failure) {
		return letter(origin, data, failure, Map.of());
	}

	private byte[] letter(ShardBatch.Origin origin, byte[] data, Failure failure, Map<String, Object> about) {
		Map<String, Object> letter = new LinkedHashMap<>();
		letter.put("reason", bounded(failure.detail()));
		letter.put("title", bounded(failure.title()));
		letter.putAll(about);
		letter.put("stream", bounded(origin.stream()));
		letter.put("shard", bounded(origin.shard()));
		letter.put("sequenceNumber", bounded(origin.sequenceNumber()));
		letter.put("partitionKey", bounded(origin.partitionKey()));
		letter.put("size", data.length);
		letter.put("data", Base64.getEncoder()
			.encodeToString((data.length > MAX_DATA_BYTES) ? Arrays.copyOf(data, MAX_DATA_BYTES) : data));
		letter.put("dataTruncated", data.length > MAX_DATA_BYTES);
		String text = utf8(data);
		if (text != null) {
			boolean cut = text.length() > MAX_TEXT_CHARS;
			letter.put("text", cut ? text.substring(0, cutPoint(text)) : text);
			letter.put("textTruncated", cut);
		}
		return this.json.writeValueAsBytes(letter);
	}

	private static String bounded(String value) {
		if (value == null || value.length() <= MAX_FIELD_CHARS) {
			return value;
		}
		return value.substring(0, MAX_FIELD_CHARS) + "...";
	}

	private static int cutPoint(String text) {
		return Character.isHighSurrogate(text.charAt(MAX_TEXT_CHARS - 1)) ? MAX_TEXT_CHARS - 1 : MAX_TEXT_CHARS;
	}

	/** The record as text when it is UTF-8, else {@code null}. */
	private static String utf8(byte[] data) {
		try {
			CharBuffer text = StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(data));
			return text.toString();
		}
		catch (CharacterCodingException ex) {
			return null;
		}
	}

}
