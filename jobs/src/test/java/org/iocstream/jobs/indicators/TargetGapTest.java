package org.iocstream.jobs.indicators;

import static org.assertj.core.api.Assertions.assertThat;

import org.iocstream.connectors.indicators.IndicatorTarget;
import org.iocstream.connectors.indicators.IndicatorTarget.Operator;
import org.junit.jupiter.api.Test;

class TargetGapTest {

    @Test
    void atLeastIsMetFromTheTargetUpAndTheGapIsTheExcess() {
        IndicatorTarget target = new IndicatorTarget(Operator.AT_LEAST, 70);
        assertThat(TargetGap.gap(target, 75)).isEqualTo(5.0);
        assertThat(TargetGap.met(target, 75)).isTrue();
        assertThat(TargetGap.gap(target, 70)).isEqualTo(0.0);
        assertThat(TargetGap.met(target, 70)).isTrue();
        assertThat(TargetGap.gap(target, 62.5)).isEqualTo(-7.5);
        assertThat(TargetGap.met(target, 62.5)).isFalse();
    }

    @Test
    void aboveIsNotMetAtTheTargetItself() {
        IndicatorTarget target = new IndicatorTarget(Operator.ABOVE, 50);
        assertThat(TargetGap.gap(target, 50)).isEqualTo(0.0);
        assertThat(TargetGap.met(target, 50)).isFalse();
        assertThat(TargetGap.gap(target, 50.5)).isEqualTo(0.5);
        assertThat(TargetGap.met(target, 50.5)).isTrue();
    }

    @Test
    void forAnUpperBoundAPositiveGapIsTheRoomLeftUnderIt() {
        IndicatorTarget atMost = new IndicatorTarget(Operator.AT_MOST, 15);
        assertThat(TargetGap.gap(atMost, 12)).isEqualTo(3.0);
        assertThat(TargetGap.met(atMost, 12)).isTrue();
        assertThat(TargetGap.met(atMost, 15)).isTrue();
        assertThat(TargetGap.gap(atMost, 20)).isEqualTo(-5.0);
        assertThat(TargetGap.met(atMost, 20)).isFalse();

        IndicatorTarget below = new IndicatorTarget(Operator.BELOW, 15);
        assertThat(TargetGap.met(below, 15)).isFalse();
        assertThat(TargetGap.gap(below, 14)).isEqualTo(1.0);
        assertThat(TargetGap.met(below, 14)).isTrue();
    }

    @Test
    void aMilestoneIsMetOnlyWhenDoneAndItsGapIsNeverPositive() {
        IndicatorTarget done = new IndicatorTarget(Operator.EQUAL, 1);
        assertThat(TargetGap.met(done, 1)).isTrue();
        // +0.0 exactly: Double.compare tells it from −0.0
        assertThat(Double.compare(TargetGap.gap(done, 1), 0.0)).isZero();
        assertThat(TargetGap.met(done, 0)).isFalse();
        assertThat(TargetGap.gap(done, 0)).isEqualTo(-1.0);
    }
}
