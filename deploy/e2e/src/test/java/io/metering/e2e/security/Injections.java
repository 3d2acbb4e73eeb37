package io.metering.e2e.security;

import java.util.List;
import java.util.Random;

/** Hostile strings and JSON values: injection, traversal, header splitting, odd unicode, NUL, absurd numbers. */
final class Injections {

    /** Strings for any text field, query or path parameter. */
    static final List<String> STRINGS = List.of(
            "' OR '1'='1", "'; DROP TABLE product; --", "1; SELECT pg_sleep(20) --", "x' AND pg_sleep(20) IS NULL --",
            "\") OR 1=1 --", "%' OR tenant_id LIKE '%", "' UNION SELECT tenant_id, NULL FROM device --",
            "{\"$ne\":null}", "\"}],\"tenantId\":\"other\",\"x\":[{\"", "\\", "\\\"", "'", "\"",
            "../../../../etc/passwd", "..\\..\\..\\windows\\win.ini", "..%2f..%2fetc%2fpasswd", "%2e%2e%2f", "/", "//", ".", "..",
            "\r\nX-Injected: yes", "x\r\n\r\n<html>split</html>", "%0d%0aSet-Cookie:%20a=b",
            "\u0000", "a\u0000b", "\u202Eevil.exe", "\uD83D\uDE00", "\uFEFFbom", "\uD800", "ｆｕｌｌｗｉｄｔｈ", "Ω≈ç√∫",
            "\u200B", "e\u0301", "${jndi:ldap://127.0.0.1/a}", "#{7*7}", "<script>alert(1)</script>", "%s%s%s%n",
            "-1", "0", "-0", "99999999999999999999", "NaN", "Infinity", "1e309", "0x1F", "2026-13-45", "2026-02-30",
            "9999-12-31T23:59:59Z", "-999999999-01-01T00:00:00Z", "+1000000000-01-01T00:00:00Z", "2026-11-02T09:15:00+25:00",
            "", " ", "null", "true", "[]", "{}", "a".repeat(300), "é".repeat(1000), "x".repeat(10_000));

    /** JSON values for type confusion: every JSON type, limits of numbers, and strings from {@link #STRINGS}. */
    static final List<String> JSON_VALUES = List.of(
            "null", "true", "false", "0", "-1", "1.5", "-1e308", "1e400", "9223372036854775808", "-9223372036854775809",
            "2147483648", "-2147483649", "1e3", "[]", "{}", "[1,2]", "{\"a\":{}}", "[[[[[[]]]]]]", "\"\"", "\"x\"",
            "\"2026-11-02T09:15:00Z\"", "\"00000000-0000-0000-0000-000000000000\"", "\"LAUNCH\"", "\"UNKNOWN\"");

    private Injections() {
    }

    static String string(Random random) {
        return STRINGS.get(random.nextInt(STRINGS.size()));
    }

    /** A JSON value: a confusing literal or a hostile string as a JSON string. */
    static String jsonValue(Random random) {
        return random.nextInt(3) == 0 ? quoted(string(random)) : JSON_VALUES.get(random.nextInt(JSON_VALUES.size()));
    }

    static String quoted(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
