package org.iocstream.connectors.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RejectionSummaryTest {

    private static TelemetryMapper.IndexedRejection rejected(int index, String reason) {
        return new TelemetryMapper.IndexedRejection(index, new Rejection(reason, "record " + (index + 1) + ": bad"));
    }

    @Test
    void makesOneGroupPerReasonInTheOrderReasonsFirstAppear() {
        List<RejectionSummary.Group> groups = RejectionSummary.byReason(List.of(rejected(0, "UNIT_MISMATCH"),
                rejected(1, "UNKNOWN_METRIC"), rejected(2, "UNIT_MISMATCH")));

        assertThat(groups).extracting(g -> g.rejection().reasonCode())
                .containsExactly("UNIT_MISMATCH", "UNKNOWN_METRIC");
        assertThat(groups.get(0).records()).isEqualTo(2);
        assertThat(groups.get(0).rejection().message()).isEqualTo("record 1: bad; record 3: bad");
        assertThat(groups.get(1).records()).isEqualTo(1);
        assertThat(groups.get(1).rejection().message()).isEqualTo("record 2: bad");
    }

    @Test
    void listsTenRecordsThenCountsTheRest() {
        List<TelemetryMapper.IndexedRejection> rejections = new ArrayList<>();
        IntStream.range(0, 14_000).forEach(i -> rejections.add(rejected(i, "UNKNOWN_METRIC")));

        RejectionSummary.Group group = RejectionSummary.byReason(rejections).get(0);

        assertThat(group.records()).isEqualTo(14_000);
        assertThat(group.rejection().message())
                .startsWith("record 1: bad; record 2: bad;")
                .endsWith("record 10: bad; ... and 13990 more")
                .doesNotContain("record 11:");
    }

    @Test
    void listsExactlyTenWithoutAnAndMore() {
        assertThat(RejectionSummary.list(IntStream.rangeClosed(1, 10).mapToObj(i -> "r" + i).toList()))
                .isEqualTo("r1; r2; r3; r4; r5; r6; r7; r8; r9; r10");
    }
}
