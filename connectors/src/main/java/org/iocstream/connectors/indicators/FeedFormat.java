package org.iocstream.connectors.indicators;

import java.util.Locale;
import java.util.Optional;

/** The syntaxes a feed document may have, with how HTTP and the drop folder tell them apart. */
public enum FeedFormat {
    CSV("text/csv", ".csv"),
    JSON("application/json", ".json");

    private final String mediaType;
    private final String extension;

    FeedFormat(String mediaType, String extension) {
        this.mediaType = mediaType;
        this.extension = extension;
    }

    /**
     * The format of an HTTP Content-Type: {@code text/csv} or {@code application/json}, optionally with
     * {@code charset=utf-8}; empty for anything else, including another charset.
     */
    public static Optional<FeedFormat> ofContentType(String contentType) {
        if (contentType == null) {
            return Optional.empty();
        }
        String[] parts = contentType.split(";");
        String type = parts[0].trim().toLowerCase(Locale.ROOT);
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].trim().toLowerCase(Locale.ROOT).replace("\"", "");
            if (parameter.startsWith("charset=") && !parameter.equals("charset=utf-8")) {
                return Optional.empty();
            }
        }
        for (FeedFormat format : values()) {
            if (format.mediaType.equals(type)) {
                return Optional.of(format);
            }
        }
        return Optional.empty();
    }

    /** The format of a dropped file by its extension ({@code .csv}, {@code .json}, any case). */
    public static Optional<FeedFormat> ofFileName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        for (FeedFormat format : values()) {
            if (lower.endsWith(format.extension) && lower.length() > format.extension.length()) {
                return Optional.of(format);
            }
        }
        return Optional.empty();
    }

    public FeedDocument parse(byte[] document) throws MalformedFeedException {
        return this == CSV ? CsvFeedParser.parse(document) : JsonFeedParser.parse(document);
    }
}
