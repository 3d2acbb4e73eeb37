package io.metering.agent.session;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import io.metering.agent.process.ProcessKey;

/**
 * Session ids are name-based UUIDs (v3) of device, pid and process start, so an agent that restarts
 * gives a still-running process the same session id it had before.
 */
public final class SessionIds {

    private SessionIds() {
    }

    public static String of(String deviceId, ProcessKey process) {
        String name = deviceId + "/" + process.pid() + "/" + process.startedAt().toEpochMilli();
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
