package org.iocstream.jobs.airquality;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.iocstream.jobs.aqi.Aqi;
import org.iocstream.jobs.aqi.AqiCategory;
import org.iocstream.jobs.aqi.Pollutant;
import org.iocstream.jobs.aqi.SubIndex;
import org.iocstream.schemas.AqiPeriod;
import org.iocstream.schemas.AqiValue;

/**
 * {@link AqiValue} records: a station's from its {@link Aqi}, and a commune's as the largest of its stations'.
 * Plain Java.
 */
public final class AqiValues {

    public static final String STATION = "station";
    public static final String COMMUNE = "commune";

    /** The order that settles a tie for the dominant parameter: particulates first, then ozone and the gases. */
    static final List<Pollutant> DOMINANCE_ORDER = List.of(Pollutant.PM2_5, Pollutant.PM10, Pollutant.O3_1H,
            Pollutant.O3_8H, Pollutant.CO, Pollutant.SO2, Pollutant.NO2);

    private AqiValues() {
    }

    /** The field and store name of a parameter: pm2_5, pm10, o3_1h, o3_8h, co, so2, no2. */
    public static String name(Pollutant pollutant) {
        return pollutant.name().toLowerCase(Locale.ROOT);
    }

    /** A station's value; each sub-index rounded half-up, as the index itself. */
    public static AqiValue station(String deviceId, String commune, AqiPeriod period, long periodStart, Aqi aqi) {
        Integer[] subIndices = new Integer[Pollutant.values().length];
        for (SubIndex subIndex : aqi.subIndices()) {
            int index = subIndex.pollutant().ordinal();
            subIndices[index] = subIndices[index] == null ? subIndex.rounded()
                    : Math.max(subIndices[index], subIndex.rounded());
        }
        return build(STATION, deviceId, commune, period, periodStart, aqi.value(), aqi.capped(), subIndices, 1);
    }

    /**
     * A commune's value from its stations' values of the same period (*ours*: the decision defines a station's
     * AQI only): each sub-index is the largest of the stations', so the index is the largest station index and the
     * dominant parameter is that of the sub-index that gives it; capped if any station's value is.
     */
    public static AqiValue communeMax(String commune, AqiPeriod period, long periodStart, List<AqiValue> stations) {
        if (stations.isEmpty()) {
            throw new IllegalArgumentException("a commune's AQI needs at least one station value");
        }
        Integer[] subIndices = new Integer[Pollutant.values().length];
        int aqi = 0;
        boolean capped = false;
        int stationCount = 0;
        for (AqiValue station : stations) {
            for (Pollutant pollutant : Pollutant.values()) {
                Integer value = subIndex(station, pollutant);
                Integer before = subIndices[pollutant.ordinal()];
                if (value != null) {
                    subIndices[pollutant.ordinal()] = before == null ? value : Math.max(before, value);
                }
            }
            aqi = Math.max(aqi, station.getAqi());
            capped |= station.getCapped();
            stationCount += station.getStations();
        }
        return build(COMMUNE, null, commune, period, periodStart, aqi, capped, subIndices, stationCount);
    }

    /** A value's sub-index of one parameter, null if none. */
    public static Integer subIndex(AqiValue value, Pollutant pollutant) {
        Function<AqiValue, Integer> getter = switch (pollutant) {
            case PM2_5 -> AqiValue::getPm25;
            case PM10 -> AqiValue::getPm10;
            case O3_1H -> AqiValue::getO31h;
            case O3_8H -> AqiValue::getO38h;
            case CO -> AqiValue::getCo;
            case SO2 -> AqiValue::getSo2;
            case NO2 -> AqiValue::getNo2;
        };
        return getter.apply(value);
    }

    private static AqiValue build(String scope, String deviceId, String commune, AqiPeriod period, long periodStart,
            int aqi, boolean capped, Integer[] subIndices, int stations) {
        Pollutant dominant = null;
        for (Pollutant pollutant : DOMINANCE_ORDER) {
            Integer value = subIndices[pollutant.ordinal()];
            if (value != null && (dominant == null || value > subIndices[dominant.ordinal()])) {
                dominant = pollutant;
            }
        }
        if (dominant == null || subIndices[dominant.ordinal()] != aqi) {
            throw new IllegalStateException("the AQI " + aqi + " is not its largest sub-index: "
                    + Arrays.toString(subIndices));
        }
        return AqiValue.newBuilder()
                .setScope(scope)
                .setDeviceId(deviceId)
                .setCommune(commune)
                .setPeriod(period)
                .setPeriodStart(Instant.ofEpochMilli(periodStart))
                .setAqi(aqi)
                .setCategory(AqiCategory.of(aqi).name())
                .setDominant(name(dominant))
                .setCapped(capped)
                .setPm25(subIndices[Pollutant.PM2_5.ordinal()])
                .setPm10(subIndices[Pollutant.PM10.ordinal()])
                .setO31h(subIndices[Pollutant.O3_1H.ordinal()])
                .setO38h(subIndices[Pollutant.O3_8H.ordinal()])
                .setCo(subIndices[Pollutant.CO.ordinal()])
                .setSo2(subIndices[Pollutant.SO2.ordinal()])
                .setNo2(subIndices[Pollutant.NO2.ordinal()])
                .setStations(stations)
                .build();
    }
}
