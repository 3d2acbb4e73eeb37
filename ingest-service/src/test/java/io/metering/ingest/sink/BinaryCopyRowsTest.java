package io.metering.ingest.sink;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
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
    void rowsClearedAndWrittenAgainAreTheBytesOfFreshRowsAndSoIsTheirReusedReorderedCopy() throws IOException {
        BinaryCopyRows reused = new BinaryCopyRows(4, 1);
        BinaryCopyRows reusedCopy = new BinaryCopyRows(4, 1);
        for (int i = 0; i < 300; i++) {
            row(reused, i);
        }
        reused.reordered(reverse(300), reusedCopy).toStream().readAllBytes(); // a larger batch before, handed to COPY
        reused.clear();
        BinaryCopyRows fresh = new BinaryCopyRows(4, 1);
        for (int i = 0; i < 20; i++) {
            row(reused, i);
            row(fresh, i);
        }

        assertEquals(20, reused.rows());
        assertArrayEquals(fresh.reordered(reverse(20)).toStream().readAllBytes(),
                reused.reordered(reverse(20), reusedCopy).toStream().readAllBytes());
        assertArrayEquals(fresh.toStream().readAllBytes(), reused.toStream().readAllBytes());
    }

    @Test
    void aTextFieldIsItsUtf8LengthAndBytesWhetherItIsAsciiOrNot() throws IOException {
        for (String text : new String[] {"", "demo", "caf\u00e9", "\u00e9t\u00e9", "CORP\\alice \ud83d\ude80", "x".repeat(300)}) {
            BinaryCopyRows rows = new BinaryCopyRows(1, 1);
            rows.row().text(text);
            byte[] all = rows.toStream().readAllBytes();
            byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);

            // header (19 bytes), field count (2), length (4), bytes, trailer (2)
            assertEquals(19 + 2 + 4 + utf8.length + 2, all.length, text);
            assertEquals(utf8.length, ByteBuffer.wrap(all, 21, 4).getInt(), text);
            assertArrayEquals(utf8, Arrays.copyOfRange(all, 25, 25 + utf8.length), text);
        }
    }

    @Test
    void anOrderThatDoesNotCoverEveryRowIsRefused() {
        BinaryCopyRows rows = new BinaryCopyRows(4, 1);
        row(rows, 1);
        row(rows, 2);

        assertThrows(IllegalArgumentException.class, () -> rows.reordered(new int[] {1}));
    }

    private static int[] reverse(int rows) {
        int[] order = new int[rows];
        for (int i = 0; i < rows; i++) {
            order[i] = rows - 1 - i;
        }
        return order;
    }

    private static void row(BinaryCopyRows rows, int i) {
        // rows of different lengths, so that a row copied from the wrong offset shows
        rows.row().text("row-" + "x".repeat(i % 13)).int8(i).uuid(i % 5 == 0 ? null : new UUID(i, -i)).timestamptz(1_000L * i);
    }
}
