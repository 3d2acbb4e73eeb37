package io.metering.billing.product;

import java.nio.file.FileSystems;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.metering.billing.error.ApiException;

/**
 * How agents recognise a product: executable file name, path glob and/or regex on the full path;
 * every given field must match.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DetectionRule(String executable, String pathGlob, String regex) {

    void validate(int index) {
        String where = "rules[" + index + "]";
        if (blank(executable) && blank(pathGlob) && blank(regex)) {
            throw new ApiException.Invalid(where + " needs executable, pathGlob or regex");
        }
        if (length(executable) > 255 || length(pathGlob) > 1024 || length(regex) > 1024) {
            throw new ApiException.Invalid(where + " is too long");
        }
        if (!blank(pathGlob)) {
            try {
                FileSystems.getDefault().getPathMatcher("glob:" + pathGlob);
            } catch (IllegalArgumentException e) {
                throw new ApiException.Invalid(where + ".pathGlob is not a valid glob: " + e.getMessage());
            }
        }
        if (!blank(regex)) {
            try {
                Pattern.compile(regex);
            } catch (PatternSyntaxException e) {
                throw new ApiException.Invalid(where + ".regex does not compile: " + e.getDescription());
            }
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static int length(String s) {
        return s == null ? 0 : s.length();
    }
}
