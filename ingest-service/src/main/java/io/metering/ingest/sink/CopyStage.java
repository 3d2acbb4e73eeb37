package io.metering.ingest.sink;

import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Writes a batch through a session-local staging table: {@code COPY} the rows (CSV) into a temporary
 * table {@code LIKE} the target ({@code ON COMMIT DELETE ROWS}, created once per pooled connection),
 * then move them with one {@code INSERT ... SELECT ... ON CONFLICT ...} statement, inside the
 * caller's transaction (ADR 0402, ADR 0802).
 * <p>
 * Immutable and thread-safe; the connection it is given is not.
 *
 * @param stage   name of the temporary table
 * @param target  table whose structure the stage copies
 * @param columns the CSV's columns, in order
 * @param move    the statement moving the stage into the target
 */
record CopyStage(String stage, String target, String columns, String move) {

    private static final String UNIQUE_VIOLATION = "23505";

    /** COPYs {@code csv} (one row per line) into the stage and runs the move; returns the moved rows. */
    int write(Connection c, CharSequence csv) throws SQLException {
        return write(c, new Rows.Csv(csv));
    }

    private int write(Connection c, Rows rows) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TEMP TABLE IF NOT EXISTS " + stage + " (LIKE " + target
                    + " INCLUDING DEFAULTS) ON COMMIT DELETE ROWS");
            copy(c, stage, rows);
            // ON COMMIT DELETE ROWS empties the stage; a rolled back batch leaves nothing behind either
            return s.executeUpdate(move);
        }
    }

    /**
     * For insert-only targets whose move ignores conflicts: COPYs {@code csv} straight into the target,
     * which costs about half of going through the stage, and only when a row is already there (a
     * unique violation: a repeated batch or a resent event) rolls back to a savepoint and takes the
     * stage instead (ADR 0806). Same result as {@link #write} either way.
     */
    void writeNew(Connection c, CharSequence csv) throws SQLException {
        writeNew(c, new Rows.Csv(csv));
    }

    /** {@link #writeNew(Connection, CharSequence)} for rows in the binary COPY format (ADR 0813). */
    void writeNew(Connection c, BinaryCopyRows rows) throws SQLException {
        writeNew(c, new Rows.Binary(rows));
    }

    private void writeNew(Connection c, Rows rows) throws SQLException {
        Savepoint beforeCopy = c.setSavepoint();
        try {
            copy(c, target, rows);
            c.releaseSavepoint(beforeCopy);
        } catch (SQLException e) {
            if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw e;
            }
            c.rollback(beforeCopy);
            write(c, rows);
        }
    }

    private void copy(Connection c, String table, Rows rows) throws SQLException {
        try {
            rows.copyIn(c.unwrap(PGConnection.class).getCopyAPI(),
                    "COPY " + table + " (" + columns + ") FROM STDIN WITH (FORMAT " + rows.format() + ")");
        } catch (IOException e) {
            throw new SQLException("COPY into " + table + " failed", e);
        }
    }

    /** What one COPY sends: CSV text, or rows in the binary format. */
    private interface Rows {
        String format();

        void copyIn(CopyManager copy, String sql) throws SQLException, IOException;

        record Csv(CharSequence text) implements Rows {
            public String format() {
                return "csv";
            }

            public void copyIn(CopyManager copy, String sql) throws SQLException, IOException {
                copy.copyIn(sql, new StringReader(text.toString()));
            }
        }

        record Binary(BinaryCopyRows rows) implements Rows {
            public String format() {
                return "binary";
            }

            public void copyIn(CopyManager copy, String sql) throws SQLException, IOException {
                copy.copyIn(sql, rows.toStream());
            }
        }
    }

    /** A CSV field: null is the empty unquoted field, any text is quoted (so "" stays an empty string). */
    static StringBuilder text(StringBuilder csv, CharSequence value) {
        if (value == null) {
            return csv;
        }
        csv.append('"');
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            if (ch == '"') {
                csv.append('"');
            }
            csv.append(ch);
        }
        return csv.append('"');
    }
}
