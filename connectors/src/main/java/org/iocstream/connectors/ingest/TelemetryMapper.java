package org.iocstream.connectors.ingest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.iocstream.connectors.senml.SenmlRecord;
import org.iocstream.schemas.DeviceInfo;
import org.iocstream.schemas.Reading;

/**
 * Turns the resolved SenML records of one gateway message into {@link Reading}s, checking each record: its
 * name must be {@code {deviceId}:{metric}}, the metric must be in the catalogue with a matching unit, a device
 * the registry knows must belong to the gateway the message came from, a gateway that has announced its device
 * list may only report devices on it, and the value must be of the metric's type. Each failing record is rejected on its own; the others are accepted.
 */
public final class TelemetryMapper {

    /** A message's outcome: readings to publish, and one rejection per refused record (index into the pack). */
    public record Result(List<Reading> readings, List<IndexedRejection> rejections) {
    }

    /** A rejection of the record at {@code index} (0-based) of the pack. */
    public record IndexedRejection(int index, Rejection rejection) {
    }

    private final MetricCatalog catalog;
    private final DeviceRegistry registry;

    public TelemetryMapper(MetricCatalog catalog, DeviceRegistry registry) {
        this.catalog = catalog;
        this.registry = registry;
    }

    /**
     * @param commune the commune of the gateway that delivered the message (from its topic or identity)
     * @param gateway that gateway's name
     * @param protocol how it arrived (mqtt, coap)
     * @param ingestTime when the ingest received it
     */
    public Result map(List<SenmlRecord> records, String commune, String gateway, String protocol, Instant ingestTime) {
        List<Reading> readings = new ArrayList<>(records.size());
        List<IndexedRejection> rejections = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            SenmlRecord record = records.get(i);
            String where = "record " + (i + 1) + " ('" + record.name() + "')";
            int colon = record.name().lastIndexOf(':');
            if (colon <= 0 || colon == record.name().length() - 1) {
                rejections.add(new IndexedRejection(i, new Rejection(Rejection.BAD_NAME, where
                        + ": the SenML name must be {deviceId}:{metric}, e.g. bn \"16681-ENV-0001:\" with n \"pm2_5\"")));
                continue;
            }
            String deviceId = record.name().substring(0, colon);
            String metricName = record.name().substring(colon + 1);
            Optional<MetricCatalog.Metric> metric = catalog.find(metricName);
            if (metric.isEmpty()) {
                rejections.add(new IndexedRejection(i, new Rejection(Rejection.UNKNOWN_METRIC, where + ": metric '"
                        + metricName + "' is not in the metric catalogue (metrics.csv)")));
                continue;
            }
            String unit = record.unit() != null ? record.unit() : metric.get().unit();
            if (record.unit() != null && !record.unit().equals(metric.get().unit())) {
                rejections.add(new IndexedRejection(i, new Rejection(Rejection.UNIT_MISMATCH, where + ": metric '"
                        + metricName + "' is measured in " + describe(metric.get().unit()) + ", not '" + record.unit() + "'")));
                continue;
            }
            Optional<DeviceInfo> known = registry.find(deviceId);
            if (known.isPresent() && !(known.get().getCommune().equals(commune) && known.get().getGateway().equals(gateway))) {
                rejections.add(new IndexedRejection(i, new Rejection(Rejection.IDENTITY_MISMATCH, where + ": device '"
                        + deviceId + "' belongs to gateway " + known.get().getCommune() + "/" + known.get().getGateway()
                        + " but was reported by " + commune + "/" + gateway)));
                continue;
            }
            if (known.isEmpty() && registry.hasDeviceList(commune, gateway)) {
                rejections.add(new IndexedRejection(i, new Rejection(Rejection.UNKNOWN_DEVICE, where + ": device '"
                        + deviceId + "' is not in the device list of gateway " + commune + "/" + gateway)));
                continue;
            }
            Reading.Builder reading = Reading.newBuilder()
                    .setDeviceId(deviceId)
                    .setMetric(metricName)
                    .setTime(record.time())
                    .setUnit(unit)
                    .setCommune(commune)
                    .setGateway(gateway)
                    .setIngestProtocol(protocol)
                    .setIngestTime(ingestTime)
                    .setKind(known.map(DeviceInfo::getKind).orElse(null));
            String givenType;
            if (record.value() != null) {
                givenType = "a number (v)";
                reading.setValue(record.value());
            } else if (record.booleanValue() != null) {
                givenType = "a boolean (vb)";
                reading.setValue(record.booleanValue() ? 1.0 : 0.0);
            } else if (record.stringValue() != null) {
                givenType = "a string (vs)";
                reading.setStringValue(record.stringValue());
            } else {
                rejections.add(new IndexedRejection(i, new Rejection(Rejection.UNSUPPORTED_VALUE, where
                        + ": only v, vb and vs values are accepted (data values and sum-only records are not)")));
                continue;
            }
            if (metric.get().numeric() == (record.stringValue() != null)) {
                String expectedType = metric.get().numeric() ? "a number (v, or vb for a flag)" : "a string (vs)";
                rejections.add(new IndexedRejection(i, new Rejection(Rejection.VALUE_TYPE_MISMATCH, where
                        + ": metric '" + metricName + "' takes " + expectedType + ", not " + givenType)));
                continue;
            }
            readings.add(reading.build());
        }
        return new Result(readings, rejections);
    }

    private static String describe(String unit) {
        return unit == null ? "no unit (omit 'u')" : "'" + unit + "'";
    }
}
