package org.iocstream.connectors.senml;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.OptionalInt;
import org.iocstream.connectors.senml.SenmlException.Reason;
import org.junit.jupiter.api.Test;

class SenmlCborParserTest {

    /** Reception time used for relative SenML times; fixed so that every expected instant is exact. */
    private static final Instant NOW = Instant.parse("2025-11-25T05:00:30.250Z");

    private static final Instant BT = Instant.ofEpochSecond(1_764_045_600L);

    private final SenmlCborParser cbor = new SenmlCborParser();
    private final SenmlParser json = new SenmlParser();

    // ---------------------------------------------------------------- valid packs

    @Test
    void readsTheRfcStyleExampleWrittenByHand() throws SenmlException {
        byte[] pack = hex("82"                                                   // array(2)
                + "a4"                                                            // map(4)
                + "21" + "78 1c" + ascii("urn:dev:ow:10e2073a01080063:")          // bn: text(28)
                + "00" + "67" + ascii("voltage")                                  // n
                + "01" + "61" + ascii("V")                                        // u
                + "02" + "fb 405e066666666666"                                   // v: 120.1
                + "a3"                                                            // map(3)
                + "00" + "67" + ascii("current")                                  // n
                + "01" + "61" + ascii("A")                                        // u
                + "02" + "fb 3ff3333333333333");                                 // v: 1.2

        assertThat(cbor.parse(pack, NOW)).containsExactly(
                numeric("urn:dev:ow:10e2073a01080063:voltage", NOW, "V", 120.1),
                numeric("urn:dev:ow:10e2073a01080063:current", NOW, "A", 1.2));
    }

    @Test
    void theArchitectureExampleGivesTheSameRecordsInCborAsInJson() throws SenmlException {
        byte[] jsonPack = """
                [
                  {"bn": "16681-ENV-0001:", "bt": 1764045600, "n": "pm2_5", "u": "ug/m3", "v": 35.2},
                  {"n": "temperature", "u": "Cel", "v": 28.1},
                  {"bn": "16681-LGT-0017:", "n": "power", "u": "W", "v": 61.5, "t": 0},
                  {"n": "dim_level", "u": "%", "v": 50}
                ]
                """.getBytes(UTF_8);
        byte[] cborPack = cbor(g -> {
            g.writeStartArray();
            record(g, -2, "16681-ENV-0001:", -3, 1764045600L, 0, "pm2_5", 1, "ug/m3", 2, 35.2);
            record(g, 0, "temperature", 1, "Cel", 2, 28.1);
            record(g, -2, "16681-LGT-0017:", 0, "power", 1, "W", 2, 61.5, 6, 0L);
            record(g, 0, "dim_level", 1, "%", 2, 50L);
            g.writeEndArray();
        });

        List<SenmlRecord> fromCbor = cbor.parse(cborPack, NOW);

        assertThat(fromCbor).isEqualTo(json.parse(jsonPack, NOW)).containsExactly(
                numeric("16681-ENV-0001:pm2_5", BT, "ug/m3", 35.2),
                numeric("16681-ENV-0001:temperature", BT, "Cel", 28.1),
                numeric("16681-LGT-0017:power", BT, "W", 61.5),
                numeric("16681-LGT-0017:dim_level", BT, "%", 50.0));
    }

