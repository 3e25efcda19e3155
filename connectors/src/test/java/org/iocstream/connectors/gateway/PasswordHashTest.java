package org.iocstream.connectors.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class PasswordHashTest {

    /** Written by Debian's {@code mosquitto_passwd -b pw 16681/gw-07 secret} (Mosquitto 2.0.11). */
    private static final String MOSQUITTO_HASH = "$7$101$rgyDimu0SBKxBXZg$ZVCuyAgvPQe419zP+u4cy4EJyAVQt6R84YvfVH88J+A5tHY"
            + "+eDoGnYNUFZ9e/tAO3codRepuyp6j7kapdh6Ptg==";

    @Test
    void checksAHashWrittenByMosquittoPasswd() {
        assertThat(PasswordHash.matches(MOSQUITTO_HASH, bytes("secret"))).isTrue();
        assertThat(PasswordHash.matches(MOSQUITTO_HASH, bytes("Secret"))).isFalse();
    }

    @Test
    void writesMosquittosFormatWithAFreshSaltEachTime() {
        SecureRandom random = new SecureRandom();
        String first = PasswordHash.create("p4ss", random);
        String second = PasswordHash.create("p4ss", random);

        assertThat(first).matches("\\$7\\$101\\$[A-Za-z0-9+/]{16}\\$[A-Za-z0-9+/]{86}==");
        assertThat(second).isNotEqualTo(first);
        assertThat(PasswordHash.matches(first, bytes("p4ss"))).isTrue();
        assertThat(PasswordHash.matches(second, bytes("p4ss"))).isTrue();
        assertThat(PasswordHash.matches(first, bytes("p4ss "))).isFalse();
    }

    @Test
    void refusesHashesOfAnotherFormat() {
        assertThat(PasswordHash.matches("$6$101$abc$def", bytes("secret"))).isFalse();
        assertThat(PasswordHash.matches("secret", bytes("secret"))).isFalse();
        assertThat(PasswordHash.matches("$7$x$rgyDimu0SBKxBXZg$ZVCu", bytes("secret"))).isFalse();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
