package org.iocstream.jobs.rollup;

/**
 * The catalogue's computed indicators that the job gives a formula for (DOMAIN.md section 5,
 * {@code data/indicators.csv}), with the code and unit a value must carry: the catalogue's unit of each.
 */
public enum ComputedIndicator {
    /** % of registered devices online, per (commune, kind): {@link DeviceOnline} device-minutes. */
    OPS_DEVICE_AVAILABILITY(ComputedIndicator.PERCENT),
    /** Readings received / expected, in percent: 100 × {@link RollupWindow#completeness()}. */
    OPS_DATA_COMPLETENESS(ComputedIndicator.PERCENT),
    /** % of the gateways' own telemetry devices (kind GTW) online: {@link DeviceOnline} gateway-minutes. */
    OPS_GATEWAY_UPTIME(ComputedIndicator.PERCENT),
    /** {@link LightingEnergy#savingPercent} per commune-day. */
    OPS_LIGHTING_ENERGY_SAVING(ComputedIndicator.PERCENT),
    /** The street lights' energy per commune-day: {@link LightingEnergy#windowWattHours} summed, in kWh. */
    OPS_LIGHTING_ENERGY(ComputedIndicator.KWH),
    /** Scheduled speaker-minutes broadcasting ({@link BroadcastSchedule}) per commune-day. */
    OPS_BROADCAST_COVERAGE(ComputedIndicator.PERCENT),
    /** Camera-minutes streaming ({@link CameraMinute}). */
    OPS_CAMERA_UPTIME(ComputedIndicator.PERCENT),
    /** {@link CommuneCoverage#physicalDigitalPercent}. */
    INF_COMMUNE_PHYS_DIGITAL(ComputedIndicator.PERCENT),
    /** {@link CommuneCoverage#radioIctPercent}. */
    INF_COMMUNE_RADIO_ICT(ComputedIndicator.PERCENT),
    /**
     * Days with a commune AQI^d of at most 100 (Good or Moderate) over days with one, per commune and month
     * ({@code org.iocstream.jobs.indicators.GoodAirDays}).
     */
    OPS_AQI_GOOD_DAYS(ComputedIndicator.PERCENT),
    /**
     * Median minutes from an alert's raise to its acknowledgement, per commune (and province) and day
     * ({@code org.iocstream.jobs.indicators.Median}).
     */
    OPS_ALERT_ACK_MINUTES(ComputedIndicator.MINUTES);

    public static final String PERCENT = "percent";
    public static final String MINUTES = "minutes";
    public static final String KWH = "kWh";

    private final String unit;

    ComputedIndicator(String unit) {
        this.unit = unit;
    }

    public String code() {
        return name();
    }

    /** The catalogue's unit of the indicator, which its values carry. */
    public String unit() {
        return unit;
    }
}
