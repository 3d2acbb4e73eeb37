package io.metering.billing.bill;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/**
 * A bill as an invoice-style A4 PDF (PDFBox, standard Helvetica): tenant, period, status, one block per
 * line with its allocations, totals per currency and the content hash. Pages break as needed.
 * Stateless; each call renders into its own document.
 */
public final class BillPdf {

    private static final float MARGIN = 50;
    private static final float RIGHT = PDRectangle.A4.getWidth() - MARGIN;
    /** Right edges of the number columns: quantity, consumed, committed, overage, amount. */
    private static final float[] NUMBERS = {300, 360, 425, 485, RIGHT};
    private static final float ENTITLEMENT_X = 170;

    private BillPdf() {
    }

    public static byte[] render(Bill bill) {
        try (PDDocument document = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDDocumentInformation info = document.getDocumentInformation();
            info.setTitle("Usage bill " + bill.tenant() + " " + bill.period());
            info.setCreator("metering billing-service");
            try (Writer w = new Writer(document)) {
                header(w, bill);
                for (BillLine line : bill.lines()) {
                    line(w, line);
                }
                footer(w, bill);
            }
            document.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void header(Writer w, Bill bill) throws IOException {
        w.text(MARGIN, w.bold, 18, "Usage bill");
        w.down(26);
        w.text(MARGIN, w.bold, 10, "Tenant");
        w.text(130, w.regular, 10, bill.tenant());
        w.down(14);
        BillPeriod period = new BillPeriod(java.time.YearMonth.parse(bill.period()));
        w.text(MARGIN, w.bold, 10, "Period");
        w.text(130, w.regular, 10, bill.period() + " (" + period.firstDay() + " to " + period.lastDay() + ", UTC)");
        w.down(14);
        w.text(MARGIN, w.bold, 10, "Status");
        w.text(130, w.regular, 10, bill.isFinalized()
                ? "FINALIZED on " + bill.finalizedAt() + " by " + bill.finalizedBy()
                : "DRAFT (amounts change with usage until the bill is finalized)");
        w.down(24);
        columnHeads(w);
    }

    private static void columnHeads(Writer w) throws IOException {
        w.text(MARGIN, w.bold, 8.5f, "Product / metric");
        w.text(ENTITLEMENT_X, w.bold, 8.5f, "Entitlement");
        String[] heads = {"Quantity", "Consumed", "Committed", "Overage", "Amount"};
        for (int i = 0; i < heads.length; i++) {
            w.right(NUMBERS[i], w.bold, 8.5f, heads[i]);
        }
        w.down(4);
        w.rule();
        w.down(12);
    }

    private static void line(Writer w, BillLine line) throws IOException {
        if (w.needsPage(40 + 11 * line.allocations().size())) {
            w.newPage();
            columnHeads(w);
        }
        w.text(MARGIN, w.bold, 8.5f, w.fit(line.product(), w.bold, 8.5f, ENTITLEMENT_X - MARGIN - 6));
        w.text(ENTITLEMENT_X, w.regular, 8.5f, w.fit(line.entitlement(), w.regular, 8.5f, 80));
        String[] numbers = {line.quantity().toPlainString(), line.consumed().toPlainString(),
                line.committed().toPlainString(), line.overage().toPlainString(),
                line.amount().toPlainString() + " " + line.currency()};
        for (int i = 0; i < numbers.length; i++) {
            w.right(NUMBERS[i], i == numbers.length - 1 ? w.bold : w.regular, 8.5f, numbers[i]);
        }
        w.down(11);
        StringBuilder detail = new StringBuilder(line.metric()).append(", ").append(line.pricing()).append(" per ")
                .append(line.period()).append(", ").append(line.from()).append(" to ").append(line.to())
                .append(", unit ").append(line.unitPrice().toPlainString())
                .append(", overage ").append(line.overagePrice().toPlainString());
        if (line.costCenter() != null) {
            detail.append(", scope ").append(line.costCenter());
        }
        if (line.isAdjustment()) {
            detail.insert(0, "Adjustment of " + line.adjusts() + ": ");
        }
        w.text(MARGIN + 8, w.regular, 7.5f, w.fit(detail.toString(), w.regular, 7.5f, RIGHT - MARGIN - 8));
        w.down(11);
        for (Allocation a : line.allocations()) {
            w.text(MARGIN + 16, w.regular, 8, "charged to " + w.fit(a.costCenter(), w.regular, 8, 250));
            w.right(RIGHT, w.regular, 8, a.amount().toPlainString() + " " + line.currency());
            w.down(10);
        }
        w.down(5);
    }

    private static void footer(Writer w, Bill bill) throws IOException {
        if (w.needsPage(60 + 14 * bill.totals().size())) {
            w.newPage();
        }
        w.rule();
        w.down(14);
        if (bill.totals().isEmpty()) {
            w.text(MARGIN, w.regular, 10, "No entitlement was valid in this period: nothing to pay.");
            w.down(14);
        }
        for (Bill.CurrencyTotal total : bill.totals()) {
            w.text(300, w.bold, 11, "Total " + total.currency());
            w.right(RIGHT, w.bold, 11, total.total().toPlainString() + " " + total.currency());
            w.down(15);
        }
        w.down(10);
        if (bill.contentHash() != null) {
            w.text(MARGIN, w.bold, 8, "Content hash (SHA-256)");
            w.down(10);
            w.text(MARGIN, w.regular, 8, bill.contentHash());
        } else {
            w.text(MARGIN, w.regular, 8, "Draft: no content hash until the bill is finalized.");
        }
    }

    /** A cursor over pages: writes text at the current height and starts a new page when full. */
    private static final class Writer implements AutoCloseable {
        final PDType1Font regular = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
        final PDType1Font bold = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
        private final PDDocument document;
        private PDPageContentStream stream;
        private float y;
        private int pages;

        Writer(PDDocument document) throws IOException {
            this.document = document;
            newPage();
        }

        void newPage() throws IOException {
            close();
            PDPage page = new PDPage(PDRectangle.A4);
            document.addPage(page);
            stream = new PDPageContentStream(document, page);
            pages++;
            y = MARGIN / 2;
            text(MARGIN, regular, 7, "Page " + pages);
            y = PDRectangle.A4.getHeight() - MARGIN;
        }

        boolean needsPage(float height) {
            return y - height < MARGIN + 20;
        }

        void down(float points) {
            y -= points;
        }

        void text(float x, PDType1Font font, float size, String text) throws IOException {
            stream.beginText();
            stream.setFont(font, size);
            stream.newLineAtOffset(x, y);
            stream.showText(printable(text));
            stream.endText();
        }

        void right(float rightEdge, PDType1Font font, float size, String text) throws IOException {
            text(rightEdge - width(font, size, text), font, size, text);
        }

        void rule() throws IOException {
            stream.setLineWidth(0.5f);
            stream.moveTo(MARGIN, y);
            stream.lineTo(RIGHT, y);
            stream.stroke();
        }

        String fit(String text, PDType1Font font, float size, float maxWidth) throws IOException {
            String s = text == null ? "" : text;
            if (width(font, size, s) <= maxWidth) {
                return s;
            }
            while (!s.isEmpty() && width(font, size, s + "...") > maxWidth) {
                s = s.substring(0, s.length() - 1);
            }
            return s + "...";
        }

        private static float width(PDType1Font font, float size, String text) throws IOException {
            return font.getStringWidth(printable(text)) / 1000 * size;
        }

        /** Standard fonts encode WinAnsi only: anything else is shown as '?'. */
        static String printable(String text) {
            StringBuilder s = new StringBuilder(text.length());
            for (char c : text.toCharArray()) {
                s.append((c >= 0x20 && c < 0x7F) || (c >= 0xA0 && c <= 0xFF) || c == '\u20AC' ? c : '?');
            }
            return s.toString();
        }

        @Override
        public void close() throws IOException {
            if (stream != null) {
                stream.close();
                stream = null;
            }
        }
    }
}
