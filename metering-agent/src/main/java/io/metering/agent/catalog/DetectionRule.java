package io.metering.agent.catalog;

import java.nio.file.FileSystems;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.Optional;
import java.util.regex.Pattern;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One way to recognise a product's executable. It matches when every field it gives matches:
 * {@code executable} compares the file name case-insensitively, {@code pathGlob} is a
 * {@link java.nio.file.PathMatcher} glob on the full path, {@code regex} must match the full path.
 * Backslashes are read as path separators so Windows paths match the same rules on any OS.
 * A rule with no field matches nothing.
 * <p>
 * Immutable and thread-safe.
 */
public final class DetectionRule {

    private final Optional<String> executable;
    private final Optional<String> pathGlob;
    private final Optional<String> regex;
    private final PathMatcher glob;
    private final Pattern pattern;

    @JsonCreator
    public DetectionRule(@JsonProperty("executable") String executable, @JsonProperty("pathGlob") String pathGlob,
                         @JsonProperty("regex") String regex) {
        this.executable = Optional.ofNullable(executable).filter(s -> !s.isBlank());
        this.pathGlob = Optional.ofNullable(pathGlob).filter(s -> !s.isBlank());
        this.regex = Optional.ofNullable(regex).filter(s -> !s.isBlank());
        this.glob = this.pathGlob.map(g -> FileSystems.getDefault().getPathMatcher("glob:" + g)).orElse(null);
        this.pattern = this.regex.map(Pattern::compile).orElse(null);
    }

    public static DetectionRule executable(String name) {
        return new DetectionRule(name, null, null);
    }

    public boolean matches(String fullPath) {
        if (executable.isEmpty() && glob == null && pattern == null) {
            return false;
        }
        String normalised = fullPath.replace('\\', '/');
        if (executable.isPresent() && !fileName(normalised).equalsIgnoreCase(executable.get())) {
            return false;
        }
        if (glob != null && !globMatches(normalised)) {
            return false;
        }
        return pattern == null || pattern.matcher(fullPath).matches() || pattern.matcher(normalised).matches();
    }

    private boolean globMatches(String normalised) {
        try {
            return glob.matches(Path.of(normalised));
        } catch (InvalidPathException e) {
            return false;
        }
    }

    private static String fileName(String normalised) {
        int slash = normalised.lastIndexOf('/');
        return slash < 0 ? normalised : normalised.substring(slash + 1);
    }

    @JsonProperty("executable")
    public String executableName() {
        return executable.orElse(null);
    }

    @JsonProperty("pathGlob")
    public String pathGlob() {
        return pathGlob.orElse(null);
    }

    @JsonProperty("regex")
    public String regex() {
        return regex.orElse(null);
    }

    @Override
    public String toString() {
        return "DetectionRule" + executable.map(e -> " executable=" + e).orElse("")
                + pathGlob.map(g -> " pathGlob=" + g).orElse("") + regex.map(r -> " regex=" + r).orElse("");
    }
}
