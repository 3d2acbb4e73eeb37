package io.metering.billing.bill;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;

import io.metering.billing.consumption.Metric;

class BillExportTest {

    static Bill sample(int lines) {
        List<BillLine> all = new ArrayList<>();
        for (int i = 0; i < lines; i++) {
            LineTerms t = new LineTerms("ent-" + i, i == 0 ? "autocad, \"LT\"" : "product-" + i, Metric.CONCURRENT_USERS,
                    "committed", "month", BigDecimal.valueOf(10), new BigDecimal("12.50"), new BigDecimal("15.00"),
                    i % 2 == 0 ? "EUR" : "USD", null, java.time.LocalDate.parse("2026-10-01"),
                    java.time.LocalDate.parse("2026-10-31"));
            all.add(LinePricer.price(t, List.of(new Usage(BigDecimal.valueOf(13), new TreeMap<>(Map.of(
                    "cc-eng", BigDecimal.valueOf(2), "cc-ops", BigDecimal.ONE, "unallocated", BigDecimal.ONE))))));
        }
        return Bill.draft("acme", new BillPeriod(java.time.YearMonth.parse("2026-10")), all)
                .finalized(Instant.parse("2026-11-05T10:00:00Z"), "finance");
    }

    @Test
    void theCsvHasOneRfc4180RowPerAllocation() {
        Bill bill = sample(3);

        String csv = BillCsv.render(bill);
        List<List<String>> rows = parseCsv(csv);

        assertThat(csv).endsWith("\r\n").doesNotContain("\n\n");
        assertThat(rows.get(0)).containsExactlyElementsOf(BillCsv.HEADER);
        assertThat(rows).hasSize(1 + 3 * 3);
        assertThat(rows.get(1)).containsExactly("2026-10", "FINALIZED", "entitlement", "", "ent-0", "autocad, \"LT\"",
                "concurrent_users", "EUR", "170.00", "cc-eng", "85.00");
        BigDecimal eur = rows.stream().skip(1).filter(r -> r.get(7).equals("EUR"))
                .map(r -> new BigDecimal(r.get(10))).reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(eur).isEqualByComparingTo("340.00");
    }

    @Test
    void thePdfIsAReadableInvoiceWithLinesAllocationsTotalsAndHash() throws IOException {
        Bill bill = sample(2);

        String text = pdfText(BillPdf.render(bill));

        assertThat(text).contains("Usage bill", "acme", "2026-10", "FINALIZED", "autocad, \"LT\"", "product-1",
                "concurrent_users", "170.00 EUR", "170.00 USD", "charged to cc-eng", "85.00 EUR", "charged to unallocated",
                "Total EUR", "Total USD", "Content hash (SHA-256)", bill.contentHash());
    }

    @Test
    void aLongBillBreaksOverPages() throws IOException {
        byte[] pdf = BillPdf.render(sample(60));
        try (PDDocument document = Loader.loadPDF(pdf)) {
            assertThat(document.getNumberOfPages()).isGreaterThan(3);
            assertThat(new PDFTextStripper().getText(document)).contains("product-59", "Total USD");
        }
    }

    @Test
    void theContentHashCoversTheCanonicalFormAndSurvivesARoundTrip() {
        Bill bill = sample(2);
        String canonical = BillJson.canonical(bill);
        Bill back = BillJson.parse(canonical);

        assertThat(bill.contentHash()).hasSize(64).isEqualTo(BillJson.sha256(bill));
        assertThat(back).isEqualTo(bill);
        assertThat(BillJson.canonical(back)).isEqualTo(canonical);
        assertThat(BillJson.sha256(back)).isEqualTo(bill.contentHash());
        assertThat(canonical).contains("\"amount\":\"170.00\"").doesNotContain("\n").doesNotContain("\": ").doesNotContain("E+");
        Bill tampered = new Bill(bill.tenant(), bill.period(), bill.status(), bill.currency(), bill.total(), bill.totals(),
                bill.contentHash(), bill.finalizedAt(), "someone else", bill.lines());
        assertThat(BillJson.sha256(tampered)).isNotEqualTo(bill.contentHash());
    }

    static String pdfText(byte[] pdf) throws IOException {
        assertThat(new String(pdf, 0, 5, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
        try (PDDocument document = Loader.loadPDF(pdf)) {
            return new PDFTextStripper().getText(document);
        }
    }

    /** A strict RFC 4180 reader: CRLF records, quoted fields with doubled quotes. */
    static List<List<String>> parseCsv(String csv) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < csv.length(); i++) {
            char c = csv.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < csv.length() && csv.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                assertThat(field).as("a quote only opens a field").isEmpty();
                quoted = true;
            } else if (c == ',') {
                row.add(field.toString());
                field.setLength(0);
            } else if (c == '\r') {
                assertThat(csv.charAt(i + 1)).as("CR is followed by LF").isEqualTo('\n');
                row.add(field.toString());
                field.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
                i++;
            } else {
                assertThat(c).as("bare LF").isNotEqualTo('\n');
                field.append(c);
            }
        }
        assertThat(row).isEmpty();
        return rows;
    }
}
