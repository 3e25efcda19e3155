package org.iocstream.sim.load;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.DecoderException;
import java.nio.charset.StandardCharsets;

/**
 * The few MQTT 5 packets a load-mode gateway needs (OASIS MQTT 5.0, section 3): CONNECT with a Last Will and a
 * username, QoS 1 PUBLISH, PINGREQ and DISCONNECT out; CONNACK, PUBACK, PINGRESP and DISCONNECT in. No
 * subscriptions, no QoS 2, no topic aliases: what a gateway that only publishes uses.
 */
final class MqttPackets {

    static final int CONNECT = 1;
    static final int CONNACK = 2;
    static final int PUBLISH = 3;
    static final int PUBACK = 4;
    static final int PINGREQ = 12;
    static final int PINGRESP = 13;
    static final int DISCONNECT = 14;

    /** Reason codes from 0x80 up are refusals (MQTT 5, 2.4). */
    static final int FIRST_ERROR_REASON_CODE = 0x80;
    /** The receive maximum a server means when its CONNACK names none (MQTT 5, 3.2.2.3.3). */
    static final int DEFAULT_RECEIVE_MAXIMUM = 65_535;

    private static final byte[] PROTOCOL_NAME = "MQTT".getBytes(StandardCharsets.US_ASCII);
    private static final int PROTOCOL_VERSION_5 = 5;
    private static final int FLAG_USERNAME = 0x80;
    private static final int FLAG_PASSWORD = 0x40;
    private static final int FLAG_WILL_RETAIN = 0x20;
    private static final int FLAG_WILL_QOS_1 = 0x08;
    private static final int FLAG_WILL = 0x04;
    private static final int FLAG_CLEAN_START = 0x02;
    private static final int PUBLISH_QOS_1 = 0x02;
    private static final int PUBLISH_RETAIN = 0x01;
    private static final int PROPERTY_RECEIVE_MAXIMUM = 0x21;
    private static final int MAX_REMAINING_LENGTH = 268_435_455;

    private MqttPackets() {
    }

    /** What the server sent: one of {@link ConnAck}, {@link PubAck}, {@link Disconnect}, {@link PingResp}. */
    sealed interface Inbound permits ConnAck, PubAck, Disconnect, PingResp {
    }

    /** CONNACK: reason code (0 accepted) and the server's receive maximum (in-flight QoS 1 messages it accepts). */
    record ConnAck(int reasonCode, int receiveMaximum) implements Inbound {
    }

    /** PUBACK: the packet id it acknowledges and its reason code (0 success, 0x10 no subscribers, 0x80+ refused). */
    record PubAck(int packetId, int reasonCode) implements Inbound {
    }

    /** DISCONNECT from the server; it closes the connection next. */
    record Disconnect(int reasonCode) implements Inbound {
    }

    /** PINGRESP. */
    record PingResp() implements Inbound {
        static final PingResp INSTANCE = new PingResp();
    }

    /**
     * CONNECT with clean start, no session kept, the keep-alive in seconds, a username, a password unless it is
     * null, and a Last Will published retained at QoS 1.
     */
    static ByteBuf connect(ByteBufAllocator alloc, String clientId, String username, byte[] password,
            int keepAliveSeconds, String willTopic, byte[] willPayload) {
        byte[] client = utf8(clientId);
        byte[] user = utf8(username);
        byte[] topic = utf8(willTopic);
        int variableHeader = 2 + PROTOCOL_NAME.length + 1 + 1 + 2 + 1; // name, version, flags, keep-alive, no properties
        int payload = 2 + client.length + 1 + 2 + topic.length + 2 + willPayload.length + 2 + user.length
                + (password == null ? 0 : 2 + password.length);
        int remaining = variableHeader + payload;
        ByteBuf out = alloc.buffer(1 + varIntSize(remaining) + remaining);
        out.writeByte(CONNECT << 4);
        writeVarInt(out, remaining);
        writeBinary(out, PROTOCOL_NAME);
        out.writeByte(PROTOCOL_VERSION_5);
        out.writeByte(FLAG_USERNAME | (password == null ? 0 : FLAG_PASSWORD) | FLAG_WILL_RETAIN | FLAG_WILL_QOS_1
                | FLAG_WILL | FLAG_CLEAN_START);
        out.writeShort(keepAliveSeconds);
        writeVarInt(out, 0); // connect properties: none (session expiry 0, server defaults)
        writeBinary(out, client);
        writeVarInt(out, 0); // will properties: none
        writeBinary(out, topic);
        writeBinary(out, willPayload);
        writeBinary(out, user);
        if (password != null) {
            writeBinary(out, password);
        }
        return out;
    }

    /** PUBLISH at QoS 1 with no properties. {@code topic} is the topic name already in UTF-8. */
    static ByteBuf publishQos1(ByteBufAllocator alloc, byte[] topic, int packetId, byte[] payload, boolean retain) {
        if (packetId < 1 || packetId > 0xFFFF) {
            throw new IllegalArgumentException("packet id must be 1..65535, got " + packetId);
        }
        long remaining = 2L + topic.length + 2 + 1 + payload.length;
        if (remaining > MAX_REMAINING_LENGTH) {
            throw new IllegalArgumentException("payload of " + payload.length + " bytes is too large for MQTT");
        }
        ByteBuf out = alloc.buffer(1 + varIntSize((int) remaining) + (int) remaining);
        out.writeByte(PUBLISH << 4 | PUBLISH_QOS_1 | (retain ? PUBLISH_RETAIN : 0));
        writeVarInt(out, (int) remaining);
        writeBinary(out, topic);
        out.writeShort(packetId);
        writeVarInt(out, 0); // publish properties: none
        out.writeBytes(payload);
        return out;
    }

