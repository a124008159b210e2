package org.cpebridge.dect.hanfun;

import org.cpebridge.bytes.Bytes;

/**
 * One HAN-FUN packet: network header (source, destination), transport header, application message header and the
 * raw payload. Use {@link PacketCodec} for bytes and {@link MessageCodec} for the typed payload.
 *
 * @param source      sender address
 * @param destination receiver address
 * @param transport   transport header, 0 in every known implementation but kept as received
 * @param reference   application reference 0..255, echoed in the response
 * @param type        message type
 * @param itf         addressed interface (role + UID)
 * @param member      command or attribute id (or attribute pack id)
 * @param payload     message payload, at most {@link PacketCodec#MAX_PAYLOAD} bytes
 */
public record Packet(Address source, Address destination, int transport, int reference, MessageType type,
        InterfaceAddress itf, int member, Bytes payload) {

    public Packet {
        if (source == null || destination == null || type == null || itf == null || payload == null) {
            throw new IllegalArgumentException("packet fields are required");
        }
        if (transport < 0 || transport > 0xFFFF) {
            throw new IllegalArgumentException("transport header out of range: " + transport);
        }
        if (reference < 0 || reference > 0xFF) {
            throw new IllegalArgumentException("reference out of range: " + reference);
        }
        if (member < 0 || member > 0xFF) {
            throw new IllegalArgumentException("member out of range: " + member);
        }
        if (payload.length() > PacketCodec.MAX_PAYLOAD) {
            throw new IllegalArgumentException("payload too long: " + payload.length());
        }
    }

    /** A packet carrying {@code message}, with transport header 0. */
    public static Packet of(Address source, Address destination, int reference, HanfunMessage message) {
        return new Packet(source, destination, 0, reference, message.type(), message.itf(), message.member(),
                message.payload());
    }

    @Override
    public String toString() {
        return String.format("%s->%s ref=%d %s %s member=0x%02X len=%d", source, destination, reference, type, itf,
                member, payload.length());
    }
}
