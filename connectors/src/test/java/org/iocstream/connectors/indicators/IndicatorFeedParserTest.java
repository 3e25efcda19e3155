package org.iocstream.connectors.indicators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.iocstream.connectors.ingest.Rejection;
import org.junit.jupiter.api.Test;

class IndicatorFeedParserTest {

    private static FeedDocument csv(String text) throws MalformedFeedException {
        return FeedFormat.CSV.parse(text.getBytes(StandardCharsets.UTF_8));
    }

    private static FeedDocument json(String text) throws MalformedFeedException {
        return FeedFormat.JSON.parse(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void csvColumnsMayComeInAnyOrderAfterAByteOrderMark() throws Exception {
        FeedDocument document = csv("\uFEFFunit,value,period_start,period,scope,code\r\n"
                + "percent,87.5,2026-07-01,quarter,16681,HR_OFFICIAL_EMAIL\r\n"
                + "\r\n"
                + "milestone,1,2026-07-01,quarter,40,IOC_PROVINCE_BUILT\r\n");

        assertThat(document.malformed()).isEmpty();
        assertThat(document.rows()).hasSize(2);
        FeedRow first = document.rows().get(0);
        assertThat(first).returns(1, FeedRow::row).returns(2, FeedRow::line)
                .returns("HR_OFFICIAL_EMAIL", FeedRow::code).returns("16681", FeedRow::scope)
                .returns("quarter", FeedRow::period).returns("2026-07-01", FeedRow::periodStart)
                .returns("87.5", FeedRow::value).returns("percent", FeedRow::unit);
        assertThat(new String(first.raw(), StandardCharsets.UTF_8))
                .isEqualTo("percent,87.5,2026-07-01,quarter,16681,HR_OFFICIAL_EMAIL");
        // row 2 is on line 4: the blank line 3 is not a row
        assertThat(document.rows().get(1)).returns(2, FeedRow::row).returns(4, FeedRow::line);
    }

    @Test
    void aCsvRowWithTheWrongNumberOfFieldsIsAMalformedRowTheOthersAreRead() throws Exception {
        FeedDocument document = csv("code,scope,period,period_start,value,unit\n"
                + "HR_OFFICIAL_EMAIL,40,quarter,2026-07-01,90,percent\n"
                + "HR_OFFICIAL_EMAIL,40,quarter,2026-07-01,90\n");

        assertThat(document.rows()).hasSize(1);
        assertThat(document.malformed()).singleElement().satisfies(bad -> {
            assertThat(bad.row()).isEqualTo(2);
            assertThat(bad.rejection()).isEqualTo(new Rejection(Rejection.MALFORMED_ROW,
                    "row 2 (line 3): has 5 fields, the header has 6"));
            assertThat(new String(bad.raw(), StandardCharsets.UTF_8))
                    .isEqualTo("HR_OFFICIAL_EMAIL,40,quarter,2026-07-01,90");
        });
    }

    @Test
    void aCsvDocumentThatCannotBeReadIsMalformedAsAWhole() {
        assertThatThrownBy(() -> csv("")).isInstanceOf(MalformedFeedException.class).hasMessageContaining("empty");
        assertThatThrownBy(() -> csv("code,scope,period,period_start,value,unit\n"))
                .hasMessageContaining("no values");
        assertThatThrownBy(() -> csv("code,scope,period,start,value,unit,note\nA,40,quarter,2026-07-01,1,pct,x\n"))
                .hasMessageContaining("missing: period_start").hasMessageContaining("unknown or repeated: start, note");
        assertThatThrownBy(() -> csv("code,scope,period,period_start,value,unit\nA,\"40,quarter\n"))
                .hasMessageContaining("line 2").hasMessageContaining("not closed");
        assertThatThrownBy(() -> FeedFormat.CSV.parse(new byte[] {'c', 'o', (byte) 0xC3, 'x'}))
                .hasMessageContaining("not UTF-8");
    }

    @Test
    void jsonRowsKeepTheirBytesAndLines() throws Exception {
        String first = "{\"code\": \"HR_OFFICIAL_EMAIL\", \"scope\": \"16681\", \"period\": \"quarter\",\n"
                + "   \"period_start\": \"2026-07-01\", \"value\": 87.5, \"unit\": \"percent\"}";
        FeedDocument document = json("[\n  " + first + ",\n  {\"code\": \"IOC_PROVINCE_BUILT\", \"scope\": \"40\", "
                + "\"period\": \"quarter\", \"period_start\": \"2026-07-01\", \"value\": 1, "
                + "\"unit\": \"milestone\"}\n]");

        assertThat(document.malformed()).isEmpty();
        assertThat(document.rows()).hasSize(2);
        assertThat(document.rows().get(0)).returns(1, FeedRow::row).returns(2, FeedRow::line)
                .returns("HR_OFFICIAL_EMAIL", FeedRow::code).returns("87.5", FeedRow::value)
                .returns("2026-07-01", FeedRow::periodStart);
        assertThat(new String(document.rows().get(0).raw(), StandardCharsets.UTF_8)).isEqualTo(first);
        assertThat(document.rows().get(1)).returns(2, FeedRow::row).returns(4, FeedRow::line)
                .returns("1", FeedRow::value);
    }

    @Test
    void aJsonElementWithoutEveryFieldOrWithAWrongTypeIsAMalformedRow() throws Exception {
        FeedDocument document = json("[{\"code\": \"A\", \"scope\": \"40\", \"period\": \"quarter\", "
                + "\"period_start\": \"2026-07-01\", \"unit\": \"percent\"},\n"
                + " {\"code\": \"A\", \"scope\": \"40\", \"period\": \"quarter\", \"period_start\": \"2026-07-01\", "
                + "\"value\": \"87.5\", \"unit\": \"percent\"},\n"
                + " 42,\n"
                + " {\"code\": \"A\", \"scope\": 40, \"period\": \"quarter\", \"period_start\": \"2026-07-01\", "
                + "\"value\": 1, \"unit\": \"percent\", \"note\": \"x\"}]");

        assertThat(document.rows()).isEmpty();
        assertThat(document.malformed()).extracting(r -> r.rejection().message()).containsExactly(
                "row 1 (line 1): the field 'value' is missing",
                "row 2 (line 2): the field 'value' must be a JSON number, got \"87.5\"",
                "row 3 (line 3): is not a JSON object",
                "row 4 (line 4): unknown field 'note' (the fields are code, scope, period, period_start, value, unit)");
        assertThat(document.malformed()).extracting(r -> r.rejection().reasonCode()).containsOnly("MALFORMED_ROW");
        assertThat(new String(document.malformed().get(2).raw(), StandardCharsets.UTF_8)).isEqualTo("42");
    }

    @Test
    void aJsonDocumentThatCannotBeReadIsMalformedAsAWhole() {
        assertThatThrownBy(() -> json("{\"code\": \"A\"}")).isInstanceOf(MalformedFeedException.class)
                .hasMessageContaining("JSON array");
        assertThatThrownBy(() -> json("[]")).hasMessageContaining("no values");
        assertThatThrownBy(() -> json("[{\"code\": \"A\",\n\"code\": \"B\"}]")).hasMessageContaining("line 2")
                .hasMessageContaining("Duplicate field 'code'");
        assertThatThrownBy(() -> json("[{\"code\": ")).hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> json("[1] [2]")).hasMessageContaining("after the closing ]");
    }

    @Test
    void formatsFollowTheContentTypeOrTheFileExtension() {
        assertThat(FeedFormat.ofContentType("text/csv")).contains(FeedFormat.CSV);
        assertThat(FeedFormat.ofContentType("text/csv; charset=UTF-8")).contains(FeedFormat.CSV);
        assertThat(FeedFormat.ofContentType("Application/JSON")).contains(FeedFormat.JSON);
        assertThat(FeedFormat.ofContentType("text/csv; charset=windows-1258")).isEmpty();
        assertThat(FeedFormat.ofContentType("application/x-www-form-urlencoded")).isEmpty();
        assertThat(FeedFormat.ofContentType(null)).isEmpty();
        assertThat(FeedFormat.ofFileName("q3.CSV")).contains(FeedFormat.CSV);
        assertThat(FeedFormat.ofFileName("q3.json")).contains(FeedFormat.JSON);
        assertThat(FeedFormat.ofFileName("q3.csv.part")).isEmpty();
        assertThat(FeedFormat.ofFileName(".csv")).isEmpty();
    }
}
