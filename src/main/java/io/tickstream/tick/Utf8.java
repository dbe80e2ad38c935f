package io.tickstream.tick;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Turns input bytes into text, strictly: invalid UTF-8 is refused with its byte offset
 * rather than read as replacement characters, and a leading byte order mark is dropped.
 */
public final class Utf8 {

	private static final char BYTE_ORDER_MARK = '\uFEFF';

	private Utf8() {
	}

	/**
	 * @throws MalformedInputException naming the byte offset of the first invalid byte
	 */
	public static String decode(byte[] bytes) {
		if (isAscii(bytes)) { // what records nearly always are: no decoder needed
			return new String(bytes, StandardCharsets.US_ASCII);
		}
		CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
			.onMalformedInput(CodingErrorAction.REPORT)
			.onUnmappableCharacter(CodingErrorAction.REPORT);
		ByteBuffer in = ByteBuffer.wrap(bytes);
		CharBuffer out = CharBuffer.allocate(bytes.length); // never more chars than bytes
		CoderResult result = decoder.decode(in, out, true);
		if (!result.isError()) {
			result = decoder.flush(out);
		}
		if (result.isError()) {
			throw new MalformedInputException("the input is not valid UTF-8 at byte " + in.position());
		}
		out.flip();
		if (out.hasRemaining() && out.get(out.position()) == BYTE_ORDER_MARK) {
			out.get();
		}
		return out.toString();
	}

	private static boolean isAscii(byte[] bytes) {
		for (byte b : bytes) {
			if (b < 0) {
				return false;
			}
		}
		return true;
	}

}
