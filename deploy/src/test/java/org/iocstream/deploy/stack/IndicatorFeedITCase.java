package org.iocstream.deploy.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iocstream.deploy.stack.StackTestSupport.awaitValue;
import static org.iocstream.deploy.stack.StackTestSupport.embeddedConfig;
import static org.iocstream.deploy.stack.StackTestSupport.readTopicUntil;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.iocstream.connectors.indicators.FeedTokens;
import org.iocstream.connectors.indicators.Indicator;
import org.iocstream.connectors.indicators.IndicatorCatalog;
import org.iocstream.connectors.kafka.DeadLetterReader;
import org.iocstream.deploy.config.IocConfig;
import org.iocstream.schemas.DeadLetter;
import org.iocstream.schemas.IndicatorValue;
import org.iocstream.schemas.Topics;
import org.iocstream.sim.Commune;
import org.iocstream.sim.Communes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a KPI feed source does against the running stack: POST a CSV of every reported indicator for every scope it
 * allows with the demo token the stack wrote, send bad documents and no token, and drop files into the drop folder.
 * Each test sends as its own feed source, and reads ioc.indicators.v1 up to a marker value sent after its own
 * documents: the topic has one partition, so whatever a test sent before its marker is read before it, and what is
 * missing then never arrived.
 */
class IndicatorFeedITCase {

    private static final String HEADER = "code,scope,period,period_start,value,unit\n";
    private static final String MARKER_SOURCE = "it-marker";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path dataDir;
    private static Stack stack;
    private static URI endpoint;
    private static Path feeds;
    private static int markers;

