package io.metering.billing.costcenter;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads CSV as RFC 4180 defines it: comma-separated fields, optionally in double quotes, a doubled quote
 * inside quotes for a quote, line breaks (CRLF or LF) inside quotes kept. Each record knows the line it
 * starts on. Stateless.
 */
final class CsvReader {

    /** One record and the 1-based line it starts on. */
    record Row(int line, List<String> fields) {
    }

    /** A syntax error, with the line it was found on. */
    static final class CsvException extends Exception {
        final int line;

        CsvException(int line, String message) {
            super(message, null, false, false);
            this.line = line;
        }
    }

    private CsvReader() {
    }

    static List<Row> read(String text) throws CsvException {
        List<Row> rows = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int line = 1;
        int rowLine = 1;
        boolean quoted = false;
        boolean afterQuote = false;
        int i = 0;
        int n = text.length();
        if (n > 0 && text.charAt(0) == '\uFEFF') {
            i = 1;
        }
        for (; i < n; i++) {
            char ch = text.charAt(i);
            if (quoted) {
                if (ch == '"') {
                    if (i + 1 < n && text.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        quoted = false;
                        afterQuote = true;
                    }
                } else {
                    if (ch == '\n') {
                        line++;
                    }
                    field.append(ch);
                }
            } else if (ch == '"') {
                if (field.length() > 0 || afterQuote) {
                    throw new CsvException(line, "a quote may only start a field");
                }
                quoted = true;
            } else if (ch == ',') {
                fields.add(field.toString());
                field.setLength(0);
                afterQuote = false;
            } else if (ch == '\r' || ch == '\n') {
                if (ch == '\r' && i + 1 < n && text.charAt(i + 1) == '\n') {
                    i++;
                }
                fields.add(field.toString());
                field.setLength(0);
                afterQuote = false;
                addUnlessBlank(rows, rowLine, fields);
                fields = new ArrayList<>();
                line++;
                rowLine = line;
            } else {
                if (afterQuote) {
                    throw new CsvException(line, "nothing may follow a closing quote but a comma or a line break");
                }
                field.append(ch);
            }
        }
        if (quoted) {
            throw new CsvException(rowLine, "a quoted field is not closed");
        }
        if (field.length() > 0 || !fields.isEmpty() || afterQuote) {
            fields.add(field.toString());
            addUnlessBlank(rows, rowLine, fields);
        }
        return rows;
    }

    private static void addUnlessBlank(List<Row> rows, int line, List<String> fields) {
        if (!(fields.size() == 1 && fields.get(0).isEmpty())) {
            rows.add(new Row(line, List.copyOf(fields)));
        }
    }
}
