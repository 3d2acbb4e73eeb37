package io.metering.billing.costcenter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class CsvReaderTest {

    @Test
    void quotedFieldsMayHoldCommasQuotesAndLineBreaks() throws Exception {
        List<CsvReader.Row> rows = CsvReader.read("a,b,c\r\n\"x,1\",\"say \"\"hi\"\"\",\"two\nlines\"\r\nlast,row,here");
        assertThat(rows).extracting(CsvReader.Row::fields).containsExactly(
                List.of("a", "b", "c"), List.of("x,1", "say \"hi\"", "two\nlines"), List.of("last", "row", "here"));
        assertThat(rows).extracting(CsvReader.Row::line).containsExactly(1, 2, 4);
    }

    @Test
    void blankLinesAreSkippedAndATrailingLineBreakIsOptional() throws Exception {
        assertThat(CsvReader.read("a,b\n\nc,d\n")).extracting(CsvReader.Row::fields)
                .containsExactly(List.of("a", "b"), List.of("c", "d"));
    }

    @Test
    void anUnclosedQuoteIsAnErrorOnTheLineWhereTheRecordStarts() {
        assertThatThrownBy(() -> CsvReader.read("a,b\n\"open,c\n"))
                .isInstanceOfSatisfying(CsvReader.CsvException.class, e -> assertThat(e.line).isEqualTo(2));
    }

    @Test
    void textAfterAClosingQuoteIsAnError() {
        assertThatThrownBy(() -> CsvReader.read("\"a\"b,c")).isInstanceOf(CsvReader.CsvException.class)
                .hasMessageContaining("closing quote");
    }
}
