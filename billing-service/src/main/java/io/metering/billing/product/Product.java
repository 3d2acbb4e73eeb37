package io.metering.billing.product;

import java.util.List;
import java.util.regex.Pattern;

import io.metering.billing.error.ApiException;

/** A licensed product of a tenant and the rules that recognise it on devices. */
public record Product(String id, String name, String vendor, List<DetectionRule> rules) {

    static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

    public Product {
        rules = rules == null ? List.of() : List.copyOf(rules);
    }

    Product validated() {
        if (id == null || !ID.matcher(id).matches()) {
            throw new ApiException.Invalid("id must be 1-64 characters of a-z, 0-9, '.', '_' or '-', starting with a letter or digit");
        }
        if (name == null || name.isBlank() || name.length() > 200) {
            throw new ApiException.Invalid("name is required (at most 200 characters)");
        }
        if (vendor != null && vendor.length() > 200) {
            throw new ApiException.Invalid("vendor is at most 200 characters");
        }
        if (rules.size() > 100) {
            throw new ApiException.Invalid("a product has at most 100 rules");
        }
        for (int i = 0; i < rules.size(); i++) {
            if (rules.get(i) == null) {
                throw new ApiException.Invalid("rules[" + i + "] is null");
            }
            rules.get(i).validate(i);
        }
        return this;
    }

    Product withId(String newId) {
        return new Product(newId, name, vendor, rules);
    }
}
