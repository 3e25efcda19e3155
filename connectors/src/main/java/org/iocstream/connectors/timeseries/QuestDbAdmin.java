package org.iocstream.connectors.timeseries;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/** Runs SQL on QuestDB's HTTP {@code /exec} endpoint: table creation, and queries for tests and tools. */
public final class QuestDbAdmin {

    private final String baseUrl;
    private final HttpClient http;

    public QuestDbAdmin(String baseUrl) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** Executes one statement and returns QuestDB's JSON answer; throws with QuestDB's error on failure. */
    public String exec(String sql) {
        URI uri = URI.create(baseUrl + "/exec?query=" + URLEncoder.encode(sql, StandardCharsets.UTF_8));
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET()
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("QuestDB at " + baseUrl + " refused '" + sql + "': HTTP "
                        + response.statusCode() + " " + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new IllegalStateException("cannot reach QuestDB at " + baseUrl + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while talking to QuestDB", e);
        }
    }

    public void execAll(List<String> statements) {
        statements.forEach(this::exec);
    }
}
