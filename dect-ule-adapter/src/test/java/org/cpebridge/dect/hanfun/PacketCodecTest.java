package org.cpebridge.dect.hanfun;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Random;

import nl.jqno.equalsverifier.EqualsVerifier;
import org.cpebridge.bytes.Bytes;
import org.junit.jupiter.api.Test;

class PacketCodecTest {

    /** hanfun {@code tests/test_protocol.cpp}, TEST_GROUP(Packet) expected (without the 3-byte guards). */
    private static final Bytes HANFUN_PACKET = Bytes.fromHex(
            "7AAA"    // source device address: mod 0 (device), 0x7AAA
            + "55"    // source unit
            + "F555"  // destination device address: mod 1 (group), 0x7555
            + "AA"    // destination unit
            + "0000"  // transport header
            + "CC"    // application reference
            + "01"    // message type COMMAND_REQ
            + "FAAA"  // interface: server role, UID 0x7AAA
            + "55"    // interface member
            + "0001"  // payload length
            + "AB");  // payload

    @Test
    void decodesTheHanfunPacketVector() throws HanfunException {
        Packet packet = PacketCodec.decode(HANFUN_PACKET.toByteArray());
        assertEquals(new Address(false, 0x7AAA, 0x55), packet.source());
        assertEquals(new Address(true, 0x7555, 0xAA), packet.destination());
        assertEquals(0, packet.transport());
        assertEquals(0xCC, packet.reference());
        assertEquals(MessageType.COMMAND_REQ, packet.type());
        assertEquals(InterfaceAddress.server(0x7AAA), packet.itf());
        assertEquals(0x55, packet.member());
        assertEquals(Bytes.fromHex("AB"), packet.payload());
        assertArrayEquals(HANFUN_PACKET.toByteArray(), PacketCodec.encode(packet));
    }

    @Test
    void decodesFromByteBuffer() throws HanfunException {
        ByteBuffer buffer = ByteBuffer.wrap(HANFUN_PACKET.toByteArray());
        Packet packet = PacketCodec.decode(buffer);
        assertEquals(0xCC, packet.reference());
        assertFalse(buffer.hasRemaining());
    }

    /** hanfun {@code tests/test_protocol.cpp} Message_Address: mod bit 15, device 0x7AAA, unit 0x55. */
    @Test
    void addressTypeBitAndBroadcast() throws HanfunException {
        Packet packet = PacketCodec.decode(Bytes.fromHex(
                "FAAA 55"      // source: group bit set, 0x7AAA, unit 0x55 (Message_Address expected_1)
                + "7FFF FF"    // destination: broadcast device, broadcast unit
                + "0000 00 03 8200 01 0000").toByteArray());
        assertTrue(packet.source().group());
        assertEquals(0x7AAA, packet.source().device());
        assertEquals(Address.BROADCAST, packet.destination());
        assertTrue(packet.destination().isBroadcast());
    }

    /** hanfun {@code tests/test_protocol.cpp} TEST(Message, Pack): payload length 0x01AA is legal (max 0x01FF). */
    @Test
    void acceptsTheLargestPayload() throws HanfunException {
        byte[] payload = new byte[PacketCodec.MAX_PAYLOAD];
        new Random(7).nextBytes(payload);
        Packet packet = new Packet(Address.BASE, Address.device(1, 1), 0, 0xAA, MessageType.COMMAND_RESP_REQ,
                InterfaceAddress.server(0x7AAA), 0x55, Bytes.of(payload));
        byte[] encoded = PacketCodec.encode(packet);
        assertEquals(PacketCodec.HEADER_SIZE + PacketCodec.MAX_PAYLOAD, encoded.length);
        assertEquals(packet, PacketCodec.decode(encoded));
    }

    @Test
    void rejectsTruncatedHeaderAtEveryLength() {
        byte[] full = HANFUN_PACKET.toByteArray();
        for (int length = 0; length < full.length; length++) {
            byte[] cut = java.util.Arrays.copyOf(full, length);
            HanfunException error = assertThrows(HanfunException.class, () -> PacketCodec.decode(cut));
            assertEquals(HanfunException.Reason.TRUNCATED, error.reason(), "length " + length);
        }
    }

    @Test
    void rejectsTrailingBytes() {
        byte[] longer = java.util.Arrays.copyOf(HANFUN_PACKET.toByteArray(), HANFUN_PACKET.length() + 1);
        assertEquals(HanfunException.Reason.OVERSIZED,
                assertThrows(HanfunException.class, () -> PacketCodec.decode(longer)).reason());
    }

    @Test
    void rejectsPayloadLengthAboveTheMaximum() {
        byte[] header = Bytes.fromHex("0001 01 0000 00 0000 00 01 8200 01 0200").toByteArray();
        byte[] packet = java.util.Arrays.copyOf(header, header.length + 0x200);
        assertEquals(HanfunException.Reason.OVERSIZED,
                assertThrows(HanfunException.class, () -> PacketCodec.decode(packet)).reason());
    }

    @Test
    void rejectsUnknownMessageType() {
        byte[] packet = Bytes.fromHex("0001 01 0000 00 0000 00 11 8200 01 0000").toByteArray();
        assertEquals(HanfunException.Reason.BAD_VALUE,
                assertThrows(HanfunException.class, () -> PacketCodec.decode(packet)).reason());
    }

    @Test
    void garbageNeverEscapesAsRuntimeException() {
        Random random = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            byte[] garbage = new byte[random.nextInt(40)];
            random.nextBytes(garbage);
            if (garbage.length >= 15 && random.nextBoolean()) {
                garbage[13] = 0;
                garbage[14] = (byte) (garbage.length - 15);
            }
            try {
                Packet packet = PacketCodec.decode(garbage);
                assertArrayEquals(garbage, PacketCodec.encode(packet));
                MessageCodec.decode(packet);
            } catch (HanfunException expected) {
                // rejected cleanly
            }
        }
    }

    @Test
    void rangeChecksInConstructors() {
        assertThrows(IllegalArgumentException.class, () -> new Address(false, 0x8000, 0));
        assertThrows(IllegalArgumentException.class, () -> new Address(false, 1, 256));
        assertThrows(IllegalArgumentException.class, () -> new InterfaceAddress(Role.SERVER, 0x8000));
        assertThrows(IllegalArgumentException.class, () -> new Packet(Address.BASE, Address.BASE, 0, 256,
                MessageType.COMMAND_REQ, InterfaceAddress.server(1), 0, Bytes.EMPTY));
        assertThrows(IllegalArgumentException.class, () -> new Packet(Address.BASE, Address.BASE, 0, 0,
                MessageType.COMMAND_REQ, InterfaceAddress.server(1), 0, Bytes.of(new byte[0x200])));
    }

    @Test
    void bytesHasValueEquality() {
        EqualsVerifier.forClass(Bytes.class).withNonnullFields("data").verify();
        assertEquals(Bytes.fromHex("01 02"), Bytes.of((byte) 1, (byte) 2));
    }
}
