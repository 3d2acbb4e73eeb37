package io.metering.billing.costcenter;

import java.util.List;
import java.util.TreeSet;

import io.metering.billing.error.ApiException;

/** The users and devices of a cost center; each belongs to at most one cost center of its tenant. */
public record Members(List<String> users, List<String> devices) {

    static final int MAX = 100_000;

    public Members {
        users = users == null ? List.of() : users;
        devices = devices == null ? List.of() : devices;
    }

    /** Sorted, without duplicates; refuses blank or over-long names. */
    Members validated() {
        return new Members(clean("users", users), clean("devices", devices));
    }

    private static List<String> clean(String field, List<String> names) {
        if (names.size() > MAX) {
            throw new ApiException.Invalid(field + " has at most " + MAX + " entries");
        }
        TreeSet<String> set = new TreeSet<>();
        for (int i = 0; i < names.size(); i++) {
            String n = names.get(i);
            if (n == null || n.isBlank() || n.length() > 256) {
                throw new ApiException.Invalid(field + "[" + i + "] must be a non-blank name of at most 256 characters");
            }
            set.add(n);
        }
        return List.copyOf(set);
    }
}
