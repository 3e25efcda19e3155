package org.iocstream.connectors.indicators;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.iocstream.connectors.ingest.Rejection;

/**
 * Reads a CSV feed document: UTF-8 (a leading byte-order mark is allowed, as spreadsheets write one), a header
 * naming exactly the columns {@code code,scope,period,period_start,value,unit} in any order, then one value per
 * record.
 */
final class CsvFeedParser {

    static final List<String> COLUMNS = List.of("code", "scope", "period", "period_start", "value", "unit");

    private CsvFeedParser() {
    }

    static FeedDocument parse(byte[] document) throws MalformedFeedException {
        String text = utf8(document);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        List<Csv.Record> records;
        try {
            records = Csv.parse(text);
        } catch (Csv.SyntaxException e) {
            throw new MalformedFeedException("not valid CSV at " + e.getMessage());
        }
        if (records.isEmpty()) {
            throw new MalformedFeedException("the document is empty; expected the header "
                    + String.join(",", COLUMNS) + " and one value per line");
        }
        Map<String, Integer> index = header(records.get(0));
        if (records.size() == 1) {
            throw new MalformedFeedException("the document holds a header and no values");
        }
        List<FeedRow> rows = new ArrayList<>();
        List<RowRejection> malformed = new ArrayList<>();
        for (int i = 1; i < records.size(); i++) {
            Csv.Record record = records.get(i);
            byte[] raw = record.raw().getBytes(StandardCharsets.UTF_8);
            List<String> cells = record.cells();
            if (cells.size() != COLUMNS.size()) {
                malformed.add(new RowRejection(i, record.line(), raw, new Rejection(Rejection.MALFORMED_ROW,
                        FeedRow.where(i, record.line()) + ": has " + cells.size() + " fields, the header has "
                                + COLUMNS.size())));
                continue;
            }
            rows.add(new FeedRow(i, record.line(), raw, cells.get(index.get("code")), cells.get(index.get("scope")),
                    cells.get(index.get("period")), cells.get(index.get("period_start")),
                    cells.get(index.get("value")), cells.get(index.get("unit"))));
        }
        return new FeedDocument(rows, malformed);
    }

    private static Map<String, Integer> header(Csv.Record header) throws MalformedFeedException {
        Map<String, Integer> index = new HashMap<>();
        Set<String> unknown = new LinkedHashSet<>();
        for (int i = 0; i < header.cells().size(); i++) {
            String name = header.cells().get(i);
            if (!COLUMNS.contains(name) || index.containsKey(name)) {
                unknown.add(name);
            } else {
                index.put(name, i);
            }
        }
        List<String> missing = COLUMNS.stream().filter(column -> !index.containsKey(column)).toList();
        if (!missing.isEmpty() || !unknown.isEmpty()) {
            throw new MalformedFeedException("line " + header.line() + ": the header must name the columns "
                    + String.join(",", COLUMNS) + " (in any order)"
                    + (missing.isEmpty() ? "" : "; missing: " + String.join(", ", missing))
                    + (unknown.isEmpty() ? "" : "; unknown or repeated: " + String.join(", ", unknown)));
        }
        return index;
    }

    static String utf8(byte[] document) throws MalformedFeedException {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(document)).toString();
        } catch (CharacterCodingException e) {
            throw new MalformedFeedException("the document is not UTF-8 text (save it as CSV UTF-8)");
        }
    }
}
