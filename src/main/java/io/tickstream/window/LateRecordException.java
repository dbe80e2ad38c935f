package io.tickstream.window;

/**
 * A record that arrived on a stream after its windows may have been published: its
 * timestamp is older than the shard's watermark. It is refused for good.
 */
public class LateRecordException extends RuntimeException {

	public LateRecordException(String reason) {
		super(reason);
	}

}
