package org.iocstream.sim;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/** Sends each gateway's traffic over the transport chosen for it, so one fleet can use several protocols. */
final class RoutingGatewayTransport implements GatewayTransport {

    private final Function<Gateway, GatewayTransport> route;
    private final List<GatewayTransport> transports;

    /** {@code route} picks one of {@code transports} for each gateway; all of them are closed on {@link #close}. */
    RoutingGatewayTransport(Function<Gateway, GatewayTransport> route, List<GatewayTransport> transports) {
        this.route = route;
        this.transports = List.copyOf(transports);
    }

    @Override
    public void open(List<Gateway> gateways) throws IOException, InterruptedException {
        Map<GatewayTransport, List<Gateway>> byTransport = new LinkedHashMap<>();
        for (Gateway gateway : gateways) {
            byTransport.computeIfAbsent(route.apply(gateway), any -> new ArrayList<>()).add(gateway);
        }
        for (Map.Entry<GatewayTransport, List<Gateway>> entry : byTransport.entrySet()) {
            entry.getKey().open(entry.getValue());
        }
    }

    @Override
    public CompletionStage<Void> send(TelemetryMessage message) throws InterruptedException {
        return route.apply(message.gateway()).send(message);
    }

    @Override
    public void cutOff(Gateway gateway) throws InterruptedException {
        route.apply(gateway).cutOff(gateway);
    }

    @Override
    public void restore(Gateway gateway) throws IOException, InterruptedException {
        route.apply(gateway).restore(gateway);
    }

    @Override
    public void close() throws InterruptedException {
        for (GatewayTransport transport : transports) {
            transport.close();
        }
    }
}
