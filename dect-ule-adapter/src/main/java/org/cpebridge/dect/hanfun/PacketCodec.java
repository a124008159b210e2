package org.cpebridge.dect.hanfun;

import java.nio.ByteBuffer;
import java.util.Optional;
import org.cpebridge.bytes.Bytes;

/**
 * Packet layout (hanfun {@code src/protocol.cpp} {@code Packet::pack}, all big-endian):
 * {@code src addr u16 | src unit u8 | dst addr u16 | dst unit u8 | transport u16 | reference u8 | type u8 |
 * interface u16 | member u8 | payload length u16 | payload}.
 */
public final class PacketCodec {
    /** Header bytes before the payload. */
    public static final int HEADER_SIZE = 15;
    /** Largest payload hanfun accepts ({@code Protocol::MAX_PAYLOAD}). */
    public static final int MAX_PAYLOAD = 0x01FF;

    private PacketCodec() {
    }

    /** Decodes exactly one packet; trailing bytes are rejected as {@code OVERSIZED}. */
    public static Packet decode(byte[] bytes) throws HanfunException {
        return decode(new ByteReader(bytes));
    }

    /** Decodes the remaining bytes of {@code buffer} as exactly one packet, consuming them. */
    public static Packet decode(ByteBuffer buffer) throws HanfunException {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return decode(bytes);
    }

    private static Packet decode(ByteReader reader) throws HanfunException {
        if (reader.remaining() < HEADER_SIZE) {
            throw new HanfunException(HanfunException.Reason.TRUNCATED,
                    "packet header needs " + HEADER_SIZE + " bytes, got " + reader.remaining());
        }
        Address source = Address.read(reader, "source");
        Address destination = Address.read(reader, "destination");
        int transport = reader.u16("transport header");
        int reference = reader.u8("reference");
        int typeCode = reader.u8("message type");
        Optional<MessageType> type = MessageType.fromCode(typeCode);
        if (type.isEmpty()) {
            throw new HanfunException(HanfunException.Reason.BAD_VALUE,
                    String.format("unknown message type 0x%02X", typeCode));
        }
        InterfaceAddress itf = InterfaceAddress.read(reader, "interface");
        int member = reader.u8("interface member");
        int length = reader.u16("payload length");
        if (length > MAX_PAYLOAD) {
            throw new HanfunException(HanfunException.Reason.OVERSIZED,
                    "payload length " + length + " exceeds " + MAX_PAYLOAD);
        }
        Bytes payload = reader.bytes(length, "payload");
        reader.expectEnd("payload");
        return new Packet(source, destination, transport, reference, type.get(), itf, member, payload);
    }

    public static byte[] encode(Packet packet) {
        ByteWriter writer = new ByteWriter();
        packet.source().write(writer);
        packet.destination().write(writer);
        writer.u16(packet.transport()).u8(packet.reference()).u8(packet.type().code());
        packet.itf().write(writer);
        writer.u8(packet.member()).u16(packet.payload().length()).bytes(packet.payload());
        return writer.toArray();
    }
}
