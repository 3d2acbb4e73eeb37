package io.metering.agent.upload;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.Random;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class UploadFailureClassifierTest {

    final UploadFailureClassifier classifier = new UploadFailureClassifier();

    @ParameterizedTest
    @ValueSource(ints = {200, 202})
    void successStatusesAreAccepted(int status) {
        assertThat(classifier.classify(status, Optional.empty()).verdict()).isEqualTo(Verdict.ACCEPTED);
    }

    @ParameterizedTest
    @ValueSource(ints = {500, 502, 503, 504, 408})
    void serverErrorsAreRetried(int status) {
        assertThat(classifier.classify(status, Optional.empty()).verdict()).isEqualTo(Verdict.RETRY);
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 403, 409, 413, 422})
    void permanentClientErrorsQuarantineTheBatch(int status) {
        assertThat(classifier.classify(status, Optional.empty()).verdict()).isEqualTo(Verdict.QUARANTINE);
    }

    @Test
    void unauthorizedRefreshesTheToken() {
        assertThat(classifier.classify(401, Optional.empty()).verdict()).isEqualTo(Verdict.REFRESH_TOKEN);
    }

    @Test
    void tooManyRequestsHonoursRetryAfterSeconds() {
        UploadFailureClassifier.Decision decision = classifier.classify(429, Optional.of("7"));
        assertThat(decision.verdict()).isEqualTo(Verdict.RETRY_AFTER);
        assertThat(decision.delay()).contains(Duration.ofSeconds(7));
    }

    @Test
    void tooManyRequestsWithoutAReadableRetryAfterBacksOff() {
        assertThat(classifier.classify(429, Optional.of("Wed, 21 Oct 2026 07:28:00 GMT")).verdict())
                .isEqualTo(Verdict.RETRY);
    }

    @Test
    void ioErrorsAreRetried() {
        assertThat(classifier.classify(new IOException("connection refused")).verdict()).isEqualTo(Verdict.RETRY);
    }

    @Test
    void backoffGrowsExponentiallyUpToTheCapWithFullJitter() {
        Backoff backoff = Backoff.standard(new Random(3));
        assertThat(backoff.ceilingMillis(0)).isEqualTo(1000);
        assertThat(backoff.ceilingMillis(3)).isEqualTo(8000);
        assertThat(backoff.ceilingMillis(20)).isEqualTo(300_000);
        assertThat(backoff.ceilingMillis(70)).isEqualTo(300_000);
        for (int i = 0; i < 30; i++) {
            long ceiling = backoff.ceilingMillis(backoff.attempts());
            assertThat(backoff.next().toMillis()).isBetween(0L, ceiling);
        }
        backoff.reset();
        assertThat(backoff.next().toMillis()).isLessThan(1000);
    }
}
