package org.iocstream.connectors.timeseries;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LinePointTest {

    private static final Instant T = Instant.ofEpochSecond(1_764_045_600L);

    @Test
    void encodesAWindowPoint() {
        LinePoint point = LinePoint.measurement("reading_10s")
                .tag("metric", "pm2_5")
                .tag("device_id", "16681-ENV-0001")
                .field("count", 6L)
                .field("mean", 35.25)
                .field("note", "a \"b\"")
                .field("complete", true)
                .timestamp(T)
                .build();

        assertThat(point.toLine()).isEqualTo(
                "reading_10s,device_id=16681-ENV-0001,metric=pm2_5 count=6i,mean=35.25,note=\"a \\\"b\\\"\",complete=true"
                        + " 1764045600000000000");
        assertThat(point).hasToString(point.toLine());
    }

    @Test
    void sortsTagsByCodePointAndKeepsFieldOrder() {
        // U+FFFD sorts before U+1F600 in UTF-8 byte order, although its UTF-16 code unit is larger.
        String line = LinePoint.measurement("m")
                .tag("b", "1").tag("\uD83D\uDE00", "2").tag("a", "3").tag("\uFFFD", "4").tag("B", "5")
                .field("z", 1L).field("a", 2L).field("m", 3L)
                .timestamp(T).build().toLine();

        assertThat(line).isEqualTo("m,B=5,a=3,b=1,\uFFFD=4,\uD83D\uDE00=2 z=1i,a=2i,m=3i 1764045600000000000");
    }

    @Test
    void escapesCommaAndSpaceInTheMeasurement() {
        assertThat(line(LinePoint.measurement("my meas,x=y").field("f", 1L)))
                .isEqualTo("my\\ meas\\,x=y f=1i 1764045600000000000");
    }

    @Test
    void escapesCommaEqualsAndSpaceInTagKeysAndValues() {
        assertThat(line(LinePoint.measurement("m").tag("a b,c=d", "e f,g=h").field("f", 1L)))
                .isEqualTo("m,a\\ b\\,c\\=d=e\\ f\\,g\\=h f=1i 1764045600000000000");
    }

    @Test
    void escapesCommaEqualsAndSpaceInFieldKeys() {
        assertThat(line(LinePoint.measurement("m").field("a b,c=d", 1L)))
                .isEqualTo("m a\\ b\\,c\\=d=1i 1764045600000000000");
    }

    @Test
    void quotesStringFieldsEscapingOnlyQuoteAndBackslash() {
        assertThat(line(LinePoint.measurement("m").field("s", "C:\\dir \"x\", a=b").field("e", "")))
                .isEqualTo("m s=\"C:\\\\dir \\\"x\\\", a=b\",e=\"\" 1764045600000000000");
    }

    @Test
    void passesOtherCharactersThrough() {
        assertThat(line(LinePoint.measurement("đo").tag("xã", "Thành Vinh").field("ghi_chú", "ổn")))
                .isEqualTo("đo,xã=Thành\\ Vinh ghi_chú=\"ổn\" 1764045600000000000");
    }

    @Test
    void writesIntegersWithTheISuffix() {
        assertThat(line(LinePoint.measurement("m").field("min", Long.MIN_VALUE).field("max", Long.MAX_VALUE).field("z", 0L)))
                .isEqualTo("m min=-9223372036854775808i,max=9223372036854775807i,z=0i 1764045600000000000");
    }

    @Test
    void writesBooleans() {
        assertThat(line(LinePoint.measurement("m").field("t", true).field("f", false)))
                .isEqualTo("m t=true,f=false 1764045600000000000");
    }

    @Test
    void writesFloatsInPlainNotation() {
        assertThat(floatText(1.0E10)).isEqualTo("10000000000.0");
        assertThat(floatText(1.0E-5)).isEqualTo("0.00001");
        assertThat(floatText(35.25)).isEqualTo("35.25");
        assertThat(floatText(-2.0)).isEqualTo("-2.0");
        assertThat(floatText(0.1)).isEqualTo("0.1");
        assertThat(floatText(0.0)).isEqualTo("0.0");
        assertThat(floatText(-0.0)).isEqualTo("-0.0");
        assertThat(floatText(123456789.125)).isEqualTo("123456789.125");
    }

    @Test
    void floatsReadBackAsTheSameDouble() {
        double[] edges = {
            Double.MIN_VALUE, -Double.MIN_VALUE, Double.MIN_NORMAL, Double.MAX_VALUE, -Double.MAX_VALUE,
            0.1, 1.0 / 3, 2e23, 1e23, 9007199254740993.0, 4.35, Math.PI, Math.ulp(1.0), 1e-7, -123.456e-200,
            0.0, -0.0, 1e22, 5e-324, 1.7976931348623157e308
        };
        for (double value : edges) {
            assertReadsBack(value);
        }
        SplittableRandom random = new SplittableRandom(20251125L);
        for (int i = 0; i < 20_000; i++) {
            double value = Double.longBitsToDouble(random.nextLong());
            if (Double.isFinite(value)) {
                assertReadsBack(value);
            }
            assertReadsBack(random.nextDouble(-1e6, 1e6));
        }
    }

    @Test
    void writesTheTimestampInNanoseconds() {
        assertThat(line(LinePoint.measurement("m").field("f", 1L), Instant.ofEpochSecond(1_764_045_600L, 123_456_789)))
                .endsWith(" 1764045600123456789");
        assertThat(line(LinePoint.measurement("m").field("f", 1L), Instant.ofEpochSecond(-1L, 5)))
                .endsWith(" -999999995");
        assertThat(line(LinePoint.measurement("m").field("f", 1L), Instant.EPOCH)).endsWith(" 0");
        assertThat(line(LinePoint.measurement("m").field("f", 1L), Instant.parse("2262-04-11T23:47:16.854775807Z")))
                .endsWith(" " + Long.MAX_VALUE);
    }

    @Test
    void refusesTimestampsBeyondSigned64BitNanoseconds() {
        LinePoint.Builder builder = LinePoint.measurement("m").field("f", 1L)
                .timestamp(Instant.parse("2262-04-11T23:47:16.854775808Z"));

        assertThatThrownBy(builder::build).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2262");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\n", "\r", "a\nb", "a\r\nb"})
    void refusesLineBreaksEverywhere(String text) {
        assertRefused(() -> LinePoint.measurement("m" + text));
        assertRefused(() -> LinePoint.measurement("m").tag("k" + text, "v"));
        assertRefused(() -> LinePoint.measurement("m").tag("k", "v" + text));
        assertRefused(() -> LinePoint.measurement("m").field("f" + text, 1L));
        assertRefused(() -> LinePoint.measurement("m").field("f", "v" + text));
    }

    @Test
    void refusesEmptyNamesAndTagValues() {
        assertRefused(() -> LinePoint.measurement(""));
        assertRefused(() -> LinePoint.measurement("m").tag("", "v"));
        assertThatThrownBy(() -> LinePoint.measurement("m").tag("device_id", ""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("device_id")
                .hasMessageContaining("empty");
        assertRefused(() -> LinePoint.measurement("m").field("", 1L));
    }

    @Test
    void refusesBackslashesOutsideStringFields() {
        assertRefused(() -> LinePoint.measurement("m\\"));
        assertRefused(() -> LinePoint.measurement("m").tag("k\\", "v"));
        assertRefused(() -> LinePoint.measurement("m").tag("k", "v\\"));
        assertRefused(() -> LinePoint.measurement("m").field("f\\", 1L));
    }

    @Test
    void refusesAMeasurementThatWouldMakeAComment() {
        assertRefused(() -> LinePoint.measurement("#m"));
        assertThat(line(LinePoint.measurement("m#").field("#f", 1L))).isEqualTo("m# #f=1i 1764045600000000000");
    }

    @ParameterizedTest
    @ValueSource(doubles = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
    void refusesNonFiniteFloats(double value) {
        assertRefused(() -> LinePoint.measurement("m").field("f", value));
    }

    @Test
    void refusesDuplicateKeys() {
        assertRefused(() -> LinePoint.measurement("m").tag("k", "a").tag("k", "b"));
        assertRefused(() -> LinePoint.measurement("m").field("f", 1L).field("f", "x"));
    }

    @Test
    void needsAFieldAndATimestamp() {
        assertThatThrownBy(() -> LinePoint.measurement("m").tag("k", "v").timestamp(T).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no field");
        assertThatThrownBy(() -> LinePoint.measurement("m").field("f", 1L).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no timestamp");
    }

    @Test
    void refusesNulls() {
        assertThatThrownBy(() -> LinePoint.measurement(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> LinePoint.measurement("m").tag("k", null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> LinePoint.measurement("m").field("f", (String) null))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> LinePoint.measurement("m").timestamp(null)).isInstanceOf(NullPointerException.class);
    }

    private static String line(LinePoint.Builder builder) {
        return line(builder, T);
    }

    private static String line(LinePoint.Builder builder, Instant timestamp) {
        return builder.timestamp(timestamp).build().toLine();
    }

    /** The encoded value of a single float field. */
    private static String floatText(double value) {
        String line = line(LinePoint.measurement("m").field("f", value));
        return line.substring("m f=".length(), line.lastIndexOf(' '));
    }

    private static void assertReadsBack(double value) {
        String text = floatText(value);
        assertThat(text).as("encoding of %s", value).matches("-?[0-9]+\\.[0-9]+");
        assertThat(Double.doubleToRawLongBits(Double.parseDouble(text)))
                .as("%s encoded as %s", value, text)
                .isEqualTo(Double.doubleToRawLongBits(value));
    }

    private static void assertRefused(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOf(IllegalArgumentException.class);
    }
}
