package org.iocstream.connectors.ingest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Groups the rejected records of one message by reason, so that the message yields one dead letter per reason
 * instead of one per record: a pack of thousands of bad records must not become thousands of copies of its
 * payload.
 */
public final class RejectionSummary {

    /** How many records a summary names before it only counts the rest. */
    public static final int LISTED = 10;

    /** All the records of one message rejected for one reason, summed up in a single rejection. */
    public record Group(Rejection rejection, int records) {
    }

    private RejectionSummary() {
    }

    /** One group per reason code, in the order the reasons first appear; each message lists its records. */
    public static List<Group> byReason(List<TelemetryMapper.IndexedRejection> rejections) {
        Map<String, List<String>> messagesByReason = new LinkedHashMap<>();
        for (TelemetryMapper.IndexedRejection rejection : rejections) {
            messagesByReason.computeIfAbsent(rejection.rejection().reasonCode(), reason -> new ArrayList<>())
                    .add(rejection.rejection().message());
        }
        List<Group> groups = new ArrayList<>(messagesByReason.size());
        messagesByReason.forEach((reason, messages) ->
                groups.add(new Group(new Rejection(reason, list(messages)), messages.size())));
        return groups;
    }

    /** The first {@link #LISTED} items joined by "; ", then "... and N more" if there are more. */
    public static String list(List<String> items) {
        String listed = String.join("; ", items.subList(0, Math.min(LISTED, items.size())));
        return items.size() <= LISTED ? listed : listed + "; ... and " + (items.size() - LISTED) + " more";
    }
}
