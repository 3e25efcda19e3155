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
    void aCommuneIsCoveredForRadioIctWhenEverySpeakerRelayedSourceNewsAndHasNoValueWithoutSpeakers() {
        assertThat(CommuneCoverage.radioIctPercent(new CommuneCoverage.Speakers(20, 20))).isEqualTo(100.0);
        assertThat(CommuneCoverage.radioIctPercent(new CommuneCoverage.Speakers(15, 14))).isEqualTo(0.0);
        assertThat(CommuneCoverage.radioIctPercent(new CommuneCoverage.Speakers(1, 0))).isEqualTo(0.0);
        assertThat(CommuneCoverage.radioIctPercent(new CommuneCoverage.Speakers(0, 0))).isNaN();
    }

    @Test
    void theProvinceShareCountsCoveredCommunesAgainstAllCommunes() {
        // 3 of 4 communes covered; 97 of 130; none; all
        assertThat(CommuneCoverage.sharePercent(3, 4)).isEqualTo(75.0);
        assertThat(CommuneCoverage.sharePercent(97, 130)).isEqualTo(9700.0 / 130);
        assertThat(CommuneCoverage.sharePercent(0, 130)).isZero();
        assertThat(CommuneCoverage.sharePercent(130, 130)).isEqualTo(100.0);
        assertThat(CommuneCoverage.sharePercent(0, 0)).isNaN();
    }

    @Test
    void aCommuneValueIsEitherCoveredOrNot() {
        assertThat(CommuneCoverage.isCommuneValue(100.0)).isTrue();
        assertThat(CommuneCoverage.isCommuneValue(0.0)).isTrue();
        assertThat(CommuneCoverage.isCommuneValue(99.9)).isFalse();
        assertThat(CommuneCoverage.isCommuneValue(50.0)).isFalse();
        assertThat(CommuneCoverage.isCommuneValue(Double.NaN)).isFalse();
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
        assertThatThrownBy(() -> CommuneCoverage.sharePercent(5, 4))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("only 4");
        assertThatThrownBy(() -> CommuneCoverage.sharePercent(-1, 4))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
        assertThatThrownBy(() -> new CommuneCoverage.Speakers(3, 4))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("4 of 3");
    }
}
