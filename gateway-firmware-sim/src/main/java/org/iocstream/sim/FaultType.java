package org.iocstream.sim;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The faults a scenario can inject, by their names in a scenario file. */
public enum FaultType {
    /** Selected devices neither measure nor report: their readings are lost on purpose. */
    DEVICE_OFFLINE(Subject.DEVICE),
    /**
     * Selected gateways lose their backhaul: cut off (MQTT Last Will {@code offline}); with store-and-forward
     * they buffer their readings and send the backlog, original timestamps and all, on reconnecting.
     */
    GATEWAY_OFFLINE(Subject.GATEWAY),
    /** A share ({@code rate}) of the gateway's messages is sent twice, as a resend after a lost acknowledgement. */
    DUPLICATE(Subject.GATEWAY),
    /** The gateway's clock is off by {@code skew}: it stamps every reading that much late or early. */
    CLOCK_SKEW(Subject.GATEWAY),
    /** A share ({@code rate}) of the gateway's messages is held back and sent after the gateway's next message. */
    OUT_OF_ORDER(Subject.GATEWAY),
    /** A share ({@code rate}) of the gateway's messages is cut in half: JSON that does not parse. */
    MALFORMED_PAYLOAD(Subject.GATEWAY),
    /** A share ({@code rate}) of the gateway's messages carries one more record, of a device not on its list. */
    UNKNOWN_DEVICE(Subject.GATEWAY),
    /** A share ({@code rate}) of the gateway's messages carries one more record, of another commune's device. */
    SPOOFED_COMMUNE(Subject.GATEWAY);

    /** What a fault of this type selects: devices or gateways. */
    public enum Subject {
        DEVICE,
        GATEWAY
    }

    private final Subject subject;

    FaultType(Subject subject) {
        this.subject = subject;
    }

    public Subject subject() {
        return subject;
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
