package io.tickstream.function;

import org.springframework.cloud.function.context.catalog.FunctionTypeUtils;
import org.springframework.cloud.function.context.catalog.SimpleFunctionRegistry.FunctionInvocationWrapper;

/**
 * Which functions take records: those whose input is the request body's bytes, or a
 * message of them (which carries the request's parameters too). The web server and Lambda
 * serve only these.
 */
public final class RecordFunctions {

	private RecordFunctions() {
	}

	public static boolean takesRecords(FunctionInvocationWrapper function) {
		return function.getRawInputType() == byte[].class || (function.isInputTypeMessage() && FunctionTypeUtils
			.getRawType(FunctionTypeUtils.getGenericType(function.getInputType())) == byte[].class);
	}

}
