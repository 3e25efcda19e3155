package org.iocstream.schemas;

/**
 * The Kafka topics of IOC Stream (an external contract, see the README). Names follow
 * {@code ioc.<stream>.v<schema-major>}; all values are Avro single-object encoded.
 */
public final class Topics {
    /** {@link Reading}s accepted by the ingest connectors; key = deviceId. */
    public static final String TELEMETRY = "ioc.telemetry.v1";
    /** {@link IndicatorValue}s from KPI feeds; key = indicator code. */
    public static final String INDICATORS = "ioc.indicators.v1";
    /** {@link DeviceInfo} registry, compacted; key = deviceId. */
    public static final String DEVICES = "ioc.devices.v1";
    /** {@link GatewayStatus}: each gateway's online/offline state (Last Will), compacted; key = {commune}/{gateway}. */
    public static final String STATUS = "ioc.status.v1";
    /** {@link DeadLetter}s: rejected input with its reason; key = source. */
    public static final String DEADLETTER = "ioc.deadletter.v1";
    /** {@link Alert} state changes; key = alertId. */
    public static final String ALERTS = "ioc.alerts.v1";
    /** Operator commands (acknowledge). */
    public static final String COMMANDS = "ioc.commands.v1";
    /** Updates for the IOC wall. */
    public static final String WALL = "ioc.wall.v1";

    private Topics() {
    }
}
