package org.iocstream.connectors.coap;

import java.net.InetSocketAddress;
import javax.crypto.SecretKey;
import org.eclipse.californium.scandium.dtls.ConnectionId;
import org.eclipse.californium.scandium.dtls.HandshakeResultHandler;
import org.eclipse.californium.scandium.dtls.PskPublicInformation;
import org.eclipse.californium.scandium.dtls.PskSecretResult;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedPskStore;
import org.eclipse.californium.scandium.util.SecretUtil;
import org.eclipse.californium.scandium.util.ServerNames;
import org.iocstream.connectors.gateway.GatewayRegistry;

/**
 * The DTLS server's keys, looked up in the gateway registry at each handshake: a gateway added by {@code ioc-stream
 * gateway add} can handshake within the registry's refresh interval, and a revoked one no longer can.
 *
 * <p>An unknown identity gets no key, which Scandium answers by dropping the handshake silently (as it does a wrong
 * key), so a client cannot probe which identities exist.
 */
final class RegistryPskStore implements AdvancedPskStore {

    private final GatewayRegistry registry;

    RegistryPskStore(GatewayRegistry registry) {
        this.registry = registry;
    }

    @Override
    public boolean hasEcdhePskSupported() {
        return true;
    }

    @Override
    public PskSecretResult requestPskSecretResult(ConnectionId cid, ServerNames serverName,
            PskPublicInformation identity, String hmacAlgorithm, SecretKey otherSecret, byte[] seed,
            boolean useExtendedMasterSecret) {
        SecretKey key = registry.coapPsk(identity.getPublicInfoAsString())
                .map(bytes -> SecretUtil.create(bytes, PskSecretResult.ALGORITHM_PSK)).orElse(null);
        return new PskSecretResult(cid, identity, key);
    }

    /** Only a client names an identity; this store serves a server. */
    @Override
    public PskPublicInformation getIdentity(InetSocketAddress peerAddress, ServerNames virtualHost) {
        return null;
    }

    /** Keys are returned at once, never asynchronously. */
    @Override
    public void setResultHandler(HandshakeResultHandler resultHandler) {
    }
}
