package org.iocstream.jobs.rollup;

/**
 * The catalogue's computed indicators that this package gives a formula for (DOMAIN.md section 5,
 * {@code data/indicators.csv}), with the code and unit a value must carry.
 */
public enum ComputedIndicator {
    /** % of registered devices online, per (commune, kind): {@link DeviceOnline} device-minutes. */
    OPS_DEVICE_AVAILABILITY,
    /** Readings received / expected, in percent: 100 × {@link RollupWindow#completeness()}. */
    OPS_DATA_COMPLETENESS,
    /** % of the gateways' own telemetry devices (kind GTW) online: {@link DeviceOnline} gateway-minutes. */
    OPS_GATEWAY_UPTIME,
    /** {@link LightingEnergy#savingPercent} per commune-day. */
    OPS_LIGHTING_ENERGY_SAVING,
    /** Scheduled speaker-minutes broadcasting ({@link BroadcastSchedule}) per commune-day. */
    OPS_BROADCAST_COVERAGE,
    /** Camera-minutes streaming ({@link CameraMinute}). */
    OPS_CAMERA_UPTIME,
    /** {@link CommuneCoverage#physicalDigitalPercent}. */
    INF_COMMUNE_PHYS_DIGITAL,
    /** {@link CommuneCoverage#radioIctPercent}. */
    INF_COMMUNE_RADIO_ICT;

    /** Every one is a percentage. */
    public static final String UNIT = "percent";

    public String code() {
        return name();
    }
}
