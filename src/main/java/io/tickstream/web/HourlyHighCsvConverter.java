package io.tickstream.web;

import java.nio.charset.StandardCharsets;

import io.tickstream.hourly.HourlyHighCsv;
import io.tickstream.hourly.HourlyHighReport;

import org.springframework.http.HttpInputMessage;
import org.springframework.http.HttpOutputMessage;
import org.springframework.http.MediaType;
import org.springframework.http.converter.AbstractHttpMessageConverter;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.util.StreamUtils;

/**
 * Writes {@code hourlyHigh}'s answer as CSV when the client asks for {@code text/csv}.
 * CSV has no place for rejected records, so their number goes into the
 * {@value #REJECTED_HEADER} header.
 */
class HourlyHighCsvConverter extends AbstractHttpMessageConverter<HourlyHighReport> {

	static final MediaType TEXT_CSV = new MediaType("text", "csv", StandardCharsets.UTF_8);

	static final String REJECTED_HEADER = "Rejected-Count";

	HourlyHighCsvConverter() {
		super(StandardCharsets.UTF_8, TEXT_CSV);
	}

	@Override
	protected boolean supports(Class<?> type) {
		return HourlyHighReport.class.isAssignableFrom(type);
	}

	@Override
	protected boolean canRead(MediaType mediaType) {
		return false;
	}

	@Override
	protected HourlyHighReport readInternal(Class<? extends HourlyHighReport> type, HttpInputMessage input) {
		throw new HttpMessageNotReadableException("CSV is an output format only", input);
	}

	@Override
	protected void writeInternal(HourlyHighReport report, HttpOutputMessage output) throws java.io.IOException {
		output.getHeaders().set(REJECTED_HEADER, Integer.toString(report.rejectedCount()));
		StreamUtils.copy(HourlyHighCsv.write(report.results()), StandardCharsets.UTF_8, output.getBody());
	}

}
