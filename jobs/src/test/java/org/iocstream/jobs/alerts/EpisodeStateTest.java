package org.iocstream.jobs.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.flink.types.PojoTestUtils;
import org.junit.jupiter.api.Test;

class EpisodeStateTest {

    @Test
    void flinkKeepsItAsAPojoNotWithKryo() {
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(EpisodeState.class);
    }

    @Test
    void isAValueThatItsCallersCannotChange() {
        long[] runs = {1, EpisodeState.NONE};
        EpisodeState state = new EpisodeState(1, 1, 5, runs);

        runs[0] = 2;
        state.runSince()[1] = 3;

        assertThat(state).isEqualTo(new EpisodeState(1, 1, 5, new long[] {1, EpisodeState.NONE}));
        assertThat(state).hasSameHashCodeAs(new EpisodeState(1, 1, 5, new long[] {1, EpisodeState.NONE}));
    }
}
