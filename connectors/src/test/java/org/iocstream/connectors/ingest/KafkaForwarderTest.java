package org.iocstream.connectors.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

/** The retry policy of the forwarder; its handling of messages is tested through each protocol's forwarder. */
class KafkaForwarderTest {

    @Test
    void retryDelaysDoubleFrom100MsUpTo5s() {
        assertThat(List.of(1, 2, 3, 6, 7, 40)).extracting(KafkaForwarder::retryDelayMillis)
                .containsExactly(100L, 200L, 400L, 3200L, 5000L, 5000L);
    }

    @Test
    void onlyRetriableKafkaErrorsAreRetried() {
        assertThat(KafkaForwarder.isRetriable(new TimeoutException("expired"))).isTrue();
        assertThat(KafkaForwarder.isRetriable(new NotLeaderOrFollowerException())).isTrue();
        assertThat(KafkaForwarder.isRetriable(new RecordTooLargeException("too large"))).isFalse();
        assertThat(KafkaForwarder.isRetriable(new IllegalStateException("producer closed"))).isFalse();
    }
}
