package io.tickstream.stream;

import java.net.Socket;
import java.net.URI;

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
