package io.metering.agent.enforce;

import java.util.Locale;

/** What a product's policy says when no seat is free: nothing, a warning, or ending the process. */
public enum Enforcement {
    NONE, WARN, DENY;

    /** {@code none|warn|deny}, any case; anything else (or null) is {@link #NONE}. */
    public static Enforcement parse(String text) {
        if (text == null) {
            return NONE;
        }
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "warn" -> WARN;
            case "deny" -> DENY;
            default -> NONE;
        };
    }

    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
