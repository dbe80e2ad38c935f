package io.tickstream.stream;

import io.tickstream.pipeline.Pipeline;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.cloud.stream.binding.BindingService;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.context.ApplicationContext;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Without the {@code kinesis} profile the application needs no emulator and no AWS
 * account: it starts with no stream binding and no AWS client (this test runs with no
 * emulator at all).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class NoStreamsByDefaultTests {

	@Autowired
	private ApplicationContext context;

	@Test
	void startsWithoutBindingsOrAwsClients() {
		assertThat(this.context.getBeanNamesForType(BindingService.class)).isEmpty();
		assertThat(this.context.getBeanNamesForType(StreamBridge.class)).isEmpty();
		assertThat(this.context.getBeanNamesForType(DynamoDbClient.class)).isEmpty();
		assertThat(this.context.getBeanNamesForType(Pipeline.class)).isEmpty();
	}

}
