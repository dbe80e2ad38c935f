package io.tickstream;

import tools.jackson.databind.json.JsonMapper;

/** The tests' one JSON mapper, as Spring Boot's defaults would build it. */
public final class Json {

	public static final JsonMapper JSON = JsonMapper.builder().build();

	private Json() {
	}

}
