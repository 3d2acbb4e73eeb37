package io.metering.e2e.scenario;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.metering.local.DevApi;

/**
 * Compares the consumption API with {@link ExpectedMetrics}: each check is one metric of one product
 * over one period, with its series at one granularity, and every number must be equal (no tolerance).
 * Thread-safe.
 */
public final class ConsumptionChecks {

    public static final List<String> METRICS = List.of("launches", "devices", "users", "concurrent_sessions",
            "concurrent_users", "usage_hours", "session_hours");

    private static final Pattern VALUE = Pattern.compile("\"value\":([-0-9.Ee+]+)");
    private static final Pattern POINT = Pattern.compile("\\{\"start\":\"([^\"]+)\",\"value\":([-0-9.Ee+]+)\\}");

    /** One question to the API; {@code costCenter} null for the whole tenant. */
    public record Check(String product, String metric, Instant from, Instant to, String granularity,
                        String costCenter) {
        public Check(String product, String metric, Instant from, Instant to, String granularity) {
            this(product, metric, from, to, granularity, null);
        }

        String query() {
            return "product=" + product + "&metric=" + metric + "&from=" + from + "&to=" + to
                    + (granularity == null ? "" : "&granularity=" + granularity)
                    + (costCenter == null ? "" : "&costCenter=" + costCenter);
        }
    }

    private final String billingUrl;
    private final TokenSource tokens;
    private final ExpectedMetrics expected;

    public ConsumptionChecks(String billingUrl, TokenSource tokens, ExpectedMetrics expected) {
        this.billingUrl = billingUrl;
        this.tokens = tokens;
        this.expected = expected;
    }

    /** All seven metrics of each product over the period for each cost center, with the given granularity. */
    public static List<Check> perCostCenter(List<String> products, List<String> costCenters, Instant from, Instant to,
                                            String granularity) {
        List<Check> checks = new ArrayList<>();
        for (String costCenter : costCenters) {
            checks.addAll(metrics(products, from, to, granularity, costCenter));
        }
        return checks;
    }

    /** All seven metrics of each product over each period, with the given granularity. */
    public static List<Check> allMetrics(List<String> products, Instant from, Instant to, String granularity) {
        return metrics(products, from, to, granularity, null);
    }

    private static List<Check> metrics(List<String> products, Instant from, Instant to, String granularity,
                                       String costCenter) {
        List<Check> checks = new ArrayList<>();
        for (String product : products) {
            for (String metric : METRICS) {
                checks.add(new Check(product, metric, from, to, granularity, costCenter));
            }
        }
        return checks;
    }

    /** The differences between the API and the expectation; empty when all agree. */
    public List<String> mismatches(List<Check> checks) {
        List<String> found = new ArrayList<>();
        for (Check check : checks) {
            DevApi.Answer answer = DevApi.get(billingUrl + "/api/v1/consumption?" + check.query(), tokens.get());
            if (answer.status() == 401) {
                tokens.invalidate(tokens.get());
            }
            if (answer.status() != 200) {
                found.add(check.query() + " -> HTTP " + answer.status() + " " + answer.body());
                continue;
            }
            compare(check.query(), expected.value(check.product(), check.metric(), check.from(), check.to(),
                    check.costCenter()), top(answer.body()), found);
            if (check.granularity() != null) {
                Matcher m = POINT.matcher(answer.body());
                int points = 0;
                for (Instant start = floor(check.from(), check.granularity()); start.isBefore(check.to());
                     start = next(start, check.granularity())) {
                    Instant bucketFrom = start.isBefore(check.from()) ? check.from() : start;
                    Instant end = next(start, check.granularity());
                    Instant bucketTo = end.isAfter(check.to()) ? check.to() : end;
                    BigDecimal want = expected.value(check.product(), check.metric(), bucketFrom, bucketTo,
                            check.costCenter());
                    if (!m.find()) {
                        found.add(check.query() + " has no bucket " + start);
                        break;
                    }
                    if (!Instant.parse(m.group(1)).equals(start)) {
                        found.add(check.query() + " bucket " + m.group(1) + " where " + start + " was expected");
                    }
                    compare(check.query() + " bucket " + start, want, new BigDecimal(m.group(2)), found);
                    points++;
                }
                if (points == 0) {
                    found.add(check.query() + " produced no buckets");
                }
            }
        }
        return found;
    }

    /** Polls until every check agrees or the time is up; returns the last differences. */
    public List<String> awaitAgreement(List<Check> checks, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> last;
        do {
            last = mismatches(checks);
            if (last.isEmpty()) {
                return last;
            }
            Thread.sleep(2000);
        } while (System.nanoTime() < deadline);
        return last;
    }

    private static void compare(String what, BigDecimal want, BigDecimal got, List<String> found) {
        if (want.compareTo(got) != 0) {
            found.add(what + ": expected " + want.toPlainString() + " but the API says " + got.toPlainString());
        }
    }

    private static BigDecimal top(String body) {
        Matcher m = VALUE.matcher(body);
        if (!m.find()) {
            throw new AssertionError("no value in " + body);
        }
        return new BigDecimal(m.group(1));
    }

    static Instant floor(Instant t, String granularity) {
        ZonedDateTime z = t.atZone(ZoneOffset.UTC);
        return switch (granularity) {
            case "minute" -> z.truncatedTo(ChronoUnit.MINUTES).toInstant();
            case "hour" -> z.truncatedTo(ChronoUnit.HOURS).toInstant();
            case "day" -> z.truncatedTo(ChronoUnit.DAYS).toInstant();
            default -> throw new IllegalArgumentException(granularity);
        };
    }

    static Instant next(Instant t, String granularity) {
        return switch (granularity) {
            case "minute" -> t.plus(Duration.ofMinutes(1));
            case "hour" -> t.plus(Duration.ofHours(1));
            case "day" -> t.plus(Duration.ofDays(1));
            default -> throw new IllegalArgumentException(granularity);
        };
    }
}
