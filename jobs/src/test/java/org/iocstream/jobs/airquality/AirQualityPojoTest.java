package org.iocstream.jobs.airquality;

import org.apache.flink.types.PojoTestUtils;
import org.junit.jupiter.api.Test;

/** The records between the AQI operators and in their state are Flink POJOs, never Kryo. */
class AirQualityPojoTest {

    @Test
    void hourlyMeanAndStationHourAreSerializedAsPojos() {
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(HourlyMean.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(StationHour.class);
    }
}