    @BeforeAll
    static void startStack() throws Exception {
        stack = Stack.start(embeddedConfig(dataDir, Map.of(IocConfig.INDICATORS_DROP_SCAN_INTERVAL.key(), "500ms",
                IocConfig.INDICATORS_MAX_BODY_KIB.key(), "1024")), Clock.systemUTC());
        endpoint = URI.create(stack.addresses().get("Indicator feeds (POST)"));
        feeds = dataDir.resolve("indicator-feeds");
        // sources added as an operator would, while the stack runs; a later modification time makes sure the
        // change is seen even where the file system keeps whole seconds
        Path tokens = feeds.resolve("tokens.properties");
        FileTime created = Files.getLastModifiedTime(tokens);
        Files.writeString(tokens, MARKER_SOURCE + "=" + FeedTokens.hash(MARKER_SOURCE + "-token") + "\n"
                + "form-upload=" + FeedTokens.hash("form-upload-token") + "\n", StandardOpenOption.APPEND);
        Files.setLastModifiedTime(tokens, FileTime.from(created.toInstant().plusSeconds(1)));
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void everyReportedIndicatorForEveryScopeItAllowsArrivesExactlyAsSentWithTheDemoToken() throws Exception {
        String demoToken = Files.readString(Path.of(stack.addresses().get("Indicator feeds demo token"))).strip();
        List<String> communes = Communes.all().stream().map(Commune::code).toList();
        StringBuilder csv = new StringBuilder(HEADER);
        List<String> expected = new ArrayList<>();
        int rows = 0;
        for (Indicator indicator : IndicatorCatalog.standard().all()) {
            if (indicator.computed()) {
                continue; // refused as feeds: the pipeline computes them (COMPUTED_INDICATOR)
            }
            List<String> scopes = new ArrayList<>();
            if (indicator.scope().allowsProvince()) {
                scopes.add("40");
            }
            if (indicator.scope().allowsCommunes()) {
                scopes.addAll(communes);
            }
            for (String scope : scopes) {
                rows++;
                int tenths = rows * 37 % 1001;
                boolean milestone = indicator.unit().equals("milestone");
                String text = milestone ? String.valueOf(rows % 2) : tenths / 10 + "." + tenths % 10;
                double value = milestone ? rows % 2 : tenths / 10.0;
                csv.append(String.join(",", indicator.code(), scope, "quarter", "2026-07-01", text,
                        indicator.unit())).append('\n');
                expected.add(String.join("|", indicator.code(), scope, "QUARTER", "2026-07-01",
                        String.valueOf(value), indicator.unit(), "demo"));
            }
        }
        // by hand from indicators.csv: (10 territory + 19 province+commune) x 131 + 3 commune x 130 + 17 province
        assertThat(rows).isEqualTo(4206);

        // receivedAt travels in milliseconds
        Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        HttpResponse<String> response = post("text/csv", demoToken, csv.toString());
        Instant after = Instant.now();

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).get("accepted").asInt()).isEqualTo(4206);
        List<IndicatorValue> arrived = indicatorsUpToMarker().stream()
                .filter(v -> v.getSource().equals("demo")).toList();
        assertThat(arrived.stream().map(IndicatorFeedITCase::describe).toList()).containsExactlyElementsOf(expected);
        assertThat(arrived).allSatisfy(v -> assertThat(v.getReceivedAt()).isBetween(before, after));
        assertThat(metrics()).containsPattern("ioc_indicators_accepted_total\\{source=\"demo\"\\} 4206\\.0")
                .containsPattern("ioc_indicators_received_total\\{source=\"demo\"\\} 4206\\.0");
    }

    @Test
    void aDocumentWithOneBadRowIsRefusedWholeNamingTheRowAndOnlyThatRowIsADeadLetter() throws Exception {
        StringBuilder csv = new StringBuilder(HEADER);
        String badRow = "EGOV_ONLINE_DOSIER,40,quarter,2026-04-01,80.5,percent";
        for (int row = 1; row <= 10; row++) {
            csv.append(row == 7 ? badRow : "HR_OFFICIAL_EMAIL," + Communes.all().get(row).code()
                    + ",quarter,2026-04-01," + (50 + row) + ",percent").append('\n');
        }
        Instant before = Instant.now();

        HttpResponse<String> response = post("text/csv", "form-upload-token", csv.toString());

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode answer = JSON.readTree(response.body());
        assertThat(answer.get("accepted").asInt()).isZero();
        assertThat(answer.get("rejected")).hasSize(1);
        JsonNode rejected = answer.get("rejected").get(0);
        assertThat(rejected.get("row").asInt()).isEqualTo(7);
        assertThat(rejected.get("line").asInt()).isEqualTo(8);
        assertThat(rejected.get("reason").asText()).isEqualTo("UNKNOWN_INDICATOR");
        assertThat(rejected.get("message").asText()).startsWith("row 7 (line 8): unknown indicator "
                + "'EGOV_ONLINE_DOSIER'");

        List<DeadLetter> letters = feedDeadLettersSince(before, "form-upload");
        assertThat(letters).singleElement().satisfies(letter -> {
            assertThat(letter.getReasonCode()).isEqualTo("UNKNOWN_INDICATOR");
            assertThat(letter.getMessage()).isEqualTo(rejected.get("message").asText());
            assertThat(letter.getProtocol()).isEqualTo("http");
            assertThat(letter.getSource()).isEqualTo("/api/v1/indicators");
            assertThat(StandardCharsets.UTF_8.decode(letter.getPayload()).toString()).isEqualTo(badRow);
        });
        assertThat(indicatorsUpToMarker()).noneMatch(v -> v.getSource().equals("form-upload"));
        assertThat(metrics()).containsPattern(
                "ioc_indicators_rejected_total\\{reason=\"UNKNOWN_INDICATOR\",source=\"form-upload\"\\} 1\\.0");
    }

    @Test
    void requestsWithoutAValidTokenOrOfAnotherKindAreRefusedWithTheirStatus() throws Exception {
        String row = HEADER + "HR_OFFICIAL_EMAIL,40,quarter,2026-04-01,75,percent\n";
        HttpResponse<String> noToken = HTTP.send(HttpRequest.newBuilder(endpoint).header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofString(row)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(noToken.statusCode()).isEqualTo(401);
        assertThat(noToken.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v)
                .startsWith("Bearer"));
        assertThat(post("text/csv", "not-a-token", row).statusCode()).isEqualTo(401);
        assertThat(post("text/plain", "form-upload-token", row).statusCode()).isEqualTo(415);
        assertThat(post("text/csv; charset=iso-8859-1", "form-upload-token", row).statusCode()).isEqualTo(415);
        assertThat(post("text/csv", "form-upload-token", "x".repeat(1024 * 1024 + 1)).statusCode())
                .isEqualTo(413);
        HttpResponse<String> get = HTTP.send(HttpRequest.newBuilder(endpoint)
                .header("Authorization", "Bearer form-upload-token").GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(get.statusCode()).isEqualTo(405);
        assertThat(metrics()).containsPattern("ioc_indicators_http_refused_total\\{reason=\"UNAUTHORIZED\"\\} 2\\.0")
                .containsPattern("ioc_indicators_http_refused_total\\{reason=\"PAYLOAD_TOO_LARGE\"\\} 1\\.0");
    }

    @Test
    void aFileRenamedIntoTheDropFolderIsPublishedAndMovedToDone() throws Exception {
        String csv = HEADER
                + "DATA_PROV_DB_LINKED,40,quarter,2026-07-01,55.5,percent\n"
                + "INF_5G_COVERAGE,16681,month,2026-09-01,97.25,percent\n"
                + "IOC_PROVINCE_BUILT,40,quarter,2026-07-01,1,milestone\n";
        Path inbox = Files.createDirectories(feeds.resolve("inbox").resolve("LGSP"));
        Path written = Files.writeString(inbox.resolve("q3.csv.part"), csv);
        Files.move(written, inbox.resolve("q3.csv"), StandardCopyOption.ATOMIC_MOVE);

        Path done = awaitValue(Duration.ofMinutes(1), () -> onlyFileIn(feeds.resolve("done").resolve("LGSP")),
                path -> path != null, "q3.csv in done/LGSP");

        assertThat(done.getFileName().toString()).endsWith("-q3.csv");
        assertThat(Files.readString(done)).isEqualTo(csv);
        assertThat(filesIn(inbox)).isEmpty();
        assertThat(indicatorsUpToMarker().stream().filter(v -> v.getSource().equals("LGSP"))
                .map(IndicatorFeedITCase::describe)).containsExactly(
                        "DATA_PROV_DB_LINKED|40|QUARTER|2026-07-01|55.5|percent|LGSP",
                        "INF_5G_COVERAGE|16681|MONTH|2026-09-01|97.25|percent|LGSP",
                        "IOC_PROVINCE_BUILT|40|QUARTER|2026-07-01|1.0|milestone|LGSP");
    }

    @Test
    void aBadDroppedFileIsMovedToRejectedWithItsReasonAndBecomesADeadLetter() throws Exception {
        String json = "[{\"code\": \"HR_OFFICIAL_EMAIL\", \"scope\": \"16681\", \"period\": \"quarter\", "
                + "\"period_start\": \"2026-07-01\", \"value\": 90, \"unit\": \"percent\"},\n"
                + " {\"code\": \"HR_OFFICIAL_EMAIL\", \"scope\": \"16690\", \"period\": \"quarter\", "
                + "\"period_start\": \"2026-07-01\", \"value\": 91, \"unit\": \"%\"}]";
        Instant before = Instant.now();
        Path inbox = Files.createDirectories(feeds.resolve("inbox").resolve("district-office"));
        Path written = Files.writeString(inbox.resolve(".q3.json"), json);
        Files.move(written, inbox.resolve("q3.json"), StandardCopyOption.ATOMIC_MOVE);

        Path rejectedDir = feeds.resolve("rejected").resolve("district-office");
        Path rejected = awaitValue(Duration.ofMinutes(1), () -> onlyFileIn(rejectedDir, ".json"),
                path -> path != null, "q3.json in rejected/district-office");

        assertThat(Files.readString(rejected)).isEqualTo(json);
        assertThat(filesIn(inbox)).isEmpty();
        assertThat(Files.readString(rejectedDir.resolve(rejected.getFileName() + ".reason")))
                .isEqualTo("UNIT_MISMATCH: row 2 (line 2): HR_OFFICIAL_EMAIL is in 'percent', the row says '%'\n");
        assertThat(feedDeadLettersSince(before, "district-office")).singleElement().satisfies(letter -> {
            assertThat(letter.getReasonCode()).isEqualTo("UNIT_MISMATCH");
            assertThat(letter.getProtocol()).isEqualTo("file");
            assertThat(letter.getSource()).isEqualTo(inbox.resolve("q3.json").toString());
            assertThat(StandardCharsets.UTF_8.decode(letter.getPayload()).toString()).isEqualTo("{\"code\": "
                    + "\"HR_OFFICIAL_EMAIL\", \"scope\": \"16690\", \"period\": \"quarter\", \"period_start\": "
                    + "\"2026-07-01\", \"value\": 91, \"unit\": \"%\"}");
        });
        assertThat(indicatorsUpToMarker()).noneMatch(v -> v.getSource().equals("district-office"));
    }

    /**
     * Sends a value of its own as {@value #MARKER_SOURCE} and reads ioc.indicators.v1 from the start until it
     * arrives; returns every value before it that is not a marker.
     */
    private static synchronized List<IndicatorValue> indicatorsUpToMarker() throws Exception {
        int marker = ++markers;
        HttpResponse<String> response = post("application/json", MARKER_SOURCE + "-token", "[{\"code\": "
                + "\"HR_OFFICIAL_EMAIL\", \"scope\": \"40\", \"period\": \"day\", \"period_start\": \"2026-11-01\", "
                + "\"value\": " + marker + ", \"unit\": \"percent\"}]");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<IndicatorValue> values = readTopicUntil(stack.kafkaBootstrap(), Topics.INDICATORS,
                IndicatorValue.class, read -> read.stream().anyMatch(v -> isMarker(v, marker)),
                Duration.ofMinutes(1));
        return values.subList(0, values.indexOf(values.stream().filter(v -> isMarker(v, marker)).findFirst()
                .orElseThrow())).stream().filter(v -> !v.getSource().equals(MARKER_SOURCE)).toList();
    }

    private static boolean isMarker(IndicatorValue value, int marker) {
        return value.getSource().equals(MARKER_SOURCE) && value.getValue() == marker;
    }

    private static List<DeadLetter> feedDeadLettersSince(Instant since, String source) {
        return DeadLetterReader.since(stack.kafkaBootstrap(), since, Duration.ofMinutes(1)).stream()
                .map(DeadLetterReader.Entry::letter).filter(letter -> source.equals(letter.getClientId())).toList();
    }

    private static HttpResponse<String> post(String contentType, String token, String body)
            throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(endpoint).header("Content-Type", contentType)
                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String metrics() throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(stack.addresses().get("Prometheus metrics"))).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static String describe(IndicatorValue v) {
        return String.join("|", v.getCode(), v.getScope(), v.getPeriodType().name(), v.getPeriodStart().toString(),
                String.valueOf(v.getValue()), v.getUnit(), v.getSource());
    }

    private static List<Path> filesIn(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        }
    }

    /** The single file of the folder whose name ends so; null while there is none. */
    private static Path onlyFileIn(Path dir, String suffix) {
        try {
            List<Path> files = Files.exists(dir) ? filesIn(dir).stream()
                    .filter(f -> f.getFileName().toString().endsWith(suffix)).toList() : List.of();
            assertThat(files).as("files in %s", dir).hasSizeLessThanOrEqualTo(1);
            return files.isEmpty() ? null : files.get(0);
        } catch (IOException e) {
            throw new AssertionError("cannot list " + dir, e);
        }
    }

    private static Path onlyFileIn(Path dir) {
        return onlyFileIn(dir, "");
    }
}
