package org.iocstream.jobs.alerts;

/** An operator's acknowledgement of one alert, as it arrives on {@code ioc.commands.v1}; {@code at} in epoch ms. */
public record AcknowledgeCommand(String alertId, String by, long at, String note) {

    public AcknowledgeCommand {
        if (alertId == null || alertId.isBlank()) {
            throw new IllegalArgumentException("an acknowledgement names the alert it acknowledges");
        }
        if (by == null || by.isBlank()) {
            throw new IllegalArgumentException("an acknowledgement of " + alertId + " must say who acknowledges it");
        }
        note = note == null ? "" : note;
    }
}
