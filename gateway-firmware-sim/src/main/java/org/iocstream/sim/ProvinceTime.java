package org.iocstream.sim;

import java.time.LocalDate;
import java.time.LocalTime;

/**
 * Local time in Nghệ An (Asia/Ho_Chi_Minh, UTC+7 all year, no daylight saving) as plain arithmetic on epoch
 * seconds, and the daily rhythms the signals share.
 */
final class ProvinceTime {

    static final int UTC_OFFSET_SECONDS = 7 * 3600;
    static final int SECONDS_PER_DAY = 86_400;

    private static final int MORNING_RUSH_START = secondOf(6, 30);
    private static final int MORNING_RUSH_END = secondOf(8, 30);
    private static final int EVENING_RUSH_START = secondOf(16, 30);
    private static final int EVENING_RUSH_END = secondOf(19, 0);
    private static final int DAY_START = secondOf(6, 0);
    private static final int DAY_END = secondOf(22, 0);
    private static final int MARKET_START = secondOf(5, 0);
    private static final int MARKET_END = secondOf(9, 0);
    private static final int EVENING_START = secondOf(17, 0);
    private static final int EVENING_END = secondOf(21, 0);
    /** 1 January 1970, epoch day 0, was a Thursday: three days after a Monday. */
    private static final int EPOCH_DAY_AFTER_MONDAY = 3;

    private ProvinceTime() {
    }

    /** Seconds since local midnight. */
    static int secondOfDay(long epochSecond) {
        return (int) Math.floorMod(epochSecond + UTC_OFFSET_SECONDS, (long) SECONDS_PER_DAY);
    }

    /** The local calendar day as days since 1970-01-01. */
    static long localEpochDay(long epochSecond) {
        return Math.floorDiv(epochSecond + UTC_OFFSET_SECONDS, (long) SECONDS_PER_DAY);
    }

    static LocalDate localDate(long epochSecond) {
        return LocalDate.ofEpochDay(localEpochDay(epochSecond));
    }

    /** The local month, 1 (January) to 12. */
    static int month(long epochSecond) {
        return localDate(epochSecond).getMonthValue();
    }

    /** The epoch second of local midnight starting the local epoch day. */
    static long startOfDay(long localEpochDay) {
        return localEpochDay * SECONDS_PER_DAY - UTC_OFFSET_SECONDS;
    }

    static boolean isWeekend(long epochSecond) {
        // 0 = Monday … 5 = Saturday, 6 = Sunday
        return Math.floorMod(localEpochDay(epochSecond) + EPOCH_DAY_AFTER_MONDAY, 7) >= 5;
    }

    static int secondOf(int hour, int minute) {
        return LocalTime.of(hour, minute).toSecondOfDay();
    }

    /** Whether the local second of day lies in [from, to). */
    static boolean within(int secondOfDay, int from, int to) {
        return secondOfDay >= from && secondOfDay < to;
    }

    /**
     * Road traffic relative to the weekday peak: on weekdays 1 in the rush hours, 0.5 by day, 0.15 at night;
     * at weekends nobody commutes, so the rush hours are only a little busier than the day (0.6, 0.55, 0.18).
     */
    static double trafficLevel(long epochSecond) {
        int second = secondOfDay(epochSecond);
        boolean weekend = isWeekend(epochSecond);
        if (within(second, MORNING_RUSH_START, MORNING_RUSH_END)
                || within(second, EVENING_RUSH_START, EVENING_RUSH_END)) {
            return weekend ? 0.6 : 1.0;
        }
        if (within(second, DAY_START, DAY_END)) {
            return weekend ? 0.55 : 0.5;
        }
        return weekend ? 0.18 : 0.15;
    }

    /**
     * People in the street relative to the weekday market: the morning market 05:00-09:00 (busier at
     * weekends, 1.3), the day 0.5, the evening 17:00-21:00 0.7 (0.9 at weekends), the night 0.05.
     */
    static double streetLife(long epochSecond) {
        int second = secondOfDay(epochSecond);
        boolean weekend = isWeekend(epochSecond);
        if (within(second, MARKET_START, MARKET_END)) {
            return weekend ? 1.3 : 1.0;
        }
        if (within(second, EVENING_START, EVENING_END)) {
            return weekend ? 0.9 : 0.7;
        }
        return within(second, MARKET_END, EVENING_START) ? 0.5 : 0.05;
    }

    /** Traffic and emissions scale by region: a highland commune has less than half a Vinh ward's. */
    static double regionActivity(Region region) {
        return switch (region) {
            case URBAN -> 1.0;
            case LOWLAND -> 0.7;
            case MIDLAND -> 0.55;
            case HIGHLAND -> 0.4;
        };
    }
}
