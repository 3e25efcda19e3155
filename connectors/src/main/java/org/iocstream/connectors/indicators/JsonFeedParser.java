package org.iocstream.connectors.indicators;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.iocstream.connectors.ingest.Rejection;

/**
 * Reads a JSON feed document: an array of objects with the same fields as the CSV columns, {@code value} a JSON
 * number and the others strings. Each row keeps its bytes exactly as received, for its dead letter.
 */
final class JsonFeedParser {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private JsonFeedParser() {
    }

    static FeedDocument parse(byte[] document) throws MalformedFeedException {
        // Jackson reads invalid UTF-8 inside strings leniently; the feed must be UTF-8 throughout
        CsvFeedParser.utf8(document);
        List<FeedRow> rows = new ArrayList<>();
        List<RowRejection> malformed = new ArrayList<>();
        try (JsonParser parser = MAPPER.createParser(document)) {
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                throw new MalformedFeedException("the document must be a JSON array of values");
            }
            int row = 0;
            for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
                if (token == null) {
                    throw new MalformedFeedException("the array is not closed");
                }
                row++;
                int start = (int) parser.currentTokenLocation().getByteOffset();
                int line = parser.currentTokenLocation().getLineNr();
                JsonNode element = MAPPER.readTree(parser);
                int end = (int) parser.currentLocation().getByteOffset();
                byte[] raw = Arrays.copyOfRange(document, start, end);
                String problem = element.isObject() ? problem(element) : "is not a JSON object";
                if (problem == null) {
                    rows.add(new FeedRow(row, line, raw, element.get("code").asText(),
                            element.get("scope").asText(), element.get("period").asText(),
                            element.get("period_start").asText(), element.get("value").asText(),
                            element.get("unit").asText()));
                } else {
                    malformed.add(new RowRejection(row, line, raw,
                            new Rejection(Rejection.MALFORMED_ROW, FeedRow.where(row, line) + ": " + problem)));
                }
            }
            if (parser.nextToken() != null) {
                throw new MalformedFeedException("text after the closing ] of the array at line "
                        + parser.currentTokenLocation().getLineNr());
            }
            if (row == 0) {
                throw new MalformedFeedException("the array holds no values");
            }
        } catch (JsonProcessingException e) {
            throw new MalformedFeedException("not valid JSON at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new IllegalStateException("reading from memory failed", e);
        }
        return new FeedDocument(rows, malformed);
    }

    /** What is wrong with the fields of an object; null if nothing. */
    private static String problem(JsonNode object) {
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!CsvFeedParser.COLUMNS.contains(name)) {
                return "unknown field '" + name + "' (the fields are " + String.join(", ", CsvFeedParser.COLUMNS)
                        + ")";
            }
        }
        for (String name : CsvFeedParser.COLUMNS) {
            JsonNode field = object.get(name);
            if (field == null || field.isNull()) {
                return "the field '" + name + "' is missing";
            }
            if (name.equals("value") ? !field.isNumber() : !field.isTextual()) {
                return "the field '" + name + "' must be a JSON " + (name.equals("value") ? "number" : "string")
                        + ", got " + field;
            }
        }
        return null;
    }
}
