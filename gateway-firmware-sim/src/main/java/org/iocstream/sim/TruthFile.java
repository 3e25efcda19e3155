package org.iocstream.sim;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.Writer;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * Writes a {@link ScenarioTruth} as JSON Lines: a {@code summary} line, then one line per expected window,
 * too-late reading, delayed reading, duplicate, lost reading and dead letter, in a fixed order, so the same seed
 * and scenario give the same bytes. The line types and fields are listed in this module's README.
 */
public final class TruthFile {

    private static final JsonFactory JSON = new JsonFactory();

    private TruthFile() {
    }

    public static void write(ScenarioTruth truth, Writer out) throws IOException {
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
            // one value per line, ended by the newline each line writes, not separated by Jackson's space
            json.setRootValueSeparator(null);
            summary(json, truth);
            for (Duration size : truth.windowSizes()) {
                for (ExpectedWindow window : truth.windows(size)) {
                    window(json, size, window);
                }
            }
            for (Duration size : truth.windowSizes()) {
                for (Reading reading : truth.tooLate(size)) {
                    line(json, "too-late", reading);
                    json.writeStringField("window", seconds(size));
                    end(json);
                }
            }
            for (ScenarioTruth.DelayedReading delayed : truth.delayed()) {
                delayed(json, "delayed", delayed);
            }
            for (ScenarioTruth.DelayedReading duplicate : truth.duplicates()) {
                delayed(json, "duplicate", duplicate);
            }
            for (GatewayFirmware.LostReading lost : truth.lost()) {
                line(json, "lost", lost.reading());
                json.writeStringField("cause", lost.cause().fileName());
                end(json);
            }
            for (ExpectedAlert alert : truth.alerts()) {
                json.writeStartObject();
                json.writeStringField("type", "alert");
                json.writeStringField("rule", alert.rule());
                json.writeStringField("subject", alert.subject());
                json.writeStringField("commune", alert.commune());
                json.writeStringField("severity", alert.severity());
                json.writeStringField("since", alert.since().toString());
                json.writeStringField("raised", alert.raisedAt().toString());
                if (alert.clearedAt() != null) {
                    json.writeStringField("cleared", alert.clearedAt().toString());
                }
                end(json);
            }
            for (ExpectedDeadLetter letter : truth.deadLetters()) {
                json.writeStartObject();
                json.writeStringField("type", "dead-letter");
                json.writeStringField("reason", letter.reasonCode());
                json.writeStringField("commune", letter.gateway().commune().code());
                json.writeStringField("gateway", letter.gateway().name());
                json.writeStringField("sent", Instant.ofEpochSecond(letter.sendSecond()).toString());
                json.writeNumberField("records", letter.readings().size());
                end(json);
            }
        }
    }

    private static void summary(JsonGenerator json, ScenarioTruth truth) throws IOException {
        json.writeStartObject();
        json.writeStringField("type", "summary");
        json.writeStringField("scenario", truth.firmware().scenario().name());
        json.writeNumberField("seed", truth.firmware().seed());
        json.writeNumberField("gateways", truth.firmware().fleet().gateways().size());
        json.writeNumberField("devices", truth.firmware().fleet().devices().size());
        json.writeStringField("from", truth.from().toString());
        json.writeStringField("to", truth.to().toString());
        json.writeStringField("maxOutOfOrderness", seconds(truth.maxOutOfOrderness()));
        json.writeStringField("allowedLateness", seconds(truth.allowedLateness()));
        json.writeNumberField("messagesSent", truth.messagesSent());
        json.writeNumberField("readingsSent", truth.readingsSent());
        json.writeNumberField("readingsAccepted", truth.readingsAccepted());
        json.writeNumberField("delayed", truth.delayed().size());
        json.writeNumberField("duplicates", truth.duplicates().size());
        json.writeNumberField("lost", truth.lost().size());
        json.writeNumberField("deadLetters", truth.deadLetters().size());
        json.writeNumberField("alerts", truth.alerts().size());
        json.writeObjectFieldStart("tooLate");
        for (Duration size : truth.windowSizes()) {
            json.writeNumberField(seconds(size), truth.tooLate(size).size());
        }
        json.writeEndObject();
        end(json);
    }

    private static void window(JsonGenerator json, Duration size, ExpectedWindow window) throws IOException {
        json.writeStartObject();
        json.writeStringField("type", "window");
        json.writeStringField("window", seconds(size));
        json.writeStringField("device", window.deviceId());
        json.writeStringField("metric", window.metric());
        json.writeStringField("commune", window.commune());
        json.writeStringField("gateway", window.gateway());
        json.writeStringField("start", window.windowStart().toString());
        json.writeNumberField("count", window.count());
        json.writeNumberField("min", window.min());
        json.writeNumberField("max", window.max());
        json.writeNumberField("sum", window.sum());
        json.writeNumberField("mean", window.mean());
        json.writeNumberField("first", window.first());
        json.writeNumberField("last", window.last());
        end(json);
    }

    private static void delayed(JsonGenerator json, String type, ScenarioTruth.DelayedReading delayed)
            throws IOException {
        line(json, type, delayed.reading());
        json.writeStringField("sent", Instant.ofEpochSecond(delayed.sendSecond()).toString());
        json.writeStringField("dispatch", delayed.dispatch().name().toLowerCase(Locale.ROOT));
        end(json);
    }

    private static void line(JsonGenerator json, String type, Reading reading) throws IOException {
        json.writeStartObject();
        json.writeStringField("type", type);
        json.writeStringField("device", reading.device().id());
        json.writeStringField("metric", reading.metric().name());
        json.writeStringField("time", reading.time().toString());
    }

    private static void end(JsonGenerator json) throws IOException {
        json.writeEndObject();
        json.writeRaw('\n');
    }

    private static String seconds(Duration duration) {
        return duration.toSeconds() + "s";
    }
}
