package org.iocstream.connectors.indicators;

import org.iocstream.connectors.ingest.Rejection;

/**
 * Why one value of a feed document, or the document as a whole (row 0), was refused.
 *
 * @param raw the bytes of the row, or of the document, as received
 */
public record RowRejection(int row, int line, byte[] raw, Rejection rejection) {
}
