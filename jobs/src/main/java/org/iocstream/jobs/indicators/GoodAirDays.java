package org.iocstream.jobs.indicators;

import org.iocstream.jobs.aqi.AqiCategory;

/**
 * {@code OPS_AQI_GOOD_DAYS} as plain arithmetic: the share of days, among those with a daily VN_AQI, whose AQI^d is
 * Good or Moderate (at most 100, DOMAIN.md section 3).
 */
public final class GoodAirDays {

    /** The highest AQI^d that counts as a good day: the top of {@link AqiCategory#MODERATE}. */
    public static final int HIGHEST_GOOD_AQI = AqiCategory.MODERATE.highest();

    private GoodAirDays() {
    }

    public static boolean isGood(int dailyAqi) {
        return dailyAqi <= HIGHEST_GOOD_AQI;
    }

    /** 100 × good days / days, in percent, over one AQI^d per day; NaN without a day. */
    public static double percent(Iterable<Integer> dailyAqi) {
        int days = 0;
        int good = 0;
        for (int aqi : dailyAqi) {
            days++;
            good += isGood(aqi) ? 1 : 0;
        }
        return days == 0 ? Double.NaN : 100.0 * good / days;
    }
}
