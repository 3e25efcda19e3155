package org.iocstream.sim;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The faults a scenario can inject, by their names in a scenario file. */
public enum FaultType {
    /** Selected devices neither measure nor report: their readings are lost on purpose. */
    DEVICE_OFFLINE,
    /**
     * Selected gateways lose their backhaul: cut off (MQTT Last Will {@code offline}); with store-and-forward
     * they buffer their readings and send the backlog, original timestamps and all, on reconnecting.
     */
    GATEWAY_OFFLINE,
    /** A share ({@code rate}) of the gateway's messages is sent twice, as a resend after a lost acknowledgement. */
    DUPLICATE,
    /** The gateway's clock is off by {@code skew}: it stamps every reading that much late or early. */
    CLOCK_SKEW,
    /** A share ({@code rate}) of the gateway's messages is held back and sent after the gateway's next message. */
    OUT_OF_ORDER,
    /** A share ({@code rate}) of the gateway's messages is cut in half: JSON that does not parse. */
    MALFORMED_PAYLOAD,
    /** A share ({@code rate}) of the gateway's messages carries one more record, of a device not on its list. */
    UNKNOWN_DEVICE,
    /** A share ({@code rate}) of the gateway's messages carries one more record, of another commune's device. */
    SPOOFED_COMMUNE,
    /** Environment stations measure {@code factor} times their PM2.5 and PM10 (default 4): smoke or dust. */
    POLLUTION_EPISODE(DeviceKind.ENV),
    /**
     * River stations' water level rises by {@code rise} cm (default 300): linearly over the first third of the
     * fault, held for the second, falling back over the last.
     */
    FLOOD_RISE(DeviceKind.ENV),
    /** Street lights stay on at full output whatever the daylight: a stuck relay or photocell. */
    LAMP_ON_BY_DAY(DeviceKind.LGT),
    /** Street lights are switched on but give no light: power falls to the controller's standby, fault {@code lamp_failure}. */
    LAMP_DEAD_AT_NIGHT(DeviceKind.LGT),
    /** Cameras lose their stream: {@code online} 0, bitrate and counts 0. */
    CAMERA_DOWN(DeviceKind.CAM),
    /** Loudspeakers stay online but silent: not broadcasting, volume 0, program {@code none}, schedule or not. */
    SPEAKER_SILENT(DeviceKind.SPK);

    private final DeviceKind changesValuesOf;

    /** A fault of delivery. */
    FaultType() {
        this(null);
    }

    FaultType(DeviceKind changesValuesOf) {
        this.changesValuesOf = changesValuesOf;
    }

    /** The kind of device whose measured values this fault changes; null for faults of delivery. */
    public DeviceKind changesValuesOf() {
        return changesValuesOf;
    }

    /** The name in a scenario file: lower case with hyphens, e.g. {@code gateway-offline}. */
    public String fileName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The type with this scenario-file name. */
    public static FaultType ofFileName(String name) {
        for (FaultType type : values()) {
            if (type.fileName().equals(name)) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown fault '" + name + "'; known faults: "
                + Arrays.stream(values()).map(FaultType::fileName).collect(Collectors.joining(", ")));
    }
}
