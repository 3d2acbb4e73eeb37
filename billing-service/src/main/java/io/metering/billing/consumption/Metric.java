package io.metering.billing.consumption;

import java.util.Arrays;
import java.util.stream.Collectors;

import io.metering.billing.error.ApiException;

/** The seven metrics of DESIGN.md section 5, by their API names. */
public enum Metric {
    LAUNCHES("launches"),
    DEVICES("devices"),
    USERS("users"),
    CONCURRENT_SESSIONS("concurrent_sessions"),
    CONCURRENT_USERS("concurrent_users"),
    USAGE_HOURS("usage_hours"),
    SESSION_HOURS("session_hours");

    private final String apiName;

    Metric(String apiName) {
        this.apiName = apiName;
    }

    public String apiName() {
        return apiName;
    }

    public static Metric parse(String name) {
        for (Metric m : values()) {
            if (m.apiName.equals(name)) {
                return m;
            }
        }
        throw new ApiException.Invalid("metric must be one of " + Arrays.stream(values()).map(Metric::apiName)
                .collect(Collectors.joining(", ")) + (name == null ? "" : "; got '" + abbreviate(name) + "'"));
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }
}
