package org.iocstream.connectors.coap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.iocstream.connectors.ingest.KafkaForwarder.Outcome;
import org.iocstream.connectors.ingest.Rejection;
import org.junit.jupiter.api.Test;

/** How the CoAP ingest answers a request once its records are resolved; the wire is tested in CoapIngestITCase. */
class CoapIngestTest {

    @Test
    void aRequestWithoutDeadLettersIsChanged() {
        assertThat(CoapIngest.answer(new Outcome(2, List.of()))).isEqualTo(new CoapIngest.Answer(ResponseCode.CHANGED, null));
    }

    @Test
    void refusedInputIsABadRequestThatNamesEachReason() {
        Outcome outcome = new Outcome(1, List.of(
                new Rejection("UNKNOWN_METRIC", "record 1 ('d:pm25'): metric 'pm25' is not in the metric catalogue"),
                new Rejection("UNIT_MISMATCH", "record 3 ('d:temperature'): wrong unit")));

        assertThat(CoapIngest.answer(outcome)).isEqualTo(new CoapIngest.Answer(ResponseCode.BAD_REQUEST,
                "UNKNOWN_METRIC: record 1 ('d:pm25'): metric 'pm25' is not in the metric catalogue; "
                        + "UNIT_MISMATCH: record 3 ('d:temperature'): wrong unit"));
    }

    @Test
    void recordsKafkaRefusedAreTheIngestsFailureNotTheGateways() {
        Outcome outcome = new Outcome(0, List.of(new Rejection("KAFKA_REJECTED", "Kafka refused 1 record(s)")));

        assertThat(CoapIngest.answer(outcome).code()).isEqualTo(ResponseCode.INTERNAL_SERVER_ERROR);
    }

    @Test
    void aLongDiagnosticIsCutTo512Characters() {
        String diagnostic = CoapIngest.answer(new Outcome(0, List.of(new Rejection("MALFORMED_SENML", "x".repeat(600)))))
                .diagnostic();

        assertThat(diagnostic).hasSize(512).startsWith("MALFORMED_SENML: xxx").endsWith("x...");
    }
}
