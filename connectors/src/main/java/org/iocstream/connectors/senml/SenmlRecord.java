package org.iocstream.connectors.senml;

import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * One resolved SenML record (RFC 8428 section 4.6): base fields applied, time absolute, microsecond precision.
 *
 * <p>At most one of {@code value}, {@code stringValue}, {@code booleanValue} and {@code dataValue} is set;
 * {@code sum} may accompany any of them or stand alone. {@code unit} is null when neither u nor bu applied.
 */
public record SenmlRecord(
        String name,
        Instant time,
        String unit,
        Double value,
        String stringValue,
        Boolean booleanValue,
        byte[] dataValue,
        Double sum) {

    public SenmlRecord {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(time, "time");
        // Copied in and out so that a record stays a value: nobody can change its bytes afterwards.
        dataValue = dataValue == null ? null : dataValue.clone();
    }

    @Override
    public byte[] dataValue() {
        return dataValue == null ? null : dataValue.clone();
    }

    // The generated equals, hashCode and toString would compare and print the array by identity.

    @Override
    public boolean equals(Object other) {
        return other instanceof SenmlRecord that
                && name.equals(that.name)
                && time.equals(that.time)
                && Objects.equals(unit, that.unit)
                && Objects.equals(value, that.value)
                && Objects.equals(stringValue, that.stringValue)
                && Objects.equals(booleanValue, that.booleanValue)
                && Arrays.equals(dataValue, that.dataValue)
                && Objects.equals(sum, that.sum);
    }

    @Override
    public int hashCode() {
        return 31 * Objects.hash(name, time, unit, value, stringValue, booleanValue, sum) + Arrays.hashCode(dataValue);
    }

    @Override
    public String toString() {
        return "SenmlRecord[name=" + name
                + ", time=" + time
                + ", unit=" + unit
                + ", value=" + value
                + ", stringValue=" + stringValue
                + ", booleanValue=" + booleanValue
                + ", dataValue=" + (dataValue == null ? null : Base64.getUrlEncoder().withoutPadding().encodeToString(dataValue))
                + ", sum=" + sum
                + "]";
    }
}
