package io.tickstream.function;

import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import io.tickstream.tick.Feed;
import io.tickstream.tick.TickValidator;

import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;

/**
 * Which bodies are read, and which format an answer is written in: the decisions the web
 * server and Lambda share, so that the same request gets the same answer on both.
 * <p>
 * The body is read as records by its shape, whatever it is declared as, when its
 * {@code Content-Type} is JSON or newline-delimited JSON, or one of the types clients
 * send without being asked (none, {@code text/plain}, {@code application/octet-stream},
 * and curl's default {@code application/x-www-form-urlencoded}). {@code text/csv} is read
 * as the CSV feed unless the request names another ({@link #feedParameter}). Any other
 * type, or a charset other than UTF-8, is refused with {@code 415}: it is never read as
 * form parameters, nor answered as if it had been read.
 * <p>
 * The answer is JSON for every function; CSV too for the tables (hourly highs, windows).
 * The client's types are tried by quality (the order written breaking ties); the first
 * that includes a format the function writes wins. No {@code Accept}, or
 * {@code *}/{@code *}, is JSON. An {@code Accept} that cannot be read, or that includes
 * no format the function writes, is answered {@code 406}.
 */
public final class ContentNegotiation {

	public static final MediaType JSON = MediaType.APPLICATION_JSON;

	public static final MediaType CSV = MediaType.parseMediaType("text/csv");

	/** Longer than any header a client means: a longer one is not parsed, but refused. */
	private static final int MAX_HEADER_LENGTH = 1000;

	/** The types that name what is read: JSON, and newline-delimited JSON. */
	private static final List<MediaType> RECORD_TYPES = List.of(JSON, MediaType.parseMediaType("application/*+json"),
			MediaType.APPLICATION_NDJSON, MediaType.parseMediaType("application/jsonl"));

	/** Types that say nothing of the body, which is then read by its shape too. */
	private static final List<MediaType> UNSPECIFIC_TYPES = List.of(MediaType.TEXT_PLAIN,
			MediaType.APPLICATION_OCTET_STREAM, MediaType.APPLICATION_FORM_URLENCODED);

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
		if (accept.length() > MAX_HEADER_LENGTH) {
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

	/**
	 * @param contentType the request's {@code Content-Type} header, or {@code null}
	 * @return {@code null} when the body is read as records, else the {@code 415} that
	 * refuses it
	 */
	public static Failure unreadable(String contentType) {
		if (contentType == null || contentType.isBlank()) {
			return null;
		}
		MediaType type = parse(contentType);
		if (type == null || type.isWildcardType() || type.isWildcardSubtype()) {
			return unsupported("a Content-Type that names no type");
		}
		String declared = type.getType() + "/" + type.getSubtype();
		if (RECORD_TYPES.stream().noneMatch((known) -> known.includes(type))
				&& UNSPECIFIC_TYPES.stream().noneMatch((known) -> known.equalsTypeAndSubtype(type))
				&& !CSV.equalsTypeAndSubtype(type)) {
			return unsupported(TickValidator.abbreviate(declared));
		}
		String charset = type.getParameter("charset");
		if (charset != null && !isUtf8(charset)) {
			return unsupported(TickValidator.abbreviate(declared + "; charset=" + charset));
		}
		return null;
	}

	/**
	 * @param contentType the request's {@code Content-Type} header, or {@code null}
	 * @param feed the request's {@code feed} parameter, or {@code null}
	 * @return the {@code feed} parameter the functions read: the request's, else
	 * {@code csv} for a body declared {@code text/csv}, else {@code null} (the setting
	 * decides)
	 */
	public static String feedParameter(String contentType, String feed) {
		if (feed != null || contentType == null) {
			return feed;
		}
		MediaType type = parse(contentType);
		return (type != null && CSV.equalsTypeAndSubtype(type)) ? Feed.CSV.id() : null;
	}

	private static MediaType parse(String contentType) {
		if (contentType.length() > MAX_HEADER_LENGTH) {
			return null;
		}
		try {
			return MediaType.parseMediaType(contentType);
		}
		catch (InvalidMediaTypeException ex) {
			return null;
		}
	}

	private static boolean isUtf8(String charset) {
		String name = charset.replace("\"", "").trim();
		return name.equalsIgnoreCase("utf-8") || name.equalsIgnoreCase("utf8") || name.equalsIgnoreCase("us-ascii");
	}

	private static Failure unsupported(String what) {
		return new Failure(415, "Unsupported Media Type",
				"the body is read as JSON, newline-delimited JSON or CSV in"
						+ " UTF-8 (application/json, application/x-ndjson, text/csv; text/plain,"
						+ " application/octet-stream and application/x-www-form-urlencoded are read by their shape),"
						+ " not as " + what);
	}

	/** The answer when no format fits. */
	public static Failure notAcceptable(List<MediaType> producible) {
		return new Failure(406, "Not Acceptable", "the answer can be written as "
				+ String.join(" or ", producible.stream().map(MediaType::toString).toList()) + " only");
	}

}
