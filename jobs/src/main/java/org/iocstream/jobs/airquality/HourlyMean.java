package org.iocstream.jobs.airquality;

/**
 * One station's mean of one pollutant over one hour [hourStart, hourStart + 1 h), in µg/m³, with the labels of
 * its latest reading. A window that re-fires with a late reading sends its hour again with the full mean.
 * Public fields and a no-argument constructor make it a Flink POJO.
 */
public final class HourlyMean {
    public String deviceId;
    public String metric;
    public long hourStart;
    public double mean;
    public long count;
    public String commune;
    public String gateway;
    public String kind;

    public HourlyMean() {
    }

    public HourlyMean(String deviceId, String metric, long hourStart, double mean, long count, String commune,
            String gateway, String kind) {
        this.deviceId = deviceId;
        this.metric = metric;
        this.hourStart = hourStart;
        this.mean = mean;
        this.count = count;
        this.commune = commune;
        this.gateway = gateway;
        this.kind = kind;
    }

    /** The key of the station operator. */
    public static String station(HourlyMean mean) {
        return mean.deviceId;
    }

    @Override
    public String toString() {
        return deviceId + ":" + metric + "@" + hourStart + "=" + mean + " (" + count + ")";
    }
}
