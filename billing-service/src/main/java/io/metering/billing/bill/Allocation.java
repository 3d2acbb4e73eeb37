package io.metering.billing.bill;

import java.math.BigDecimal;

import com.fasterxml.jackson.annotation.JsonFormat;

/** The part of a bill line charged back to one cost center (or {@code unallocated}). */
public record Allocation(String costCenter, @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal amount) {
}
