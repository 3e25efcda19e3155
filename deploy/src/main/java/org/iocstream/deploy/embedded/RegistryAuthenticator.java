package org.iocstream.deploy.embedded;

import com.hivemq.extension.sdk.api.auth.SimpleAuthenticator;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthInput;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthOutput;
import com.hivemq.extension.sdk.api.auth.parameter.TopicPermission;
import com.hivemq.extension.sdk.api.packets.auth.DefaultAuthorizationBehaviour;
import com.hivemq.extension.sdk.api.packets.auth.ModifiableDefaultPermissions;
import com.hivemq.extension.sdk.api.packets.connect.ConnackReasonCode;
import com.hivemq.extension.sdk.api.packets.connect.ConnectPacket;
import com.hivemq.extension.sdk.api.services.builder.Builders;
import java.nio.ByteBuffer;
import java.util.Optional;
import org.iocstream.connectors.gateway.GatewayRegistry;

/**
 * Admits to embedded HiveMQ only the accounts of the gateway registry, each with the topics its role allows and
 * nothing else: a gateway publishes and subscribes under its own {@code ioc/v1/{commune}/{gateway}/} (Last Will
 * included, which HiveMQ checks against the same permissions at CONNECT), the ingest subscribes to {@code ioc/v1/#}
 * (shared subscriptions too, since HiveMQ matches a {@code $share/group/filter} by its filter) and publishes nothing.
 */
final class RegistryAuthenticator implements SimpleAuthenticator {

    private static final String TOPIC_ROOT = "ioc/v1/";

    private final GatewayRegistry registry;

    RegistryAuthenticator(GatewayRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void onConnect(SimpleAuthInput input, SimpleAuthOutput output) {
        ConnectPacket connect = input.getConnectPacket();
        Optional<String> username = connect.getUserName();
        Optional<ByteBuffer> password = connect.getPassword();
        if (username.isEmpty() || password.isEmpty()) {
            output.failAuthentication(ConnackReasonCode.NOT_AUTHORIZED,
                    "a username ({commune}/{gateway}) and password are required");
            return;
        }
        Optional<GatewayRegistry.Account> account = registry.authenticate(username.get(), bytes(password.get()));
        if (account.isEmpty()) {
            output.failAuthentication(ConnackReasonCode.BAD_USER_NAME_OR_PASSWORD,
                    "unknown username or wrong password");
            return;
        }
        ModifiableDefaultPermissions permissions = output.getDefaultPermissions();
        permissions.add(permissionOf(account.get()));
        permissions.setDefaultBehaviour(DefaultAuthorizationBehaviour.DENY);
        output.authenticateSuccessfully();
    }

    private static TopicPermission permissionOf(GatewayRegistry.Account account) {
        return switch (account.role()) {
            case GATEWAY -> Builders.topicPermission()
                    .topicFilter(account.gateway().topicPrefix() + "#")
                    .activity(TopicPermission.MqttActivity.ALL)
                    .build();
            case INGEST -> Builders.topicPermission()
                    .topicFilter(TOPIC_ROOT + "#")
                    .activity(TopicPermission.MqttActivity.SUBSCRIBE)
                    .build();
        };
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }
}
