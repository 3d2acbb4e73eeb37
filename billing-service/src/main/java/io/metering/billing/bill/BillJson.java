package io.metering.billing.bill;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The canonical form of a bill, independent of the application's JSON settings: UTF-8 JSON without
 * whitespace, object keys sorted, nulls written, numbers plain (never exponents), times ISO-8601 UTC.
 * The content hash is the lower-case hex SHA-256 of the canonical form of the bill with
 * {@code contentHash} null. Thread-safe.
 */
public final class BillJson {

    private static final JsonMapper CANONICAL = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.INDENT_OUTPUT)
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();

    private BillJson() {
    }

    public static String canonical(Bill bill) {
        try {
            return CANONICAL.writeValueAsString(bill);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Bill parse(String json) {
        try {
            return CANONICAL.readValue(json, Bill.class);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String sha256(Bill bill) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(canonical(bill.withContentHash(null)).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
