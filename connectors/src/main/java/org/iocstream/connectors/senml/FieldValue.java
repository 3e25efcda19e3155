package org.iocstream.connectors.senml;

/**
 * One field value as read: String, Boolean or byte[] for those kinds; for numbers the exact BigDecimal, or a
 * Double when a CBOR float is NaN or infinite (JSON has no such numbers); null for null, objects and arrays.
 */
record FieldValue(FieldKind kind, Object value) {
}
