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

    private ProvinceTime() {
    }

    /** Seconds since local midnight. */
    static int secondOfDay(long epochSecond) {
        return (int) Math.floorMod(epochSecond + UTC_OFFSET_SECONDS, (long) SECONDS_PER_DAY);
    }

    static LocalDate localDate(long epochSecond) {
        return LocalDate.ofEpochDay(Math.floorDiv(epochSecond + UTC_OFFSET_SECONDS, (long) SECONDS_PER_DAY));
    }

    static int secondOf(int hour, int minute) {
        return LocalTime.of(hour, minute).toSecondOfDay();
    }

    /** Whether the local second of day lies in [from, to). */
    static boolean within(int secondOfDay, int from, int to) {
        return secondOfDay >= from && secondOfDay < to;
    }

    /** Road traffic relative to its peak: 1 in the rush hours, 0.5 by day, 0.15 at night. */
    static double trafficLevel(long epochSecond) {
        int second = secondOfDay(epochSecond);
        if (within(second, MORNING_RUSH_START, MORNING_RUSH_END)
                || within(second, EVENING_RUSH_START, EVENING_RUSH_END)) {
            return 1.0;
        }
        return within(second, DAY_START, DAY_END) ? 0.5 : 0.15;
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
