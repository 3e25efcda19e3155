package org.iocstream.connectors.indicators;

import java.util.List;

/**
 * A parsed feed document: the rows that have every field, and the rows that could not even be read as a value
 * (a missing field, a JSON element that is not an object), each with its rejection.
 */
public record FeedDocument(List<FeedRow> rows, List<RowRejection> malformed) {

    public int size() {
        return rows.size() + malformed.size();
    }
}
