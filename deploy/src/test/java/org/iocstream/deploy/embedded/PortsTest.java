package org.iocstream.deploy.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class PortsTest {

    @Test
    void freePortsLieBelowTheEphemeralRangeAreBindableAndNotHandedOutTwice() throws IOException {
        int tcp = Ports.free();
        int another = Ports.free();
        int udp = Ports.freeUdp();

        assertThat(tcp).isBetween(20_000, 32_767).isNotEqualTo(another);
        assertThat(udp).isBetween(20_000, 32_767);
        try (ServerSocket socket = new ServerSocket(tcp, 1, InetAddress.getLoopbackAddress());
                DatagramSocket datagrams = new DatagramSocket(udp, InetAddress.getLoopbackAddress())) {
            assertThat(socket.getLocalPort()).isEqualTo(tcp);
            assertThat(datagrams.getLocalPort()).isEqualTo(udp);
        }
    }
}
