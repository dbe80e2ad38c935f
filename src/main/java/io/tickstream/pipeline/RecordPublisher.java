package io.tickstream.pipeline;

import java.util.List;

/**
 * Writes records to a stream, all of them: it returns once every record is in, and throws
 * only for a bug or when the application stops.
 */
public interface RecordPublisher {

	void publish(String stream, List<OutgoingRecord> records);

	/** One record to write. */
	record OutgoingRecord(String partitionKey, byte[] data) {

	}

}