    @Test
    void everyLabelOfTable4ResolvesAsItsJsonCounterpart() throws SenmlException {
        byte[] jsonPack = ("[{\"bver\":10,\"bn\":\"d1:\",\"bt\":1764045600.5,\"bu\":\"W\",\"bv\":1,\"bs\":2,"
                + "\"n\":\"a\",\"v\":1.5,\"s\":3,\"t\":-1.25,\"ut\":60},"
                + "{\"n\":\"b\",\"u\":\"%RH\",\"vs\":\"on\"},"
                + "{\"n\":\"c\",\"vb\":true},"
                + "{\"n\":\"d\",\"vd\":\"AQID\"}]").getBytes(UTF_8);
        byte[] cborPack = cbor(g -> {
            g.writeStartArray();
            record(g, -1, 10L, -2, "d1:", -3, 1764045600.5, -4, "W", -5, 1L, -6, 2L,
                    0, "a", 2, 1.5, 5, 3L, 6, -1.25, 7, 60L);
            record(g, 0, "b", 1, "%RH", 3, "on");
            record(g, 0, "c", 4, true);
            record(g, 0, "d", 8, new byte[] {1, 2, 3});
            g.writeEndArray();
        });

        List<SenmlRecord> fromCbor = cbor.parse(cborPack, NOW);

        assertThat(fromCbor).isEqualTo(json.parse(jsonPack, NOW));
        Instant time = Instant.parse("2025-11-25T04:39:59.250Z");
        assertThat(fromCbor).containsExactly(
                new SenmlRecord("d1:a", time, "W", 2.5, null, null, null, 5.0),
                new SenmlRecord("d1:b", BT.plusMillis(500), "%RH", null, "on", null, null, 2.0),
                new SenmlRecord("d1:c", BT.plusMillis(500), "W", null, null, true, null, 2.0),
                new SenmlRecord("d1:d", BT.plusMillis(500), "W", null, null, null, new byte[] {1, 2, 3}, 2.0));
    }

    @Test
    void halfAndSingleFloatsAreReadExactly() throws SenmlException {
        byte[] pack = hex("81" + "a3"
                + "00" + "61" + ascii("x") + "06" + "f9 3c00"     // n: "x", t: half 1.0
                + "02" + "fa 3fc00000");                          // v: single 1.5

        assertThat(cbor.parse(pack, NOW)).containsExactly(numeric("x", NOW.plusSeconds(1), null, 1.5));
    }

    @Test
    void aTextKeySpelledLikeAKnownLabelIsAnIgnoredExtension() throws SenmlException {
        // {0: "x", "v": 5, 2: 1}: the text "v" is not label 2, so the record has one value, not two
        byte[] pack = hex("81" + "a3" + "00" + "61" + ascii("x") + "61" + ascii("v") + "05" + "02" + "01");

        assertThat(cbor.parse(pack, NOW)).containsExactly(numeric("x", NOW, null, 1.0));
    }

    // ---------------------------------------------------------------- refusals

    @Test
    void refusesMalformedCborWithAClearReason() {
        assertThat(refusal(new byte[0], Reason.MALFORMED_CBOR, 0)).hasMessageContaining("payload is empty");
        // array(2) with only one element
        assertThat(refusal(hex("82 a1 00 61" + ascii("x")), Reason.MALFORMED_CBOR, 0))
                .hasMessageStartingWith("not valid CBOR");
        // a text string announced as 5 bytes, only 2 there
        refusal(hex("81 a1 00 65 6162"), Reason.MALFORMED_CBOR, 0);
        // a complete pack, then a stray byte
        assertThat(refusal(hex("81 a2 00 61" + ascii("x") + "02 01" + "00"), Reason.MALFORMED_CBOR, 0))
                .hasMessage("unexpected data after the end of the CBOR an array");
        // break code outside an indefinite-length item
        refusal(hex("ff"), Reason.MALFORMED_CBOR, 0);
    }

