package io.tickstream.function;

import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;

/**
 * Which format an answer is written in, from the client's {@code Accept} header: the one
 * decision the web server and Lambda share, so that the same request gets the same answer
 * on both. JSON for every function; CSV too for the tables (hourly highs, windows).
 * <p>
 * The client's types are tried by quality (the order written breaking ties); the first
 * that includes a format the function writes wins. No {@code Accept}, or
 * {@code *}/{@code *}, is JSON. An {@code Accept} that cannot be read, or that includes
 * no format the function writes, is answered {@code 406}.
 */
public final class ContentNegotiation {

	public static final MediaType JSON = MediaType.APPLICATION_JSON;

	public static final MediaType CSV = MediaType.parseMediaType("text/csv");

	/** Longer than any header a client means: a longer one is not parsed, but refused. */
	private static final int MAX_ACCEPT_LENGTH = 1000;

	private ContentNegotiation() {
	}

	/** The formats a function's answer can be written in, preferred first. */
	public static List<MediaType> producible(Type outputType) {
		return CsvAnswer.writes(outputType) ? List.of(JSON, CSV) : List.of(JSON);
	}

	/**
	 * @param accept the {@code Accept} header, or {@code null}
	 * @param producible the formats the answer can be written in, preferred first
	 * @return the format to answer in, or {@code null} when the client accepts none of
	 * them (406)
	 */
	public static MediaType choose(String accept, List<MediaType> producible) {
		if (accept == null || accept.isBlank()) {
			return producible.get(0);
		}
		if (accept.length() > MAX_ACCEPT_LENGTH) {
			return null;
		}
		List<MediaType> requested;
		try {
			requested = new ArrayList<>(MediaType.parseMediaTypes(accept));
		}
		catch (InvalidMediaTypeException ex) {
			return null;
		}
		requested.sort(Comparator.comparingDouble(MediaType::getQualityValue).reversed());
		for (MediaType wanted : requested) {
			if (wanted.getQualityValue() <= 0) {
				continue;
			}
			for (MediaType format : producible) {
				if (wanted.includes(format)) {
					return format;
				}
			}
		}
		return null;
	}

	/** The answer when no format fits. */
	public static Failure notAcceptable(List<MediaType> producible) {
		return new Failure(406, "Not Acceptable", "the answer can be written as "
				+ String.join(" or ", producible.stream().map(MediaType::toString).toList()) + " only");
	}

}
