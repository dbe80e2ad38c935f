package io.tickstream.stream;

import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.DefaultRetryStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * {@code local-aws/start.sh} returns only once both emulators answer, also when it
 * creates no streams (as the tests and benchmarks start it): a first call needs no retry.
 */
class LocalAwsScriptIntegrationTests {

	@Test
	void bothEmulatorsAnswerTheFirstCallOnceTheScriptReturns() throws Exception {
		try (LocalAws.Emulators emulators = LocalAws.startEmulators()) {
			// at once, before anything else takes time
			assertThatNoException().as("connecting to Kinesis")
				.isThrownBy(() -> new Socket("127.0.0.1", emulators.kinesisPort()).close());
			assertThatNoException().as("connecting to DynamoDB")
				.isThrownBy(() -> new Socket("127.0.0.1", emulators.dynamoDbPort()).close());
			answerWithoutRetry(emulators);
		}
	}

	/**
	 * A client killed in the middle of a request (a stream service killed with SIGKILL
	 * while the KCL renews a lease) leaves DynamoDB to the others: dynalite alone would
	 * end on the aborted request.
	 */
	@Test
	void aClientThatGoesAwayMidRequestLeavesDynamoDbRunning() throws Exception {
		try (LocalAws.Emulators emulators = LocalAws.startEmulators()) {
			for (int client = 0; client < 3; client++) {
				try (Socket socket = new Socket("127.0.0.1", emulators.dynamoDbPort())) {
					socket.getOutputStream()
						.write(("POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-amz-json-1.0\r\n"
								+ "X-Amz-Target: DynamoDB_20120810.ListTables\r\nContent-Length: 1000\r\n\r\n{")
							.getBytes(StandardCharsets.US_ASCII));
					socket.getOutputStream().flush();
					Thread.sleep(200); // the request has begun
					socket.setSoLinger(true, 0); // closed with a reset, as by a killed
													// process
				}
			}
			Thread.sleep(500);
			answerWithoutRetry(emulators);
		}
	}

	private static void answerWithoutRetry(LocalAws.Emulators emulators) {
		try (KinesisClient kinesis = KinesisClient.builder()
			.httpClient(UrlConnectionHttpClient.create())
			.endpointOverride(URI.create("http://127.0.0.1:" + emulators.kinesisPort()))
			.overrideConfiguration((client) -> client.retryStrategy(DefaultRetryStrategy.doNotRetry()))
			.region(Region.US_EAST_1)
			.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
			.build();
				DynamoDbClient dynamoDb = DynamoDbClient.builder()
					.httpClient(UrlConnectionHttpClient.create())
					.endpointOverride(URI.create("http://127.0.0.1:" + emulators.dynamoDbPort()))
					.overrideConfiguration((client) -> client.retryStrategy(DefaultRetryStrategy.doNotRetry()))
					.region(Region.US_EAST_1)
					.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
					.build()) {
			assertThat(kinesis.listStreams().streamNames()).isEmpty();
			assertThat(dynamoDb.listTables().tableNames()).isEmpty();
		}
	}

}
