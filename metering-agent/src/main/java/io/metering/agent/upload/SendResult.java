package io.metering.agent.upload;

import java.util.Optional;

/** The server's answer to one upload. */
public record SendResult(int status, String body, Optional<String> retryAfter) {
}
