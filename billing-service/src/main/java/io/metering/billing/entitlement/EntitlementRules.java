package io.metering.billing.entitlement;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Currency;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;

import io.metering.billing.consumption.Metric;
import io.metering.billing.error.ApiException;

/**
 * Validates an entitlement request field by field and fills the defaults: a generated id, thresholds
 * [0.8, 1.0], enforcement none, pricing committed, overage price 0, validFrom today (UTC). Every refusal
 * names the field. Stateless.
 */
public final class EntitlementRules {

    static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    static final Set<String> PERIODS = Set.of("day", "month", "year");
    static final Set<String> ENFORCEMENTS = Set.of("none", "warn", "deny");
    static final Set<String> PRICINGS = Set.of("committed", "usage");
    static final Set<String> CONCURRENT = Set.of(Metric.CONCURRENT_SESSIONS.apiName(), Metric.CONCURRENT_USERS.apiName());
    static final List<Double> DEFAULT_THRESHOLDS = List.of(0.8, 1.0);
    static final BigDecimal MAX_QUANTITY = new BigDecimal("1000000000000");
    static final BigDecimal MAX_PRICE = new BigDecimal("100000000000000");

    private EntitlementRules() {
    }

    public static Entitlement validated(Entitlement e) {
        if (e == null) {
            throw new ApiException.Invalid("An entitlement body is required");
        }
        String id = e.id() == null ? UUID.randomUUID().toString() : e.id();
        if (!ID.matcher(id).matches()) {
            throw new ApiException.Invalid("id must be 1-64 characters of a-z, 0-9, '.', '_' or '-', starting with a letter or digit");
        }
        if (e.product() == null || e.product().isBlank()) {
            throw new ApiException.Invalid("product is required (the id of an existing product)");
        }
        String metric = Metric.parse(e.metric()).apiName();
        BigDecimal quantity = e.quantity();
        if (quantity == null || quantity.signum() < 0 || quantity.compareTo(MAX_QUANTITY) >= 0 || quantity.scale() > 4) {
            throw new ApiException.Invalid("quantity is required: a number >= 0 with at most 4 decimals");
        }
        if (e.period() == null || !PERIODS.contains(e.period())) {
            throw new ApiException.Invalid("period must be day, month or year");
        }
        String costCenter = e.costCenter();
        if (costCenter != null && costCenter.isBlank()) {
            throw new ApiException.Invalid("scope.costCenter is a cost center id, or null for the whole tenant");
        }
        String pricing = e.pricing() == null ? "committed" : e.pricing();
        if (!PRICINGS.contains(pricing)) {
            throw new ApiException.Invalid("pricing must be committed or usage");
        }
        BigDecimal unitPrice = price("unitPrice", e.unitPrice(), true);
        BigDecimal overagePrice = price("overagePrice", e.overagePrice(), false);
        String currency = currency(e.currency());
        List<Double> thresholds = thresholds(e.thresholds());
        String enforcement = e.enforcement() == null ? "none" : e.enforcement();
        if (!ENFORCEMENTS.contains(enforcement)) {
            throw new ApiException.Invalid("enforcement must be none, warn or deny");
        }
        if (!"none".equals(enforcement) && !CONCURRENT.contains(metric)) {
            throw new ApiException.Invalid("enforcement " + enforcement
                    + " needs a concurrent metric (concurrent_sessions or concurrent_users); use none for " + metric);
        }
        LocalDate validFrom = e.validFrom() == null ? LocalDate.now(ZoneOffset.UTC) : e.validFrom();
        if (e.validTo() != null && e.validTo().isBefore(validFrom)) {
            throw new ApiException.Invalid("validTo must not be before validFrom");
        }
        return new Entitlement(id, e.product(), metric, normalised(quantity), e.period(),
                new Entitlement.Scope(costCenter), format(unitPrice), format(overagePrice), currency, thresholds,
                enforcement, validFrom, e.validTo(), pricing);
    }

    /** A decimal for the API: no exponent, no needless zeros, at least two decimals for money. */
    public static String format(BigDecimal amount) {
        BigDecimal stripped = amount.stripTrailingZeros();
        return stripped.setScale(Math.max(2, stripped.scale())).toPlainString();
    }

    public static BigDecimal normalised(BigDecimal number) {
        BigDecimal stripped = number.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }

    private static BigDecimal price(String field, String text, boolean required) {
        if (text == null) {
            if (required) {
                throw new ApiException.Invalid(field + " is required: a decimal string such as \"12.50\"");
            }
            return BigDecimal.ZERO;
        }
        BigDecimal price;
        try {
            price = new BigDecimal(text.trim());
        } catch (NumberFormatException ex) {
            throw new ApiException.Invalid(field + " must be a decimal string such as \"12.50\"; got '" + abbreviate(text) + "'");
        }
        if (price.signum() < 0 || price.scale() > 6 || price.compareTo(MAX_PRICE) >= 0) {
            throw new ApiException.Invalid(field + " must be >= 0 with at most 6 decimals");
        }
        return price;
    }

    private static String currency(String code) {
        if (code == null || !code.matches("[A-Z]{3}")) {
            throw new ApiException.Invalid("currency must be an ISO 4217 code of three capital letters, e.g. EUR");
        }
        try {
            Currency.getInstance(code);
        } catch (IllegalArgumentException ex) {
            throw new ApiException.Invalid("currency '" + code + "' is not an ISO 4217 code");
        }
        return code;
    }

    private static List<Double> thresholds(List<Double> given) {
        if (given == null) {
            return DEFAULT_THRESHOLDS;
        }
        if (given.size() > 10) {
            throw new ApiException.Invalid("thresholds has at most 10 values");
        }
        TreeSet<Double> sorted = new TreeSet<>();
        for (int i = 0; i < given.size(); i++) {
            Double t = given.get(i);
            if (t == null || t.isNaN() || t <= 0 || t > 10) {
                throw new ApiException.Invalid("thresholds[" + i + "] must be a fraction of the quantity in (0, 10], e.g. 0.8");
            }
            sorted.add(t);
        }
        return List.copyOf(sorted);
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }
}
