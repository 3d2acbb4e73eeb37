package io.metering.schemas;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.apache.avro.Schema;

/**
 * Every published version of every schema, as kept under {@code io/metering/schemas/history}.
 * <p>
 * A published version is never edited or removed: readers register all of them so that any
 * reader resolves any writer. {@code history/index.txt} lists the files, one per line.
 */
public final class SchemaHistory {

    private static final String ROOT = "/io/metering/schemas/history/";

    private SchemaHistory() {
    }

    /** The published versions of a record, oldest first, e.g. {@code versions("UsageEvent")}. */
    public static List<Schema> versions(String recordName) {
        List<Schema> schemas = new ArrayList<>();
        for (String path : index()) {
            if (path.startsWith(recordName + "/")) {
                schemas.add(parse(ROOT + path));
            }
        }
        return List.copyOf(schemas);
    }

    /** All entries of the index, as {@code Name/vN.avsc}. */
    public static List<String> index() {
        String text = read(ROOT + "index.txt");
        return text.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    }

    static Schema parse(String resource) {
        return new Schema.Parser().parse(read(resource));
    }

    private static String read(String resource) {
        try (InputStream in = SchemaHistory.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Missing schema resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
