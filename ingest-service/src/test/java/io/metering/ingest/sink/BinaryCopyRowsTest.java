package io.metering.ingest.sink;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class BinaryCopyRowsTest {

    @Test
    void reorderedRowsAreTheSameBytesAsRowsWrittenInThatOrder() throws IOException {
        BinaryCopyRows written = new BinaryCopyRows(4, 1);
        for (int i = 0; i < 200; i++) {
            row(written, i);
        }
        int[] order = new int[200];
        for (int i = 0; i < order.length; i++) {
            order[i] = (i * 7 + 3) % 200; // a permutation: 7 and 200 are coprime
        }
        BinaryCopyRows expected = new BinaryCopyRows(4, 1);
        for (int i : order) {
            row(expected, i);
        }

        BinaryCopyRows reordered = written.reordered(order);

        assertEquals(200, reordered.rows());
        assertArrayEquals(expected.toStream().readAllBytes(), reordered.toStream().readAllBytes());
    }

    @Test
    void anOrderThatDoesNotCoverEveryRowIsRefused() {
        BinaryCopyRows rows = new BinaryCopyRows(4, 1);
        row(rows, 1);
        row(rows, 2);

        assertThrows(IllegalArgumentException.class, () -> rows.reordered(new int[] {1}));
    }

    private static void row(BinaryCopyRows rows, int i) {
        // rows of different lengths, so that a row copied from the wrong offset shows
        rows.row().text("row-" + "x".repeat(i % 13)).int8(i).uuid(i % 5 == 0 ? null : new UUID(i, -i)).timestamptz(1_000L * i);
    }
}
