package io.metering.e2e.security;

import java.util.function.Consumer;

/**
 * One hostile request: its category (for the report), the request, and whether the input may in fact
 * be valid (a weird but legal product name, a mutation that left a batch intact), in which case a 2xx
 * is a correct answer too. {@code after} sees the answer (e.g. to move a device's chain on a 202).
 */
record Attack(String category, String method, String url, Role role, String contentType, byte[] body, boolean mayBeValid,
              Consumer<Http.Reply> after) {

    static Attack of(String category, String method, String url, Role role, String contentType, byte[] body, boolean mayBeValid) {
        return new Attack(category, method, url, role, contentType, body, mayBeValid, r -> { });
    }

    Attack then(Consumer<Http.Reply> next) {
        return new Attack(category, method, url, role, contentType, body, mayBeValid, after.andThen(next));
    }

    String describe() {
        String shown = body == null ? "" : new String(body, 0, Math.min(body.length, 200), java.nio.charset.StandardCharsets.ISO_8859_1);
        return category + " " + method + " " + (url.length() > 200 ? url.substring(0, 200) + "..." : url) + " as " + role
                + (body == null ? "" : " body[" + body.length + "]=" + shown.replaceAll("[^\\x20-\\x7e]", "?"));
    }
}
