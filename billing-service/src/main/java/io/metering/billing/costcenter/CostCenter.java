package io.metering.billing.costcenter;

import java.util.regex.Pattern;

import io.metering.billing.consumption.ConsumptionQuery;
import io.metering.billing.error.ApiException;

/** A cost center of a tenant, to which usage and bills are charged back. */
public record CostCenter(String id, String name) {

    static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    CostCenter validated() {
        if (id == null || !ID.matcher(id).matches() || ConsumptionQuery.UNALLOCATED.equals(id)) {
            throw new ApiException.Invalid("id must be 1-64 characters of letters, digits, '.', '_' or '-', "
                    + "starting with a letter or digit, and not 'unallocated'");
        }
        if (name == null || name.isBlank() || name.length() > 200) {
            throw new ApiException.Invalid("name is required (at most 200 characters)");
        }
        return this;
    }
}
