package org.iocstream.connectors.ingest;

/** Why some input was not accepted: a stable reason code for machines and a message for the person who fixes it. */
public record Rejection(String reasonCode, String message) {
    public static final String MALFORMED_SENML = "MALFORMED_SENML";
    public static final String BAD_TOPIC = "BAD_TOPIC";
    public static final String BAD_NAME = "BAD_NAME";
    public static final String UNKNOWN_METRIC = "UNKNOWN_METRIC";
    public static final String UNIT_MISMATCH = "UNIT_MISMATCH";
    public static final String UNSUPPORTED_VALUE = "UNSUPPORTED_VALUE";
    public static final String VALUE_TYPE_MISMATCH = "VALUE_TYPE_MISMATCH";
    public static final String IDENTITY_MISMATCH = "IDENTITY_MISMATCH";
    public static final String UNKNOWN_DEVICE = "UNKNOWN_DEVICE";
    public static final String MALFORMED_DEVICE_LIST = "MALFORMED_DEVICE_LIST";
    public static final String MALFORMED_STATUS = "MALFORMED_STATUS";
    public static final String INGEST_ERROR = "INGEST_ERROR";
    public static final String KAFKA_REJECTED = "KAFKA_REJECTED";

    // indicator feeds (HTTP and drop folder), see org.iocstream.connectors.indicators
    public static final String MALFORMED_FEED = "MALFORMED_FEED";
    public static final String FEED_TOO_LARGE = "FEED_TOO_LARGE";
    public static final String MALFORMED_ROW = "MALFORMED_ROW";
    public static final String UNKNOWN_INDICATOR = "UNKNOWN_INDICATOR";
    public static final String COMPUTED_INDICATOR = "COMPUTED_INDICATOR";
    public static final String UNKNOWN_SCOPE = "UNKNOWN_SCOPE";
    public static final String SCOPE_NOT_ALLOWED = "SCOPE_NOT_ALLOWED";
    public static final String PERIOD_NOT_ALLOWED = "PERIOD_NOT_ALLOWED";
    public static final String PERIOD_MISALIGNED = "PERIOD_MISALIGNED";
    public static final String PERIOD_IN_FUTURE = "PERIOD_IN_FUTURE";
    public static final String INVALID_VALUE = "INVALID_VALUE";
    public static final String VALUE_OUT_OF_RANGE = "VALUE_OUT_OF_RANGE";
    public static final String DUPLICATE_VALUE = "DUPLICATE_VALUE";
}
