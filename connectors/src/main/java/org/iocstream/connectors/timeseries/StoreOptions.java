package org.iocstream.connectors.timeseries;

import java.io.Serializable;
import java.time.Duration;

/**
 * Where and how the time-series sink writes.
 *
 * @param url HTTP base URL of the store's line-protocol endpoint: QuestDB (http://host:9000) or InfluxDB 1.x
 *     (http://host:8086)
 * @param database InfluxDB database; QuestDB ignores it
 * @param username null when the store needs no login
 * @param password null when the store needs no login
 * @param batchSize lines buffered before a write; the buffer is also written on every checkpoint
 * @param timeout HTTP connect/read timeout
 */
public record StoreOptions(String url, String database, String username, String password, int batchSize,
        Duration timeout) implements Serializable {

    public StoreOptions {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1, got " + batchSize);
        }
    }
}
