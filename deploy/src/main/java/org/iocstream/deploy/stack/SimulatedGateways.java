package org.iocstream.deploy.stack;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.iocstream.connectors.gateway.GatewayIdentity;
import org.iocstream.connectors.gateway.GatewayRegistry;
import org.iocstream.sim.Fleet;
import org.iocstream.sim.Gateway;
import org.iocstream.sim.GatewaySecrets;

/** Provisions simulated gateways as an installer provisions real ones: credentials issued in the registry. */
public final class SimulatedGateways {

    private SimulatedGateways() {
    }

    /** Issues fresh credentials to every gateway of the fleet (replacing older ones) and hands them to the sim. */
    public static GatewaySecrets provision(GatewayRegistry registry, Fleet fleet) {
        List<GatewayIdentity> identities = new ArrayList<>();
        for (Gateway gateway : fleet.gateways()) {
            identities.add(new GatewayIdentity(gateway.commune().code(), gateway.name()));
        }
        Map<String, GatewaySecrets.Secret> secrets = new HashMap<>();
        registry.issueAll(identities).forEach((identity, issued) ->
                secrets.put(identity.name(), new GatewaySecrets.Secret(issued.mqttPassword(), issued.coapPsk())));
        return GatewaySecrets.of(secrets);
    }
}
