package org.iocstream.jobs.rollup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CommuneCoverageTest {

    @Test
    void physicalDigitalCountsCommunesWithAWorkingCameraLightAgricultureOrEnvironmentDevice() {
        // of 5 communes: one with a camera, one with lights and speakers, one with only speakers, one with
        // nothing working, one that sent nothing at all: 2 / 5
        List<Set<String>> working = List.of(Set.of("CAM"), Set.of("LGT", "SPK"), Set.of("SPK"), Set.of());

        assertThat(CommuneCoverage.physicalDigitalPercent(working, 5)).isEqualTo(40.0);
    }

    @Test
    void eachPhysicalDigitalKindCountsOnItsOwn() {
        for (String kind : List.of("CAM", "LGT", "AGR", "ENV")) {
            assertThat(CommuneCoverage.physicalDigitalPercent(List.of(Set.of(kind)), 2)).as(kind).isEqualTo(50.0);
        }
        assertThat(CommuneCoverage.physicalDigitalPercent(List.of(Set.of("GTW")), 2)).isZero();
    }

    @Test
    void radioIctCountsCommunesWhoseEverySpeakerRelayedSourceNews() {
        // of 4 communes: all 20 relayed; 14 of 15; no speakers at all; one that sent nothing: 1 / 4
        List<CommuneCoverage.Speakers> speakers = List.of(new CommuneCoverage.Speakers(20, 20),
                new CommuneCoverage.Speakers(15, 14), new CommuneCoverage.Speakers(0, 0));

        assertThat(CommuneCoverage.radioIctPercent(speakers, 4)).isEqualTo(25.0);
    }

    @Test
    void noCommunesGiveNoPercentage() {
        assertThat(CommuneCoverage.physicalDigitalPercent(List.of(), 0)).isNaN();
        assertThat(CommuneCoverage.radioIctPercent(List.of(), 0)).isNaN();
    }

    @Test
    void refusesMoreCommunesListedThanExist() {
        assertThatThrownBy(() -> CommuneCoverage.physicalDigitalPercent(List.of(Set.of("CAM"), Set.of("LGT")), 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("only 1");
        assertThatThrownBy(() -> new CommuneCoverage.Speakers(3, 4))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("4 of 3");
    }
}
