package org.iocstream.connectors.indicators;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads comma-separated values as RFC 4180 writes them (and spreadsheets export them): fields in double quotes may
 * hold commas, line breaks and doubled quotes; lines end in CRLF or LF. Blank lines are skipped. Cells are trimmed,
 * since a space next to a comma is never meant as data in a KPI report.
 */
final class Csv {

    /**
     * One record.
     *
     * @param line the line it starts on, counting from 1
     * @param raw the record's text as written, without its line break
     */
    record Record(int line, List<String> cells, String raw) {
    }

    /** The text is not well-formed CSV; {@code line} is where the faulty record starts. */
    static final class SyntaxException extends Exception {
        private final int line;

        SyntaxException(int line, String message) {
            super("line " + line + ": " + message);
            this.line = line;
        }

        int line() {
            return line;
        }
    }

    private Csv() {
    }

    static List<Record> parse(String text) throws SyntaxException {
        List<Record> records = new ArrayList<>();
        int pos = 0;
        int line = 1;
        int length = text.length();
        while (pos < length) {
            int start = pos;
            int startLine = line;
            List<String> cells = new ArrayList<>();
            StringBuilder cell = new StringBuilder();
            boolean quoted = false;
            boolean wasQuoted = false;
            while (pos < length) {
                char c = text.charAt(pos);
                if (quoted) {
                    if (c == '"') {
                        if (pos + 1 < length && text.charAt(pos + 1) == '"') {
                            cell.append('"');
                            pos += 2;
                            continue;
                        }
                        quoted = false;
                    } else {
                        if (c == '\n') {
                            line++;
                        }
                        cell.append(c);
                    }
                    pos++;
                } else if (c == ',') {
                    cells.add(wasQuoted ? cell.toString() : cell.toString().trim());
                    cell.setLength(0);
                    wasQuoted = false;
                    pos++;
                } else if (c == '\n' || c == '\r') {
                    break;
                } else if (c == '"') {
                    if (!cell.toString().isBlank() || wasQuoted) {
                        throw new SyntaxException(startLine, "a double quote inside an unquoted field; quote the "
                                + "whole field and double the quote");
                    }
                    cell.setLength(0);
                    quoted = true;
                    wasQuoted = true;
                    pos++;
                } else {
                    if (wasQuoted && !Character.isWhitespace(c)) {
                        throw new SyntaxException(startLine, "text after the closing quote of a field");
                    }
                    if (!wasQuoted) {
                        cell.append(c);
                    }
                    pos++;
                }
            }
            if (quoted) {
                throw new SyntaxException(startLine, "a quoted field is not closed");
            }
            cells.add(wasQuoted ? cell.toString() : cell.toString().trim());
            String raw = text.substring(start, pos);
            if (pos < length && text.charAt(pos) == '\r') {
                pos++;
            }
            if (pos < length && text.charAt(pos) == '\n') {
                pos++;
            }
            line++;
            if (!raw.isBlank()) {
                records.add(new Record(startLine, List.copyOf(cells), raw));
            }
        }
        return records;
    }
}
