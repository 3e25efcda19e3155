package org.iocstream.connectors.senml;

import static org.iocstream.connectors.senml.SenmlException.Reason.NON_FINITE_NUMBER;

import java.math.BigDecimal;
import java.util.Map;

/**
 * One element of a pack as read, before resolution; {@code fields} keeps the first occurrence of each label and
 * {@code duplicateLabel} names the first label that appeared again.
 *
 * @param number 1-based position in the pack
 */
record RawRecord(int number, FieldKind kind, Map<String, FieldValue> fields, String duplicateLabel) {

    boolean has(String label) {
        return fields.containsKey(label);
    }

    FieldValue field(String label) {
        return fields.get(label);
    }

    // The typed getters below run after the resolver checked the labels' kinds, so the casts match.

    String string(String label) {
        FieldValue value = fields.get(label);
        return value == null ? null : (String) value.value();
    }

    BigDecimal decimal(String label) throws SenmlException {
        Object value = fields.get(label).value();
        if (value instanceof BigDecimal decimal) {
            return decimal;
        }
        throw new SenmlException(NON_FINITE_NUMBER, number, "field '" + label + "' is " + value
                + ", not a finite number");
    }

    Boolean bool(String label) {
        return (Boolean) fields.get(label).value();
    }

    byte[] bytes(String label) {
        return (byte[]) fields.get(label).value();
    }
}
