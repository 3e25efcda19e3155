package org.iocstream.sim.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.handler.codec.DecoderException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MqttPacketsTest {

    private static final UnpooledByteBufAllocator ALLOC = UnpooledByteBufAllocator.DEFAULT;

    @Test
    void connectCarriesCleanStartKeepAliveWillAndUsername() {
        ByteBuf packet = MqttPackets.connect(ALLOC, "c", "u/g", null, 60, "t",
                "off".getBytes(StandardCharsets.UTF_8));
        // hand-assembled from MQTT 5.0 section 3.1
        String expected = "10" + "1c" // CONNECT, remaining length 28
                + "00044d515454" + "05" // "MQTT", version 5
                + "ae" // username, will retain, will QoS 1, will flag, clean start
                + "003c" + "00" // keep-alive 60, no properties
                + "000163" // client id "c"
                + "00" + "000174" + "00036f6666" // will: no properties, topic "t", payload "off"
                + "0003752f67"; // username "u/g"
        assertThat(ByteBufUtil.hexDump(packet)).isEqualTo(expected);
    }

    @Test
    void aPasswordFollowsTheUsernameAndSetsItsFlag() {
        ByteBuf packet = MqttPackets.connect(ALLOC, "c", "u/g", "pw".getBytes(StandardCharsets.UTF_8), 60, "t",
                "off".getBytes(StandardCharsets.UTF_8));
        // as above, with the password flag (0x40) and the password "pw" after the username
        String expected = "10" + "20" // CONNECT, remaining length 32
                + "00044d515454" + "05"
                + "ee" // username, password, will retain, will QoS 1, will flag, clean start
                + "003c" + "00"
                + "000163"
                + "00" + "000174" + "00036f6666"
                + "0003752f67" + "00027077"; // username "u/g", password "pw"
        assertThat(ByteBufUtil.hexDump(packet)).isEqualTo(expected);
    }

    @Test
    void publishAtQos1WithRetainFlagPacketIdAndNoProperties() {
        ByteBuf packet = MqttPackets.publishQos1(ALLOC, "a/b".getBytes(StandardCharsets.UTF_8), 258,
                new byte[] {1, 2}, true);
        assertThat(ByteBufUtil.hexDump(packet)).isEqualTo("33" + "0a" + "0003612f62" + "0102" + "00" + "0102");
        ByteBuf plain = MqttPackets.publishQos1(ALLOC, "a".getBytes(StandardCharsets.UTF_8), 1, new byte[200], false);
        // remaining length 2 + 1 + 2 + 1 + 200 = 206 takes two bytes: 0xce 0x01
        assertThat(ByteBufUtil.hexDump(plain, 0, 3)).isEqualTo("32ce01");
        assertThat(plain.readableBytes()).isEqualTo(3 + 206);
    }

    @Test
    void pubAckWithoutReasonCodeIsSuccessAndWithOneCarriesIt() {
        assertThat(MqttPackets.decode(hex("40020007"))).isEqualTo(new MqttPackets.PubAck(7, 0));
        assertThat(MqttPackets.decode(hex("4003000787"))).isEqualTo(new MqttPackets.PubAck(7, 0x87));
        // reason code, then a reason string property, skipped with the rest of the packet
        ByteBuf withProperties = hex("4008000180" + "04" + "1f000161" + "d000");
        assertThat(MqttPackets.decode(withProperties)).isEqualTo(new MqttPackets.PubAck(1, 0x80));
        assertThat(MqttPackets.decode(withProperties)).isEqualTo(MqttPackets.PingResp.INSTANCE);
    }

    @Test
    void connAckReadsReceiveMaximumAndSkipsOtherProperties() {
        // flags 0, reason 0, properties (11 bytes): topic alias maximum 5, receive maximum 10, reason string "ok"
        ByteBuf connAck = hex("200e" + "0000" + "0b" + "220005" + "21000a" + "1f00026f6b");
        assertThat(MqttPackets.decode(connAck)).isEqualTo(new MqttPackets.ConnAck(0, 10));
        assertThat(connAck.isReadable()).isFalse();
        assertThat(MqttPackets.decode(hex("20030087" + "00"))).isEqualTo(
                new MqttPackets.ConnAck(0x87, MqttPackets.DEFAULT_RECEIVE_MAXIMUM));
    }

    @Test
    void partialPacketsWaitForTheRestAndSeveralDecodeInTurn() {
        ByteBuf in = hex("4002");
        assertThat(MqttPackets.decode(in)).isNull();
        assertThat(in.readerIndex()).isZero();
        in = hex("40020001" + "d000" + "e00181");
        assertThat(MqttPackets.decode(in)).isEqualTo(new MqttPackets.PubAck(1, 0));
        assertThat(MqttPackets.decode(in)).isEqualTo(MqttPackets.PingResp.INSTANCE);
        assertThat(MqttPackets.decode(in)).isEqualTo(new MqttPackets.Disconnect(0x81));
        assertThat(in.isReadable()).isFalse();
    }

    @Test
    void packetsAPublishingClientNeverExpectsAreRefused() {
        assertThatThrownBy(() -> MqttPackets.decode(hex("3005000161" + "0000")))
                .isInstanceOf(DecoderException.class)
                .hasMessageContaining("type 3");
    }

    private static ByteBuf hex(String hex) {
        return Unpooled.wrappedBuffer(ByteBufUtil.decodeHexDump(hex));
    }
}
