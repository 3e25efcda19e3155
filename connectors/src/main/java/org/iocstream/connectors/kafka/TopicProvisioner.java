package org.iocstream.connectors.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.iocstream.schemas.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates the IOC Stream topics that do not exist yet; existing topics are left as they are. */
public final class TopicProvisioner {

    private static final Logger LOG = LoggerFactory.getLogger(TopicProvisioner.class);

    /** A topic IOC Stream needs: partitions and whether it is compacted. */
    public record TopicSpec(String name, int partitions, boolean compacted) {
    }

    /** The topics of ARCHITECTURE.md with their default partition counts. */
    public static List<TopicSpec> standardTopics(int telemetryPartitions) {
        return List.of(
                new TopicSpec(Topics.TELEMETRY, telemetryPartitions, false),
                new TopicSpec(Topics.INDICATORS, 1, false),
                new TopicSpec(Topics.DEVICES, 1, true),
                new TopicSpec(Topics.STATUS, 1, true),
                new TopicSpec(Topics.DEADLETTER, 1, false),
                new TopicSpec(Topics.ALERTS, 1, false),
                new TopicSpec(Topics.COMMANDS, 1, false),
                new TopicSpec(Topics.WALL, 1, false));
    }

    private TopicProvisioner() {
    }

    /** Creates the missing topics with the given replication factor; returns the names it created. */
    public static List<String> ensure(String bootstrapServers, List<TopicSpec> topics, short replicationFactor) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (Admin admin = Admin.create(props)) {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = new ArrayList<>();
            for (TopicSpec topic : topics) {
                if (!existing.contains(topic.name())) {
                    NewTopic newTopic = new NewTopic(topic.name(), Optional.of(topic.partitions()),
                            Optional.of(replicationFactor));
                    if (topic.compacted()) {
                        newTopic.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
                    }
                    missing.add(newTopic);
                }
            }
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get();
                LOG.info("created Kafka topics {}", missing.stream().map(NewTopic::name).toList());
            }
            return missing.stream().map(NewTopic::name).toList();
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot create Kafka topics at " + bootstrapServers + ": " + e.getCause(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating Kafka topics", e);
        }
    }
}
