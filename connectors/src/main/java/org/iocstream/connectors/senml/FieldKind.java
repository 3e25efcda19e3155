package org.iocstream.connectors.senml;

/** The types a SenML field can have in JSON or CBOR, named as refusal messages print them. */
enum FieldKind {
    STRING("a string"),
    NUMBER("a number"),
    BOOLEAN("a boolean"),
    NULL("null"),
    OBJECT("an object"),
    ARRAY("an array"),
    /** CBOR only: a byte string, the type of vd in SenML CBOR (RFC 8428 section 6). */
    BYTES("a byte string");

    final String label;

    FieldKind(String label) {
        this.label = label;
    }
}
