package org.iocstream.deploy.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iocstream.deploy.stack.StackTestSupport.awaitValue;
import static org.iocstream.deploy.stack.StackTestSupport.embeddedConfig;
import static org.iocstream.deploy.stack.StackTestSupport.query;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.iocstream.deploy.config.IocConfig;
import org.iocstream.sim.Communes;
import org.iocstream.sim.Fleet;
import org.iocstream.sim.GatewayFirmware;
import org.iocstream.sim.GatewaySimulation;
import org.iocstream.sim.GroundTruth;
import org.iocstream.sim.MqttGatewayTransport;
import org.iocstream.sim.PublishSummary;
import org.iocstream.sim.Scenario;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A simulated day through the whole stack, as fast as it goes: the store's 1-minute rows show the day and night
 * DOMAIN.md describes (lamps on at night and off at noon, particulates up at the morning rush, loudspeakers on
 * their schedule, afternoon ozone), for a ward, a lowland and a highland commune.
 */
class DailyPatternsITCase {

    private static final ZoneOffset PROVINCE = ZoneOffset.ofHours(7);
    /** 29 November 2026 in Nghệ An, from local midnight. */
    private static final Instant DAY = LocalDateTime.parse("2026-11-29T00:00:00").toInstant(PROVINCE);
    private static final Instant END = DAY.plus(Duration.ofDays(1));
    private static final Duration DISORDER = Duration.ofMinutes(2);

    @TempDir
    Path dataDir;

    @Test
    void theStoreShowsDayAndNight() throws Exception {
        // a day of event time in seconds: no partition may go idle and let the others race ahead, and the
        // gateways may drift up to their in-flight windows apart (100 s for a camera)
        IocConfig config = embeddedConfig(dataDir, Map.of(IocConfig.KAFKA_TELEMETRY_PARTITIONS.key(), "1",
                IocConfig.FLINK_PARALLELISM.key(), "1", IocConfig.MAX_OUT_OF_ORDERNESS.key(), "2m",
                IocConfig.SOURCE_IDLENESS.key(), "1h"));
        Fleet fleet = Fleet.of(List.of(Communes.byCode("16681"), Communes.byCode("17143"), Communes.byCode("16738")),
                1);
        // a few minutes more, so that the last hour's windows close
        Instant tail = END.plus(DISORDER).plus(Duration.ofMinutes(1));

        try (Stack stack = Stack.start(config, Clock.systemUTC())) {
            PublishSummary sent;
            try (GatewaySimulation simulation = GatewaySimulation.open(new GatewayFirmware(fleet, 42, Scenario.NONE),
                    new MqttGatewayTransport(stack.mqttBrokerUrl(),
                            SimulatedGateways.provision(stack.gateways(), fleet)))) {
                sent = simulation.publishSpan(DAY, tail);
            }
            assertThat(sent.failures()).isZero();
            assertThat(sent.readings()).isEqualTo(GroundTruth.readingCount(fleet, DAY, tail));
            awaitValue(Duration.ofMinutes(3), () -> query(stack.storeUrl(), "select count() n from reading_1m where"
                    + " timestamp = '" + END.minusSeconds(60) + "'"), rows -> !rows.isEmpty()
                    && ((Number) rows.get(0).get("n")).longValue() > 0, "the day's last minute in reading_1m");

            for (String commune : List.of("16681", "17143", "16738")) {
                String lamp = commune + "-LGT-0001";
                assertThat(value(stack, lamp, "lamp_on", "23:00")).as("%s at 23:00", lamp).isEqualTo(1);
                assertThat(value(stack, lamp, "lamp_on", "12:00")).as("%s at noon", lamp).isEqualTo(0);
                assertThat(value(stack, lamp, "power", "23:00")).as("%s power at 23:00", lamp).isGreaterThan(30);
                assertThat(value(stack, lamp, "power", "12:00")).as("%s power at noon", lamp).isLessThan(5);

                String station = commune + "-ENV-0001";
                assertThat(value(stack, station, "pm2_5", "07:30")).as("%s PM2.5 at rush hour against 03:00", station)
                        .isGreaterThan(value(stack, station, "pm2_5", "03:00"));
                assertThat(value(stack, station, "o3", "14:00")).as("%s ozone at 14:00 against 06:00", station)
                        .isGreaterThan(value(stack, station, "o3", "06:00"));

                String speaker = commune + "-SPK-0001";
                assertThat(value(stack, speaker, "broadcasting", "05:45")).as("%s at 05:45", speaker).isEqualTo(1);
                assertThat(value(stack, speaker, "broadcasting", "17:15")).as("%s at 17:15", speaker).isEqualTo(1);
                assertThat(value(stack, speaker, "broadcasting", "12:00")).as("%s at noon", speaker).isEqualTo(0);
            }
        }
    }

    /** The mean of the device's metric over the minute starting at that local time of the day. */
    private static double value(Stack stack, String device, String metric, String localTime) {
        Instant minute = LocalDateTime.parse("2026-11-29T" + localTime + ":00").toInstant(PROVINCE);
        List<Map<String, Object>> rows = query(stack.storeUrl(), "select mean from reading_1m where device_id = '"
                + device + "' and metric = '" + metric + "' and timestamp = '" + minute + "'");
        assertThat(rows).as("the %s row of %s at %s", metric, device, localTime).hasSize(1);
        return ((Number) rows.get(0).get("mean")).doubleValue();
    }
}
