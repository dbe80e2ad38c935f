package io.tickstream.lambda;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;

/**
 * The Lambda context of an in-process invocation.
 */
public final class TestContext implements Context {

	@Override
	public String getAwsRequestId() {
		return "8476a536-e9f4-11e8-9739-2dfe598c3fcd";
	}

	@Override
	public String getLogGroupName() {
		return "/aws/lambda/tickstream";
	}

	@Override
	public String getLogStreamName() {
		return "2026/11/29/[$LATEST]0123456789abcdef";
	}

	@Override
	public String getFunctionName() {
		return "tickstream";
	}

	@Override
	public String getFunctionVersion() {
		return "$LATEST";
	}

	@Override
	public String getInvokedFunctionArn() {
		return "arn:aws:lambda:us-east-1:123456789012:function:tickstream";
	}

	@Override
	public CognitoIdentity getIdentity() {
		return null;
	}

	@Override
	public ClientContext getClientContext() {
		return null;
	}

	@Override
	public int getRemainingTimeInMillis() {
		return 30_000;
	}

	@Override
	public int getMemoryLimitInMB() {
		return 1024;
	}

	@Override
	public LambdaLogger getLogger() {
		return new LambdaLogger() {

			@Override
			public void log(String message) {
				System.out.print(message);
			}

			@Override
			public void log(byte[] message) {
				System.out.write(message, 0, message.length);
			}

		};
	}

}
