package org.iocstream.connectors.senml;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;
import org.iocstream.connectors.senml.SenmlException.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SenmlParserTest {

    /** Reception time used for relative SenML times; fixed so that every expected instant is exact. */
    private static final Instant NOW = Instant.parse("2025-11-25T05:00:30.250Z");

    private static final Instant BT = Instant.ofEpochSecond(1_764_045_600L);

    private final SenmlParser parser = new SenmlParser();

    // ---------------------------------------------------------------- valid packs

    @Test
    void resolvesTheArchitectureExample() throws SenmlException {
        List<SenmlRecord> records = parse("""
                [
                  {"bn": "16681-ENV-0001:", "bt": 1764045600, "n": "pm2_5", "u": "ug/m3", "v": 35.2},
                  {"n": "temperature", "u": "Cel", "v": 28.1},
                  {"bn": "16681-LGT-0017:", "n": "power", "u": "W", "v": 61.5, "t": 0},
                  {"n": "dim_level", "u": "%", "v": 50}
                ]
                """);

        assertThat(records).containsExactly(
                numeric("16681-ENV-0001:pm2_5", BT, "ug/m3", 35.2),
                numeric("16681-ENV-0001:temperature", BT, "Cel", 28.1),
                numeric("16681-LGT-0017:power", BT, "W", 61.5),
                numeric("16681-LGT-0017:dim_level", BT, "%", 50.0));
    }

    @Test
    void baseValueIsAddedToEachFollowingValue() throws SenmlException {
        // RFC 8428 section 4.5.4: value = bv + v, and bv carries forward until overridden.
        List<SenmlRecord> records = parse("""
                [{"bn": "d1:", "bt": 1764045600, "bv": 100, "n": "a", "v": 1.5},
                 {"n": "b", "v": -2},
                 {"bv": 0.25, "n": "c", "v": 0.5}]
                """);

        assertThat(records).extracting(SenmlRecord::value).containsExactly(101.5, 98.0, 0.75);
    }

    @Test
    void baseSumApplies() throws SenmlException {
        // Section 4.5.4: sum = bs + s, a missing one counting as zero once either is present.
        List<SenmlRecord> records = parse("""
                [{"bn": "meter:", "bt": 1764045600, "n": "energy", "s": 5},
                 {"bs": 1000, "n": "energy", "s": 7.5},
                 {"n": "power", "v": 3}]
                """);

        assertThat(records).extracting(SenmlRecord::sum).containsExactly(5.0, 1007.5, 1000.0);
        assertThat(records.get(0).value()).isNull();
        assertThat(records.get(2).value()).isEqualTo(3.0);
    }

    @Test
    void aRecordWithOnlyASumIsValid() throws SenmlException {
        SenmlRecord record = parse("[{\"n\": \"rain\", \"bt\": 1764045600, \"u\": \"m\", \"s\": 0.012}]").get(0);

        assertThat(record).isEqualTo(new SenmlRecord("rain", BT, "m", null, null, null, null, 0.012));
    }

    @Test
    void missingTimeMeansNow() throws SenmlException {
        // Section 4.5.3: with neither bt nor t the resolved time is 0, "roughly now".
        SenmlRecord record = parse("[{\"n\": \"x\", \"v\": 1}]").get(0);

        assertThat(record.time()).isEqualTo(NOW);
    }

    @Test
    void timesBelowTwoToThe28AreRelativeToNow() throws SenmlException {
        List<SenmlRecord> records = parse("""
                [{"bn": "x:", "n": "past", "v": 1, "t": -60},
                 {"n": "future", "v": 1, "t": 5.5},
                 {"bt": -10, "n": "based", "v": 1, "t": 2},
                 {"bt": 0, "n": "edge", "v": 1, "t": 268435455}]
                """);

        assertThat(records).extracting(SenmlRecord::time).containsExactly(
                NOW.minusSeconds(60),
                NOW.plusMillis(5_500),
                NOW.minusSeconds(8),
                NOW.plusSeconds(268_435_455));
    }

    @Test
    void timesFromTwoToThe28AreAbsolute() throws SenmlException {
        SenmlRecord record = parse("[{\"n\": \"x\", \"v\": 1, \"t\": 268435456}]").get(0);

        assertThat(record.time()).isEqualTo(Instant.ofEpochSecond(268_435_456L));
    }

    @Test
    void fractionalTimesAreExactToTheMicrosecond() throws SenmlException {
        List<SenmlRecord> records = parse("""
                [{"bn": "x:", "bt": 1764045600.1, "n": "a", "v": 1},
                 {"n": "b", "v": 1, "t": 0.000001},
                 {"bt": 1764045600.123456, "n": "c", "v": 1, "t": 0.000002},
                 {"bt": 1.7640456001234567E9, "n": "d", "v": 1},
                 {"bt": 1764045600, "n": "e", "v": 1, "t": -0.5}]
                """);

        assertThat(records).extracting(SenmlRecord::time).containsExactly(
                Instant.parse("2025-11-25T04:40:00.100000Z"),
                Instant.parse("2025-11-25T04:40:00.100001Z"),
                Instant.parse("2025-11-25T04:40:00.123458Z"),
                Instant.parse("2025-11-25T04:40:00.123457Z"),
                Instant.parse("2025-11-25T04:39:59.500000Z"));
    }

    @Test
    void relativeTimesAreCountedFromNowTruncatedToMicroseconds() throws SenmlException {
        Instant nowWithNanos = Instant.parse("2025-11-25T05:00:30.123456789Z");

        SenmlRecord record = parser.parse(bytes("[{\"n\": \"x\", \"v\": 1, \"t\": -1.5}]"), nowWithNanos).get(0);

        assertThat(record.time()).isEqualTo(Instant.parse("2025-11-25T05:00:28.623456Z"));
    }

    @Test
    void subNanosecondDigitsOfAHugeScaleAreCheapAndNegligible() throws SenmlException {
        SenmlRecord record = parse("[{\"n\": \"x\", \"v\": 1, \"bt\": 1764045600, \"t\": 1e-999999999}]").get(0);

        assertThat(record.time()).isEqualTo(BT);
    }

    @Test
    void baseUnitAppliesWhereARecordHasNoUnit() throws SenmlException {
        List<SenmlRecord> records = parse("""
                [{"bn": "x:", "bu": "Cel", "n": "a", "v": 1},
                 {"n": "b", "u": "%RH", "v": 2},
                 {"n": "c", "v": 3},
                 {"bu": "W", "n": "d", "v": 4}]
                """);

        assertThat(records).extracting(SenmlRecord::unit).containsExactly("Cel", "%RH", "Cel", "W");
    }

    @Test
    void unitIsNullWithoutUOrBu() throws SenmlException {
        assertThat(parse("[{\"n\": \"x\", \"v\": 1}]").get(0).unit()).isNull();
    }

    @Test
    void readsBooleanStringAndDataValues() throws SenmlException {
        List<SenmlRecord> records = parse("""
                [{"bn": "16681-LGT-0017:", "bt": 1764045600, "n": "on", "vb": true},
                 {"n": "fault", "vs": "E42 \\"lamp\\""},
                 {"n": "frame", "vd": "AQID_w"},
                 {"n": "empty", "vd": ""}]
                """);

        assertThat(records).containsExactly(
                new SenmlRecord("16681-LGT-0017:on", BT, null, null, null, true, null, null),
                new SenmlRecord("16681-LGT-0017:fault", BT, null, null, "E42 \"lamp\"", null, null, null),
                new SenmlRecord("16681-LGT-0017:frame", BT, null, null, null, null, new byte[] {1, 2, 3, -1}, null),
                new SenmlRecord("16681-LGT-0017:empty", BT, null, null, null, null, new byte[0], null));
    }

    @Test
    void baseValueDoesNotTurnIntoANumberOnAStringRecord() throws SenmlException {
        SenmlRecord record = parse("[{\"bn\": \"x:\", \"bv\": 10, \"n\": \"state\", \"vs\": \"ok\"}]").get(0);

        assertThat(record.value()).isNull();
        assertThat(record.stringValue()).isEqualTo("ok");
    }

    @Test
    void nameMayComeFromTheBaseNameAlone() throws SenmlException {
        assertThat(parse("[{\"bn\": \"urn:dev:ow:10e2073a01080063\", \"v\": 23.1}]").get(0).name())
                .isEqualTo("urn:dev:ow:10e2073a01080063");
    }

    @Test
    void nameAcceptsEveryAllowedCharacter() throws SenmlException {
        String name = "AZaz09-:./_";

        assertThat(parse("[{\"n\": \"" + name + "\", \"v\": 1}]").get(0).name()).isEqualTo(name);
    }

    @Test
    void ignoresUnknownFieldsWithoutTrailingUnderscore() throws SenmlException {
        // RFC 8428 section 5: unknown labels are ignored unless they end with '_'.
        SenmlRecord record = parse("""
                [{"n": "x", "v": 1, "ct": "60", "l": [{"href": "a"}], "extra": {"a": [1, 2]}, "_lead": null}]
                """).get(0);

        assertThat(record).isEqualTo(new SenmlRecord("x", NOW, null, 1.0, null, null, null, null));
    }

    @Test
    void acceptsVersionTenAndOlderAndUpdateTime() throws SenmlException {
        assertThat(parse("[{\"bver\": 10, \"n\": \"a\", \"v\": 1, \"ut\": 60}, {\"n\": \"b\", \"v\": 2}]")).hasSize(2);
        assertThat(parse("[{\"bver\": 5, \"n\": \"a\", \"v\": 1}, {\"bver\": 5.0, \"n\": \"b\", \"v\": 2}]")).hasSize(2);
    }

    @Test
    void acceptsAPayloadOfExactlyTheLimit() throws SenmlException {
        byte[] json = bytes("[{\"n\":\"x\",\"v\":1}]");

        assertThat(new SenmlParser(json.length).parse(json, NOW)).hasSize(1);
    }

    @Test
    void canBeReusedAfterARefusal() throws SenmlException {
        assertThatThrownBy(() -> parse("[{\"n\": \"x\"}]")).isInstanceOf(SenmlException.class);

        assertThat(parse("[{\"n\": \"x\", \"v\": 1}]")).hasSize(1);
    }

    @Test
    void recordsKeepDataValueAsAValue() {
        byte[] bytes = {1, 2};
        SenmlRecord record = new SenmlRecord("x", NOW, null, null, null, null, bytes, null);
        bytes[0] = 9;
        record.dataValue()[1] = 9;

        assertThat(record.dataValue()).containsExactly(1, 2);
        assertThat(record).isEqualTo(new SenmlRecord("x", NOW, null, null, null, null, new byte[] {1, 2}, null));
        assertThat(record).hasSameHashCodeAs(new SenmlRecord("x", NOW, null, null, null, null, new byte[] {1, 2}, null));
    }

    // ---------------------------------------------------------------- refused payloads

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "   ",
        "[{\"n\": \"x\", \"v\": 1}",
        "[{\"n\": \"x\", \"v\": 1},]",
        "[{\"n\": \"x\" \"v\": 1}]",
        "[{'n': 'x', 'v': 1}]",
        "[{\"n\": \"x\", \"v\": NaN}]",
        "[{\"n\": \"x\", \"v\": 01}]",
        "[{\"n\": \"x\", \"v\": 1}] []",
        "[{\"n\": \"x\", \"v\": 1}] x",
        "[1,",
        "not json"
    })
    void refusesMalformedJson(String json) {
        assertRefused(json, Reason.MALFORMED_JSON, 0);
    }

    @Test
    void refusesInvalidUtf8() {
        byte[] json = {'[', '{', '"', 'n', '"', ':', '"', (byte) 0xC3, '"', ',', '"', 'v', '"', ':', '1', '}', ']'};

        SenmlException e = catchThrowableOfType(SenmlException.class, () -> parser.parse(json, NOW));

        assertThat(e.reason()).isEqualTo(Reason.MALFORMED_JSON);
    }

    @Test
    void malformedJsonWinsOverAnEarlierContentError() {
        assertRefused("[{\"n\": \"x\"}, {", Reason.MALFORMED_JSON, 0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"n\": \"x\", \"v\": 1}", "\"x\"", "42", "true", "null"})
    void refusesARootThatIsNotAnArray(String json) {
        assertRefused(json, Reason.NOT_A_PACK, 0);
    }

    @Test
    void refusesAnEmptyPack() {
        assertRefused("[]", Reason.EMPTY_PACK, 0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"5", "\"x\"", "[]", "null", "true"})
    void refusesARecordThatIsNotAnObject(String element) {
        assertRefused("[{\"n\": \"x\", \"v\": 1}, " + element + "]", Reason.RECORD_NOT_OBJECT, 2);
    }

    @Test
    void refusesARepeatedField() {
        SenmlException e = assertRefused("[{\"n\": \"x\", \"v\": 1, \"v\": 2}]", Reason.DUPLICATE_FIELD, 1);

        assertThat(e).hasMessageContaining("'v'");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "\"n\": 1, \"v\": 1           | n",
        "\"n\": \"x\", \"v\": \"1\"   | v",
        "\"n\": \"x\", \"v\": null    | v",
        "\"n\": \"x\", \"vs\": 1      | vs",
        "\"n\": \"x\", \"vb\": \"on\" | vb",
        "\"n\": \"x\", \"vb\": 1      | vb",
        "\"n\": \"x\", \"vd\": 1      | vd",
        "\"n\": \"x\", \"v\": 1, \"u\": 1           | u",
        "\"n\": \"x\", \"v\": 1, \"bu\": [\"W\"]    | bu",
        "\"bn\": true, \"n\": \"x\", \"v\": 1       | bn",
        "\"n\": \"x\", \"v\": 1, \"t\": \"0\"       | t",
        "\"n\": \"x\", \"v\": 1, \"bt\": {}         | bt",
        "\"n\": \"x\", \"v\": 1, \"bv\": \"1\"      | bv",
        "\"n\": \"x\", \"s\": \"1\"                 | s",
        "\"n\": \"x\", \"v\": 1, \"bs\": false      | bs",
        "\"n\": \"x\", \"v\": 1, \"ut\": \"60\"     | ut",
        "\"n\": \"x\", \"v\": 1, \"bver\": \"10\"   | bver",
        "\"n\": \"x\", \"v\": 1, \"bver\": 9.5      | bver",
        "\"n\": \"x\", \"v\": 1, \"bver\": 0        | bver",
        "\"n\": \"x\", \"v\": 1, \"bver\": -10      | bver"
    })
    void refusesAFieldOfTheWrongType(String fields, String label) {
        SenmlException e = assertRefused("[{\"n\": \"ok\", \"v\": 0}, {" + fields + "}]", Reason.BAD_FIELD_TYPE, 2);

        assertThat(e).hasMessageContaining("field '" + label + "' must be");
    }

    @Test
    void namesTheExpectedAndActualType() {
        assertRefused("[{\"n\": \"a\", \"v\": 1}, {\"n\": \"b\", \"v\": 1}, {\"n\": \"c\", \"v\": \"35.2\"}]",
                Reason.BAD_FIELD_TYPE, 3);
        assertThatThrownBy(() -> parse("[{\"n\": \"c\", \"v\": \"35.2\"}]"))
                .hasMessage("record 1: field 'v' must be a number, got a string");
    }

    @ParameterizedTest
    @ValueSource(strings = {"foo_", "bfoo_", "_"})
    void refusesAMustUnderstandField(String label) {
        SenmlException e = assertRefused("[{\"n\": \"x\", \"v\": 1, \"" + label + "\": 1}]",
                Reason.MUST_UNDERSTAND_FIELD, 1);

        assertThat(e).hasMessageContaining("'" + label + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"11", "12.0", "1e9"})
    void refusesAVersionNewerThanTen(String version) {
        assertRefused("[{\"n\": \"a\", \"v\": 1}, {\"bver\": " + version + ", \"n\": \"x\", \"v\": 1}]",
                Reason.UNSUPPORTED_VERSION, 2);
    }

    @Test
    void versionIsCheckedBeforeOtherFields() {
        // Under a later version a trailing-underscore field might be defined; the version is the real problem.
        assertRefused("[{\"bver\": 11, \"n\": \"x\", \"new_\": 1}]", Reason.UNSUPPORTED_VERSION, 1);
    }

    @Test
    void refusesRecordsOfDifferentVersions() {
        // Section 4.4: all records of a pack have the same version; without bver it is 10.
        assertRefused("[{\"n\": \"a\", \"v\": 1}, {\"bver\": 9, \"n\": \"b\", \"v\": 2}]", Reason.MIXED_VERSIONS, 2);
        assertRefused("[{\"bver\": 9, \"n\": \"a\", \"v\": 1}, {\"n\": \"b\", \"v\": 2}, {\"bver\": 10, \"n\": \"c\", \"v\": 3}]",
                Reason.MIXED_VERSIONS, 3);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "\"n\": \"\"",
        "\"bn\": \"\", \"n\": \"\"",
        "\"n\": \"pm 2.5\"",
        "\"n\": \"-pm\"",
        "\"n\": \"_pm\"",
        "\"n\": \":pm\"",
        "\"n\": \"nhi\u1EC7t\"",
        "\"n\": \"a#b\"",
        "\"n\": \"a+b\"",
        "\"n\": \"tab\\there\"",
        "\"bn\": \"dev 1:\", \"n\": \"x\""
    })
    void refusesAnInvalidResolvedName(String nameFields) {
        assertRefused("[{\"n\": \"ok\", \"v\": 0}, {" + nameFields + ", \"v\": 1}]", Reason.INVALID_NAME, 2);
    }

    @Test
    void refusesARecordWithoutAnyName() {
        SenmlException e = assertRefused("[{\"v\": 1}]", Reason.INVALID_NAME, 1);

        assertThat(e).hasMessageContaining("empty");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "\"v\": 1, \"vs\": \"a\"",
        "\"vb\": true, \"vd\": \"AQ\"",
        "\"v\": 1, \"vs\": \"a\", \"vb\": false, \"vd\": \"\""
    })
    void refusesMoreThanOneValue(String values) {
        assertRefused("[{\"n\": \"x\", " + values + "}]", Reason.MULTIPLE_VALUES, 1);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "[{\"n\": \"x\"}]",
        "[{\"n\": \"x\", \"u\": \"W\", \"t\": 5}]",
        // bv alone is not a value: section 4.2 wants a value field in the record
        "[{\"n\": \"x\", \"bv\": 5}]"
    })
    void refusesARecordWithoutValueOrSum(String json) {
        assertRefused(json, Reason.NO_VALUE, 1);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "\"v\": 1e400",
        "\"v\": -1e400",
        "\"s\": 1e999",
        "\"v\": 1, \"bv\": 2e308",
        "\"v\": 1, \"ut\": 1e400",
        "\"v\": 1.7976931348623157e308, \"bv\": 1.7976931348623157e308",
        "\"s\": -1.7976931348623157e308, \"bs\": -1e308"
    })
    void refusesNumbersBeyondADouble(String fields) {
        assertRefused("[{\"n\": \"x\", " + fields + "}]", Reason.NON_FINITE_NUMBER, 1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"t\": 1e13", "\"bt\": -1e13", "\"t\": 1e999999999", "\"bt\": 1e400, \"t\": 1e-400"})
    void refusesTimesOutOfRange(String fields) {
        assertRefused("[{\"n\": \"x\", \"v\": 1, " + fields + "}]", Reason.TIME_OUT_OF_RANGE, 1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"AQID+w", "AQID/w", "AQID_w==", "A", "AQ ID", "!!!!"})
    void refusesDataValueThatIsNotUnpaddedBase64Url(String vd) {
        assertRefused("[{\"n\": \"x\", \"vd\": \"" + vd + "\"}]", Reason.INVALID_DATA_VALUE, 1);
    }

    @Test
    void refusesAPayloadOverTheLimitWithoutReadingIt() {
        SenmlParser small = new SenmlParser(16);
        byte[] json = bytes("[{\"n\":\"x\",\"v\":1}]");

        SenmlException e = catchThrowableOfType(SenmlException.class, () -> small.parse(json, NOW));

        assertThat(e.reason()).isEqualTo(Reason.PAYLOAD_TOO_LARGE);
        assertThat(e.recordNumber()).isEmpty();
        assertThat(e).hasMessageContaining("17 bytes").hasMessageContaining("16 bytes");
    }

    @Test
    void defaultLimitIs256KiB() {
        StringBuilder json = new StringBuilder("[{\"n\": \"x\", \"v\": 1, \"pad\": \"");
        json.append("a".repeat(256 * 1024 - json.length() - 3)).append("\"}]");
        assertThat(json).hasSize(256 * 1024);

        assertThat(catchThrowableOfType(SenmlException.class, () -> parse(json + " "))
                .reason()).isEqualTo(Reason.PAYLOAD_TOO_LARGE);
        assertThat(catchThrowableOfType(SenmlException.class, () -> parse(json.toString()))).isNull();
    }

    @Test
    void refusesANonPositiveLimit() {
        assertThatThrownBy(() -> new SenmlParser(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void reportsTheFirstBadRecord() {
        SenmlException e = assertRefused("[{\"n\": \"a\", \"v\": 1}, {\"n\": \"b b\", \"v\": 1}, {\"n\": \"c\"}]",
                Reason.INVALID_NAME, 2);

        assertThat(e).hasMessageStartingWith("record 2: name 'b b' has ' ' at index 1");
    }

    // ---------------------------------------------------------------- helpers

    private List<SenmlRecord> parse(String json) throws SenmlException {
        return parser.parse(bytes(json), NOW);
    }

    private SenmlException assertRefused(String json, Reason reason, int recordNumber) {
        SenmlException e = catchThrowableOfType(SenmlException.class, () -> parse(json));

        assertThat(e).as("refusal of %s", json).isNotNull();
        assertThat(e.reason()).as("reason for %s (message: %s)", json, e.getMessage()).isEqualTo(reason);
        if (recordNumber > 0) {
            assertThat(e.recordNumber()).isEqualTo(OptionalInt.of(recordNumber));
            assertThat(e).hasMessageStartingWith("record " + recordNumber + ": ");
        } else {
            assertThat(e.recordNumber()).isEmpty();
            assertThat(e.getMessage()).doesNotStartWith("record ");
        }
        return e;
    }

    private static SenmlRecord numeric(String name, Instant time, String unit, double value) {
        return new SenmlRecord(name, time, unit, value, null, null, null, null);
    }

    private static byte[] bytes(String json) {
        return json.getBytes(UTF_8);
    }
}
