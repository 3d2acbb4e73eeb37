package io.metering.ingest.lease;

import io.metering.ingest.error.ApiException;

/** {@code POST /v1/leases}: a seat for one process (session) of a product on a device, used by a user. */
public record LeaseRequest(String deviceId, String productId, String sessionId, String user) {

    LeaseRequest validated() {
        require("deviceId", deviceId);
        require("productId", productId);
        require("sessionId", sessionId);
        if (user != null && user.length() > 256) {
            throw new ApiException.BadRequest("invalid_lease_request", "user is at most 256 characters");
        }
        return this;
    }

    /** The identity concurrent_users counts: the user, else the device (as the metering topology does). */
    String identity() {
        return user == null || user.isBlank() ? "device:" + deviceId : user;
    }

    private static void require(String field, String value) {
        if (value == null || value.isBlank() || value.length() > 256) {
            throw new ApiException.BadRequest("invalid_lease_request", field + " is required (at most 256 characters)");
        }
    }
}
