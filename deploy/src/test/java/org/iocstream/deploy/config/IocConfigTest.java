package org.iocstream.deploy.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IocConfigTest {

    @Test
    void defaultsStartEverythingEmbeddedOnTheDocumentedPorts() {
        IocConfig config = IocConfig.defaults();

        assertThat(config.get(IocConfig.KAFKA_BOOTSTRAP)).isEmpty();
        assertThat(config.get(IocConfig.MQTT_BROKER_URL)).isEmpty();
        assertThat(config.get(IocConfig.STORE_URL)).isEmpty();
        assertThat(config.get(IocConfig.KAFKA_PORT)).isEqualTo(9092);
        assertThat(config.get(IocConfig.MQTT_PORT)).isEqualTo(1883);
        assertThat(config.get(IocConfig.STORE_HTTP_PORT)).isEqualTo(9000);
        assertThat(config.get(IocConfig.STORE_PG_PORT)).isEqualTo(8812);
        assertThat(config.get(IocConfig.FLINK_WEB_PORT)).isEqualTo(8081);
        assertThat(config.get(IocConfig.DATA_DIR)).isEqualTo("./ioc-data");
        assertThat(config.get(IocConfig.MAX_OUT_OF_ORDERNESS)).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.get(IocConfig.SIM_ENABLED)).isTrue();
    }

    @Test
    void commandLineValuesWinOverTheFileWhichWinsOverDefaults(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("ioc.properties");
        Files.writeString(file, "kafka.bootstrap-servers=kafka1:9092\nsim.seed=7\nflink.checkpoint-interval=1m\n");

        IocConfig config = IocConfig.load(file, Map.of("sim.seed", "8"));

        assertThat(config.get(IocConfig.KAFKA_BOOTSTRAP)).isEqualTo("kafka1:9092");
        assertThat(config.get(IocConfig.SIM_SEED)).isEqualTo(8L);
        assertThat(config.get(IocConfig.FLINK_CHECKPOINT_INTERVAL)).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void misspeltKeysAndBadValuesAreRefusedWithWhatWasExpected() {
        assertThatThrownBy(() -> IocConfig.defaults().with(Map.of("kafka.bootstrap-server", "x:1")))
                .hasMessageContaining("unknown setting 'kafka.bootstrap-server'")
                .hasMessageContaining("kafka.bootstrap-servers");
        assertThatThrownBy(() -> IocConfig.defaults().with(Map.of("kafka.port", "ninety")))
                .hasMessageContaining("kafka.port").hasMessageContaining("Integer");
        assertThatThrownBy(() -> IocConfig.defaults().with(Map.of("pipeline.source-idleness", "30")))
                .hasMessageContaining("ms, s, m, h or d");
        assertThatThrownBy(() -> IocConfig.defaults().with(Map.of("sim.enabled", "yes")))
                .hasMessageContaining("true or false");
    }

    @Test
    void durationsTakeTheirUnit() {
        assertThat(IocConfig.parseDuration("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(IocConfig.parseDuration("10s")).isEqualTo(Duration.ofSeconds(10));
        assertThat(IocConfig.parseDuration("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(IocConfig.parseDuration("2h")).isEqualTo(Duration.ofHours(2));
        assertThat(IocConfig.parseDuration("1d")).isEqualTo(Duration.ofDays(1));
        assertThatThrownBy(() -> IocConfig.parseDuration("m")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theReadmeConfigurationTableListsEverySettingWithItsDefault() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));

        for (Setting<?> setting : IocConfig.ALL) {
            String defaultCell = setting.defaultValue().isEmpty() ? "(empty)" : "`" + setting.defaultValue() + "`";
            assertThat(readme).as("README row for %s", setting.key())
                    .contains("| `" + setting.key() + "` | " + defaultCell + " |");
        }
    }
}
