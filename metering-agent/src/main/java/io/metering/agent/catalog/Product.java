package io.metering.agent.catalog;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A licensed product and the rules that recognise its executables.
 *
 * @param enforcement {@code none}, {@code warn} or {@code deny}: what the agent does when no seat is free (ADR 0303)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Product(String id, String name, List<DetectionRule> rules, String enforcement) {

    public Product {
        rules = rules == null ? List.of() : List.copyOf(rules);
        enforcement = enforcement == null ? "none" : enforcement;
    }

    public boolean matches(String executablePath) {
        for (DetectionRule rule : rules) {
            if (rule.matches(executablePath)) {
                return true;
            }
        }
        return false;
    }
}
