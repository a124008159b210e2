package org.cpebridge.securetime.wire;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The Roughtime packet framing (draft-ietf-ntp-roughtime-19 section 5.3): the 8 ASCII bytes {@code ROUGHTIM}, a
 * u32 little-endian message length, then exactly that many bytes of message.
 */
public final class Packet {

    static final byte[] MAGIC = "ROUGHTIM".getBytes(StandardCharsets.US_ASCII);
    public static final int HEADER_LENGTH = 12;
    /**
     * The largest packet either side accepts. No legitimate request or response exceeds one Ethernet MTU, so a
     * bigger datagram (a 64 KB one) is refused before it is parsed.
     */
    public static final int MAX_PACKET_LENGTH = 2048;

    private Packet() {
    }

    /** Frames a message. */
    public static byte[] frame(RtMessage message) {
        byte[] body = message.encode();
        return ByteBuffer.allocate(HEADER_LENGTH + body.length).order(ByteOrder.LITTLE_ENDIAN)
                .put(MAGIC).putInt(body.length).put(body).array();
    }

    /** Unframes and decodes a whole packet (the buffer's remaining bytes); does not move its position. */
    public static RtMessage unframe(ByteBuffer packet) throws MalformedMessageException {
        ByteBuffer in = packet.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        int length = in.remaining();
        if (length > MAX_PACKET_LENGTH) {
            throw new MalformedMessageException("packet of " + length + " bytes exceeds " + MAX_PACKET_LENGTH);
        }
        if (length < HEADER_LENGTH) {
            throw new MalformedMessageException("packet of " + length + " bytes is shorter than its header");
        }
        for (byte expected : MAGIC) {
            if (in.get() != expected) {
                throw new MalformedMessageException("packet does not start with ROUGHTIM");
            }
        }
        long declared = Integer.toUnsignedLong(in.getInt());
        if (declared != in.remaining()) {
            throw new MalformedMessageException("header declares " + declared + " bytes of message, packet carries "
                    + in.remaining());
        }
        return RtMessage.decode(in.slice());
    }
}
