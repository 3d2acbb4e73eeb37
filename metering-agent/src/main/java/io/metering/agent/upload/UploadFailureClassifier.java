package io.metering.agent.upload;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

/**
 * The one place that decides whether an upload failure is retriable or permanent.
 * <ul>
 *   <li>2xx: accepted;</li>
 *   <li>IO errors (no answer), 408, 5xx and anything not listed: retry with backoff;</li>
 *   <li>429: retry after {@code Retry-After} seconds (backoff if the header is missing or unreadable);</li>
 *   <li>401: refresh the token;</li>
 *   <li>any other 4xx (400, 403, 409, 413, 422, ...): permanent, quarantine the batch.</li>
 * </ul>
 * Stateless and thread-safe.
 */
public final class UploadFailureClassifier {

    /** A verdict and, for {@link Verdict#RETRY_AFTER}, how long to wait. */
    public record Decision(Verdict verdict, Optional<Duration> delay) {
        static Decision of(Verdict verdict) {
            return new Decision(verdict, Optional.empty());
        }
    }

    public Decision classify(int status, Optional<String> retryAfter) {
        if (status >= 200 && status < 300) {
            return Decision.of(Verdict.ACCEPTED);
        }
        if (status == 429) {
            return retryAfter.flatMap(UploadFailureClassifier::seconds)
                    .map(delay -> new Decision(Verdict.RETRY_AFTER, Optional.of(delay)))
                    .orElse(Decision.of(Verdict.RETRY));
        }
        if (status == 401) {
            return Decision.of(Verdict.REFRESH_TOKEN);
        }
        if (status == 408) {
            return Decision.of(Verdict.RETRY);
        }
        if (status >= 400 && status < 500) {
            return Decision.of(Verdict.QUARANTINE);
        }
        return Decision.of(Verdict.RETRY);
    }

    public Decision classify(IOException error) {
        return Decision.of(Verdict.RETRY);
    }

    private static Optional<Duration> seconds(String header) {
        try {
            long seconds = Long.parseLong(header.trim());
            return seconds >= 0 ? Optional.of(Duration.ofSeconds(seconds)) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
