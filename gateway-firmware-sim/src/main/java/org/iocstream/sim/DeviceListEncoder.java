package org.iocstream.sim;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;

/** Encodes a gateway's device list, the JSON array of {@code {id, kind, lat, lon, installedAt}} it publishes retained. */
public final class DeviceListEncoder {

    private static final JsonFactory JSON = new JsonFactory();

    private DeviceListEncoder() {
    }

    /** The device list in the given order, as compact JSON with installedAt as an ISO-8601 instant. */
    public static String encode(List<Device> devices) {
        StringWriter out = new StringWriter();
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartArray();
            for (Device device : devices) {
                json.writeStartObject();
                json.writeStringField("id", device.id());
                json.writeStringField("kind", device.kind().name());
                json.writeNumberField("lat", device.lat());
                json.writeNumberField("lon", device.lon());
                json.writeStringField("installedAt", device.installedAt().toString());
                json.writeEndObject();
            }
            json.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException("writing JSON to a string cannot fail", e);
        }
        return out.toString();
    }
}
