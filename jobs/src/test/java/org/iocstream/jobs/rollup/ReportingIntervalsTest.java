package org.iocstream.jobs.rollup;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ReportingIntervalsTest {

    private static final Duration MINUTE = Duration.ofMinutes(1);

    @Test
    void eachKindOfDomainSectionTwoHasItsInterval() {
        assertThat(ReportingIntervals.of("ENV")).contains(Duration.ofSeconds(60));
        assertThat(ReportingIntervals.of("AGR")).contains(Duration.ofSeconds(300));
        assertThat(ReportingIntervals.of("LGT")).contains(Duration.ofSeconds(60));
        assertThat(ReportingIntervals.of("CAM")).contains(Duration.ofSeconds(10));
        assertThat(ReportingIntervals.of("SPK")).contains(Duration.ofSeconds(60));
        assertThat(ReportingIntervals.of("GTW")).as("the gateway itself").contains(Duration.ofSeconds(60));
        assertThat(ReportingIntervals.of("XYZ")).isEmpty();
        assertThat(ReportingIntervals.of(null)).isEmpty();
    }

    @Test
    void expectedReadingsPerMinuteFollowTheInterval() {
        assertThat(ReportingIntervals.expectedReadings("LGT", 4, MINUTE)).isEqualTo(4.0);
        assertThat(ReportingIntervals.expectedReadings("CAM", 2, MINUTE)).isEqualTo(12.0);
        assertThat(ReportingIntervals.expectedReadings("AGR", 3, MINUTE)).isEqualTo(0.6);
        assertThat(ReportingIntervals.expectedReadings("XYZ", 3, MINUTE)).isZero();
    }
}
