package io.metering.ingest.sink;

import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;

import org.postgresql.PGConnection;

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
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TEMP TABLE IF NOT EXISTS " + stage + " (LIKE " + target
                    + " INCLUDING DEFAULTS) ON COMMIT DELETE ROWS");
            copy(c, stage, csv);
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
        Savepoint beforeCopy = c.setSavepoint();
        try {
            copy(c, target, csv);
            c.releaseSavepoint(beforeCopy);
        } catch (SQLException e) {
            if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw e;
            }
            c.rollback(beforeCopy);
            write(c, csv);
        }
    }

    private void copy(Connection c, String table, CharSequence csv) throws SQLException {
        try {
            c.unwrap(PGConnection.class).getCopyAPI().copyIn(
                    "COPY " + table + " (" + columns + ") FROM STDIN WITH (FORMAT csv)",
                    new StringReader(csv.toString()));
        } catch (IOException e) {
            throw new SQLException("COPY into " + table + " failed", e);
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
