package org.iocstream.connectors.indicators;

/**
 * One value of a feed document as written, before validation: every field as text.
 *
 * @param row its number in the document, counting values from 1 (a CSV header is not a row)
 * @param line the line of the document it starts on
 * @param raw its bytes as received, for its dead letter
 */
public record FeedRow(int row, int line, byte[] raw, String code, String scope, String period, String periodStart,
        String value, String unit) {

    /** E.g. "row 7 (line 8)", how messages name it. */
    public String where() {
        return where(row, line);
    }

    static String where(int row, int line) {
        return "row " + row + " (line " + line + ")";
    }
}
