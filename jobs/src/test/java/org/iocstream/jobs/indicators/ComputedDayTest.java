package org.iocstream.jobs.indicators;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.flink.types.PojoTestUtils;
import org.junit.jupiter.api.Test;

class ComputedDayTest {

    @Test
    void completenessIsReadingsOverExpectedReadingsOfTheDaysRows() {
        ComputedDay day = new ComputedDay();
        day.replaceReadings(0, 0, 3, 4);    // LGT power, 08:00: 3 of 4 lamps
        day.replaceReadings(0, 0, 1, 1);    // ENV pm2_5, 08:00
        day.replaceReadings(0, 0, 6, 6);    // LGT power, 08:01

        // (3 + 1 + 6) / (4 + 1 + 6) = 10 / 11
        assertThat(day.readings).isEqualTo(10);
        assertThat(day.expectedReadings).isEqualTo(11.0);
        assertThat(day.completenessPercent()).isEqualTo(100.0 * 10 / 11);
        assertThat(day.completenessChanged).isTrue();
        assertThat(day.availabilityChanged).isFalse();
    }

    @Test
    void aRefiredRowReplacesItsEarlierVersionInsteadOfAddingToIt() {
        ComputedDay day = new ComputedDay();
        day.replaceReadings(0, 0, 3, 4);
        day.replaceReadings(0, 0, 1, 1);
        day.replaceReadings(3, 4, 4, 4);    // the LGT window re-fired with a late 4th reading

        // 5 / 5, not (3 + 1 + 4) / (4 + 1 + 4) = 8 / 9
        assertThat(day.completenessPercent()).isEqualTo(100.0);
    }

    @Test
    void anIdenticalRowChangesNothing() {
        ComputedDay day = new ComputedDay();
        day.replaceReadings(0, 0, 3, 4);
        day.completenessChanged = false;
        day.replaceReadings(3, 4, 3, 4);

        assertThat(day.completenessChanged).isFalse();
        assertThat(day.completenessPercent()).isEqualTo(75.0);
    }

    @Test
    void nothingExpectedIsNaNEvenWithRoundingDustLeftByFractionalExpectations() {
        ComputedDay day = new ComputedDay();
        assertThat(day.completenessPercent()).isNaN();

        // AGR sensors expect 0.2 a minute each; two rows that then expect nothing (registry emptied)
        day.replaceReadings(0, 0, 1, 0.2);
        day.replaceReadings(0, 0, 2, 0.4);
        day.replaceReadings(1, 0.2, 0, 0);
        day.replaceReadings(2, 0.4, 0, 0);

        assertThat(day.readings).isZero();
        assertThat(day.completenessPercent()).isNaN();
    }

    @Test
    void availabilityIsOnlineOverKnownDeviceMinutesAndAnUnknownStatusDoesNotCount() {
        ComputedDay day = new ComputedDay();
        day.replaceStatus(null, true);
        day.replaceStatus(null, false);
        day.replaceStatus(null, null);      // a device of unknown kind
        day.replaceStatus(null, true);

        assertThat(day.onlineMinutes).isEqualTo(2);
        assertThat(day.knownMinutes).isEqualTo(3);
        assertThat(day.availabilityPercent()).isEqualTo(100.0 * 2 / 3);
        assertThat(day.availabilityChanged).isTrue();
        assertThat(day.completenessChanged).isFalse();
    }

    @Test
    void aRewrittenStatusReplacesItsEarlierVersion() {
        ComputedDay day = new ComputedDay();
        day.replaceStatus(null, true);
        day.replaceStatus(null, false);
        day.replaceStatus(false, true);     // a late reading: the device was online at that minute after all
        assertThat(day.availabilityPercent()).isEqualTo(100.0);

        day.replaceStatus(true, null);      // the kind became unknown: that minute no longer counts
        assertThat(day.onlineMinutes).isEqualTo(1);
        assertThat(day.knownMinutes).isEqualTo(1);

        day.availabilityChanged = false;
        day.replaceStatus(Boolean.valueOf("true"), true);
        assertThat(day.availabilityChanged).isFalse();
    }

    @Test
    void noKnownMinuteIsNaN() {
        assertThat(new ComputedDay().availabilityPercent()).isNaN();
    }

    @Test
    void isAFlinkPojo() {
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(ComputedDay.class);
    }
}
