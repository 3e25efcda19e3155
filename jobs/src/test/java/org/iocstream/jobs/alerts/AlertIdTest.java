package org.iocstream.jobs.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class AlertIdTest {

    private static final long START = Instant.parse("2026-01-05T03:00:00Z").toEpochMilli();

    @Test
    void isTheRuleTheSubjectAndTheEpisodeStart() {
        assertThat(AlertId.of("aqi-hourly", "40001-ENV-01", START))
                .isEqualTo("aqi-hourly:40001-ENV-01@2026-01-05T03:00:00Z");
        assertThat(AlertId.of("gateway-offline", "40001/gw-1", START + 250))
                .isEqualTo("gateway-offline:40001/gw-1@2026-01-05T03:00:00.250Z");
    }

    @Test
    void differsWhenAnyPartDiffers() {
        String id = AlertId.of("noise", "40001-ENV-01", START);

        assertThat(AlertId.of("noise", "40001-ENV-01", START)).isEqualTo(id);
        assertThat(AlertId.of("noise", "40001-ENV-01", START + 1)).isNotEqualTo(id);
        assertThat(AlertId.of("noise", "40001-ENV-02", START)).isNotEqualTo(id);
        assertThat(AlertId.of("aqi-hourly", "40001-ENV-01", START)).isNotEqualTo(id);
    }

    @Test
    void refusesARuleWithAColonOrAnEmptySubject() {
        assertThatThrownBy(() -> AlertId.of("a:b", "s", START)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AlertId.of("r", "", START)).isInstanceOf(IllegalArgumentException.class);
    }
}
