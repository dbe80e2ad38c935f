package io.tickstream.web;

import java.nio.charset.StandardCharsets;

import io.tickstream.function.CsvAnswer;

import org.springframework.http.HttpInputMessage;
import org.springframework.http.HttpOutputMessage;
import org.springframework.http.MediaType;
import org.springframework.http.converter.AbstractHttpMessageConverter;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.util.StreamUtils;

/**
 * Writes the tables ({@code hourlyHigh}'s and {@code slidingWindows}' answers) as CSV
 * when the client asks for {@code text/csv}. CSV has no place for rejected records, so
 * their number goes into the {@value #REJECTED_HEADER} header.
 */
class CsvConverter extends AbstractHttpMessageConverter<Object> {

	static final MediaType TEXT_CSV = new MediaType("text", "csv", StandardCharsets.UTF_8);

	static final String REJECTED_HEADER = "Rejected-Count";

	CsvConverter() {
		super(StandardCharsets.UTF_8, TEXT_CSV);
	}

	@Override
	protected boolean supports(Class<?> type) {
		return CsvAnswer.writes(type);
	}

	@Override
	protected boolean canRead(MediaType mediaType) {
		return false;
	}

	@Override
	protected Object readInternal(Class<?> type, HttpInputMessage input) {
		throw new HttpMessageNotReadableException("CSV is an output format only", input);
	}

	@Override
	protected void writeInternal(Object answer, HttpOutputMessage output) throws java.io.IOException {
		CsvAnswer csv = CsvAnswer.of(answer);
		output.getHeaders().set(REJECTED_HEADER, Integer.toString(csv.rejectedCount()));
		StreamUtils.copy(csv.csv(), StandardCharsets.UTF_8, output.getBody());
	}

}
