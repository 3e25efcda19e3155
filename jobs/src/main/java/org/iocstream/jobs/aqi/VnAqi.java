package org.iocstream.jobs.aqi;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Hourly and daily VN_AQI of one station (Decision 1459/QĐ-TCMT, 12 Nov 2019). In the inputs a NaN marks a value
 * that is missing, as an absent key does; any other value must be a concentration in µg/m³. Both are empty
 * unless PM10 or PM2.5 gives a sub-index: the decision computes no AQI without one of them.
 */
public final class VnAqi {

    private VnAqi() {
    }

    /**
     * AQI^h from each parameter's last 12 hourly means, the current hour first ({@link NowCast#of} explains the
     * array). PM10 and PM2.5 use their NowCast; O3_1H, CO, SO2 and NO2 use the current hour's mean only, and
     * have no sub-index when it is missing. All parameters take the same array so that the caller can pass
     * what it keeps per metric.
     *
     * @throws IllegalArgumentException for O3_8H, which only the daily AQI uses, and for invalid means
     */
    public static Optional<Aqi> hourly(Map<Pollutant, double[]> hourlyMeansCurrentFirst) {
        List<SubIndex> subIndices = new ArrayList<>();
        for (Map.Entry<Pollutant, double[]> entry : hourlyMeansCurrentFirst.entrySet()) {
            Pollutant pollutant = entry.getKey();
            double[] means = entry.getValue();
            if (pollutant == Pollutant.O3_8H) {
                throw new IllegalArgumentException("the hourly AQI uses O3_1H; O3_8H is for the daily AQI");
            }
            if (pollutant.isParticulate()) {
                NowCast.of(means).ifPresent(nowCast -> subIndices.add(new SubIndex(pollutant, nowCast.value())));
            } else if (means.length > 0 && !Double.isNaN(means[0])) {
                subIndices.add(new SubIndex(pollutant, means[0]));
            }
        }
        return withParticulates(subIndices);
    }

    /**
     * AQI^d from the day's values: the 24-h mean (01:00 to 00:00) for PM10 and PM2.5, the largest 1-h mean for
     * O3_1H, CO, SO2 and NO2, and the largest 8-h mean for O3_8H. Ozone's sub-index is the larger of its 1-h and
     * 8-h ones; the 8-h one is left out when its mean is above 400 µg/m³, where its table ends. Both ozone
     * sub-indices that count are kept in the result.
     */
    public static Optional<Aqi> daily(Map<Pollutant, Double> dayValues) {
        List<SubIndex> subIndices = new ArrayList<>();
        dayValues.forEach((pollutant, value) -> {
            boolean beyondO3EightHourTable = pollutant == Pollutant.O3_8H && value > pollutant.topConcentration();
            if (!value.isNaN() && !beyondO3EightHourTable) {
                subIndices.add(new SubIndex(pollutant, value));
            }
        });
        return withParticulates(subIndices);
    }

    private static Optional<Aqi> withParticulates(List<SubIndex> subIndices) {
        // the inputs' map order must not show in the result
        subIndices.sort(Comparator.comparing(SubIndex::pollutant));
        boolean anyParticulate = subIndices.stream().anyMatch(s -> s.pollutant().isParticulate());
        return anyParticulate ? Optional.of(new Aqi(subIndices)) : Optional.empty();
    }
}
