package org.iocstream.benchmarks;

import java.nio.file.Files;
import java.util.Map;
import org.iocstream.deploy.embedded.EmbeddedHiveMq;

/**
 * The embedded HiveMQ alone in its own JVM, for measuring a client in another process: {@code port=1883}; runs
 * until its standard input ends (Ctrl-D, or the parent closing the pipe).
 */
public final class EmbeddedBrokerMain {

    private EmbeddedBrokerMain() {
    }

    public static void main(String[] args) throws Exception {
        BenchmarkArgs options = BenchmarkArgs.parse(Map.of("port", "1883", "host", "127.0.0.1"), args);
        EmbeddedHiveMq broker = EmbeddedHiveMq.start(Files.createTempDirectory("bench-hivemq"), options.string("host"),
                options.integer("port"));
        System.out.println("Broker ready at " + broker.brokerUrl() + "; end standard input to stop it");
        try {
            while (System.in.read() >= 0) {
                // wait for end of input
            }
        } finally {
            broker.close();
        }
        System.exit(0);
    }
}
