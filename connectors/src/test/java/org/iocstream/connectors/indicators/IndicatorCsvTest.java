package org.iocstream.connectors.indicators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class IndicatorCsvTest {

    @Test
    void readsQuotedFieldsWithCommasQuotesAndLineBreaks() throws Exception {
        List<Csv.Record> records = Csv.parse("a,\"b, c\",\"say \"\"hi\"\"\"\r\n\"two\nlines\",x\n\n  last , row \n");

        assertThat(records).hasSize(3);
        assertThat(records.get(0).cells()).containsExactly("a", "b, c", "say \"hi\"");
        assertThat(records.get(0).line()).isEqualTo(1);
        assertThat(records.get(0).raw()).isEqualTo("a,\"b, c\",\"say \"\"hi\"\"\"");
        assertThat(records.get(1).cells()).containsExactly("two\nlines", "x");
        assertThat(records.get(1).line()).isEqualTo(2);
        // the blank line 4 is skipped, and line numbers count it
        assertThat(records.get(2).cells()).containsExactly("last", "row");
        assertThat(records.get(2).line()).isEqualTo(5);
    }

    @Test
    void keepsEmptyFieldsAndAMissingLastLineBreak() throws Exception {
        assertThat(Csv.parse("a,,c,").get(0).cells()).containsExactly("a", "", "c", "");
        assertThat(Csv.parse("\"\",x").get(0).cells()).containsExactly("", "x");
    }

    @Test
    void namesTheLineOfASyntaxError() {
        assertThatThrownBy(() -> Csv.parse("a,b\nc,\"open\nd,e\n")).isInstanceOf(Csv.SyntaxException.class)
                .hasMessage("line 2: a quoted field is not closed");
        assertThatThrownBy(() -> Csv.parse("a,b\nc,d\"e\n")).hasMessageStartingWith("line 2: a double quote inside");
        assertThatThrownBy(() -> Csv.parse("\"a\"b,c\n")).hasMessageStartingWith("line 1: text after the closing");
    }
}
