package io.tickstream.lambda;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The Lambda surface's own settings. Defaults: {@code application.properties}.
 *
 * @param retryPatience behind a Kinesis event source mapping, how long a passing failure
 * (throttling, 5xx, unreachable) is retried in place before the record is handed back to
 * the mapping in {@code batchItemFailures}
 * @param snapstartPriming with SnapStart, whether the function answers a representative
 * request before the snapshot ({@link SnapStartPriming})
 */
@ConfigurationProperties("tickstream.lambda")
public record LambdaProperties(Duration retryPatience, boolean snapstartPriming) {

}