    @Test
    void refusesContentWithTheSameReasonsAsJson() {
        assertThat(refusal(hex("a1 00 61" + ascii("x")), Reason.NOT_A_PACK, 0))
                .hasMessage("a SenML pack is a CBOR array of records, got a map");
        refusal(hex("80"), Reason.EMPTY_PACK, 0);
        assertThat(refusal(hex("82 a2 00 61" + ascii("x") + "02 01" + "01"), Reason.RECORD_NOT_OBJECT, 2))
                .hasMessage("record 2: a record must be a CBOR map, got a number");
        assertThat(refusal(hex("81 a3 00 61" + ascii("x") + "02 01" + "00 61" + ascii("y")), Reason.DUPLICATE_FIELD, 1))
                .hasMessage("record 1: field 'n' appears more than once");
        assertThat(refusal(hex("81 a2 00 61" + ascii("x") + "02 61" + ascii("1")), Reason.BAD_FIELD_TYPE, 1))
                .hasMessage("record 1: field 'v' must be a number, got a string");
        assertThat(refusal(hex("81 a2 00 61" + ascii("x") + "08 64" + ascii("AQID")), Reason.BAD_FIELD_TYPE, 1))
                .as("vd is a byte string in CBOR, not base64")
                .hasMessage("record 1: field 'vd' must be a byte string, got a string");
        assertThat(refusal(hex("81 a2 00 61" + ascii("x") + "02 f9 7e00"), Reason.NON_FINITE_NUMBER, 1))
                .hasMessage("record 1: field 'v' is NaN, not a finite number");
        refusal(hex("81 a3 00 61" + ascii("x") + "02 01" + "06 fb 7ff0000000000000"), Reason.NON_FINITE_NUMBER, 1);
        refusal(hex("81 a2 20 0b 00 61" + ascii("x")), Reason.UNSUPPORTED_VERSION, 1);  // bver 11
        refusal(hex("81 a1 00 61" + ascii("x")), Reason.NO_VALUE, 1);
        refusal(hex("81 a3 00 61" + ascii("x") + "02 01" + "62" + ascii("a_") + "01"), Reason.MUST_UNDERSTAND_FIELD, 1);
        refusal(hex("81 a1 02 01"), Reason.INVALID_NAME, 1);
    }

    @Test
    void refusesAPayloadOverTheLimitBeforeReadingIt() {
        SenmlException e = catchThrowableOfType(SenmlException.class,
                () -> new SenmlCborParser(4).parse(hex("81 a1 02 01 00"), NOW));

        assertThat(e.reason()).isEqualTo(Reason.PAYLOAD_TOO_LARGE);
        assertThat(e).hasMessage("payload is 5 bytes, more than the limit of 4 bytes");
    }

    // ---------------------------------------------------------------- helpers

    private SenmlException refusal(byte[] pack, Reason reason, int recordNumber) {
        SenmlException e = catchThrowableOfType(SenmlException.class, () -> cbor.parse(pack, NOW));

        assertThat(e).as("refusal of %s", HexFormat.of().formatHex(pack)).isNotNull();
        assertThat(e.reason()).as("reason (message: %s)", e.getMessage()).isEqualTo(reason);
        assertThat(e.recordNumber()).isEqualTo(recordNumber > 0 ? OptionalInt.of(recordNumber) : OptionalInt.empty());
        return e;
    }

    private static SenmlRecord numeric(String name, Instant time, String unit, double value) {
        return new SenmlRecord(name, time, unit, value, null, null, null, null);
    }

    /** Hex digits, spaces allowed between bytes. */
    private static byte[] hex(String digits) {
        return HexFormat.of().parseHex(digits.replace(" ", ""));
    }

    private static String ascii(String text) {
        return HexFormat.of().formatHex(text.getBytes(UTF_8));
    }

    private interface Writes {
        void to(CBORGenerator generator) throws IOException;
    }

    private static byte[] cbor(Writes content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CBORGenerator generator = new CBORFactory().createGenerator(out)) {
            content.to(generator);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** One map of alternating integer labels and values (String, Long, Double, Boolean or byte[]). */
    private static void record(CBORGenerator g, Object... labelsAndValues) throws IOException {
        g.writeStartObject(labelsAndValues.length / 2);
        for (int i = 0; i < labelsAndValues.length; i += 2) {
            g.writeFieldId((Integer) labelsAndValues[i]);
            Object value = labelsAndValues[i + 1];
            if (value instanceof String text) {
                g.writeString(text);
            } else if (value instanceof Long number) {
                g.writeNumber(number);
            } else if (value instanceof Double number) {
                g.writeNumber(number);
            } else if (value instanceof Boolean flag) {
                g.writeBoolean(flag);
            } else {
                g.writeBinary((byte[]) value);
            }
        }
        g.writeEndObject();
    }
}