    static ByteBuf pingReq(ByteBufAllocator alloc) {
        return alloc.buffer(2).writeByte(PINGREQ << 4).writeByte(0);
    }

    /** DISCONNECT with reason code 0 (normal): the server discards the Will. */
    static ByteBuf disconnect(ByteBufAllocator alloc) {
        return alloc.buffer(2).writeByte(DISCONNECT << 4).writeByte(0);
    }

    /**
     * Decodes one whole packet from the front of {@code in}, or returns null and leaves {@code in} untouched when
     * it does not hold a whole packet yet.
     *
     * @throws DecoderException on a malformed packet or one a publishing-only client never expects
     */
    static Inbound decode(ByteBuf in) {
        int start = in.readerIndex();
        if (in.readableBytes() < 2) {
            return null;
        }
        int header = in.readUnsignedByte();
        int remaining = 0;
        int multiplier = 1;
        for (int i = 0; ; i++) {
            if (!in.isReadable()) {
                in.readerIndex(start);
                return null;
            }
            int digit = in.readUnsignedByte();
            remaining += (digit & 0x7F) * multiplier;
            if ((digit & 0x80) == 0) {
                break;
            }
            if (i == 3) {
                throw new DecoderException("malformed remaining length");
            }
            multiplier *= 128;
        }
        if (in.readableBytes() < remaining) {
            in.readerIndex(start);
            return null;
        }
        ByteBuf body = in.readSlice(remaining);
        int type = header >>> 4;
        return switch (type) {
            case CONNACK -> connAck(body);
            case PUBACK -> pubAck(body);
            case PINGRESP -> PingResp.INSTANCE;
            case DISCONNECT -> new Disconnect(body.isReadable() ? body.readUnsignedByte() : 0);
            default -> throw new DecoderException("unexpected MQTT packet type " + type
                    + " for a client that only publishes");
        };
    }

    private static ConnAck connAck(ByteBuf body) {
        if (body.readableBytes() < 2) {
            throw new DecoderException("CONNACK of " + body.readableBytes() + " bytes");
        }
        body.readUnsignedByte(); // acknowledge flags: session present, always 0 with clean start
        int reasonCode = body.readUnsignedByte();
        int receiveMaximum = DEFAULT_RECEIVE_MAXIMUM;
        if (body.isReadable()) {
            int propertiesEnd = readVarInt(body);
            propertiesEnd += body.readerIndex();
            while (body.readerIndex() < propertiesEnd) {
                int id = readVarInt(body);
                if (id == PROPERTY_RECEIVE_MAXIMUM) {
                    receiveMaximum = body.readUnsignedShort();
                } else {
                    skipProperty(body, id);
                }
            }
        }
        return new ConnAck(reasonCode, receiveMaximum);
    }

    private static PubAck pubAck(ByteBuf body) {
        if (body.readableBytes() < 2) {
            throw new DecoderException("PUBACK of " + body.readableBytes() + " bytes");
        }
        int packetId = body.readUnsignedShort();
        // A PUBACK of two bytes means success (MQTT 5, 3.4.2.1); properties after the reason code are not needed.
        int reasonCode = body.isReadable() ? body.readUnsignedByte() : 0;
        return new PubAck(packetId, reasonCode);
    }

    /** Skips the value of a CONNACK property this client does not use, by the type MQTT 5 (2.2.2.2) gives it. */
    private static void skipProperty(ByteBuf body, int id) {
        switch (id) {
            case 0x01, 0x17, 0x19, 0x24, 0x25, 0x28, 0x29, 0x2A -> body.skipBytes(1);
            case 0x13, 0x21, 0x22, 0x23 -> body.skipBytes(2);
            case 0x02, 0x11, 0x18, 0x27 -> body.skipBytes(4);
            case 0x0B -> readVarInt(body);
            case 0x03, 0x08, 0x09, 0x12, 0x15, 0x16, 0x1A, 0x1C, 0x1F -> body.skipBytes(body.readUnsignedShort());
            case 0x26 -> {
                body.skipBytes(body.readUnsignedShort());
                body.skipBytes(body.readUnsignedShort());
            }
            default -> throw new DecoderException("unknown MQTT 5 property 0x" + Integer.toHexString(id));
        }
    }

    static void writeVarInt(ByteBuf out, int value) {
        int rest = value;
        do {
            int digit = rest % 128;
            rest /= 128;
            out.writeByte(rest > 0 ? digit | 0x80 : digit);
        } while (rest > 0);
    }

    static int varIntSize(int value) {
        return value < 128 ? 1 : value < 16_384 ? 2 : value < 2_097_152 ? 3 : 4;
    }

    private static int readVarInt(ByteBuf in) {
        int value = 0;
        int multiplier = 1;
        for (int i = 0; i < 4; i++) {
            int digit = in.readUnsignedByte();
            value += (digit & 0x7F) * multiplier;
            if ((digit & 0x80) == 0) {
                return value;
            }
            multiplier *= 128;
        }
        throw new DecoderException("malformed variable byte integer");
    }

    private static void writeBinary(ByteBuf out, byte[] bytes) {
        out.writeShort(bytes.length);
        out.writeBytes(bytes);
    }

    static byte[] utf8(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > 0xFFFF) {
            throw new IllegalArgumentException("MQTT strings are at most 65535 bytes: " + text.substring(0, 40));
        }
        return bytes;
    }
}
