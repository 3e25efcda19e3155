package org.iocstream.connectors.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.iocstream.schemas.DeviceInfo;

/**
 * Parses a gateway's device list: a JSON array of {@code {id, kind, lat, lon, installedAt}} (ARCHITECTURE.md),
 * published retained on {@code ioc/v1/{commune}/{gateway}/devices}.
 */
public final class DeviceListParser {

    private static final ObjectMapper JSON = new ObjectMapper();

    private DeviceListParser() {
    }

    /** Thrown with a message naming the entry and field that is wrong. */
    public static final class InvalidDeviceListException extends Exception {
        public InvalidDeviceListException(String message) {
            super(message);
        }
    }

    public static List<DeviceInfo> parse(byte[] json, String commune, String gateway,
            Instant receivedAt) throws InvalidDeviceListException {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidDeviceListException("device list is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new InvalidDeviceListException("device list cannot be read: " + e.getMessage());
        }
        if (root == null || !root.isArray()) {
            throw new InvalidDeviceListException("device list must be a JSON array of {id, kind, lat, lon, installedAt}");
        }
        List<DeviceInfo> devices = new ArrayList<>(root.size());
        for (int i = 0; i < root.size(); i++) {
            JsonNode entry = root.get(i);
            String where = "device list entry " + (i + 1);
            if (!entry.isObject() || !entry.path("id").isTextual() || entry.path("id").asText().isBlank()) {
                throw new InvalidDeviceListException(where + ": needs a non-empty string 'id'");
            }
            if (!entry.path("kind").isTextual()) {
                throw new InvalidDeviceListException(where + ": needs a string 'kind' (ENV, AGR, LGT, CAM, SPK)");
            }
            devices.add(DeviceInfo.newBuilder()
                    .setDeviceId(entry.get("id").asText())
                    .setKind(entry.get("kind").asText())
                    .setCommune(commune)
                    .setGateway(gateway)
                    .setLat(number(entry, "lat", where))
                    .setLon(number(entry, "lon", where))
                    .setInstalledAt(instant(entry, "installedAt", where))
                    .setUpdatedAt(receivedAt)
                    .build());
        }
        return devices;
    }

    private static Double number(JsonNode entry, String field, String where) throws InvalidDeviceListException {
        JsonNode node = entry.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isNumber()) {
            throw new InvalidDeviceListException(where + ": '" + field + "' must be a number");
        }
        return node.asDouble();
    }

    private static Instant instant(JsonNode entry, String field, String where) throws InvalidDeviceListException {
        JsonNode node = entry.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        try {
            return Instant.parse(node.asText());
        } catch (DateTimeParseException e) {
            throw new InvalidDeviceListException(where + ": '" + field + "' must be an ISO-8601 instant such as "
                    + "2025-06-01T00:00:00Z, got '" + node.asText() + "'");
        }
    }
}
