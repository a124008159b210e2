package org.cpebridge.matter.message;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import org.cpebridge.bytes.Bytes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MessageCodecTest {

    private static byte[] hex(String hex) {
        return Bytes.fromHex(hex).toByteArray();
    }

    /** connectedhomeip {@code src/transport/raw/tests/TestMessageHeader.cpp}, theSpecComplianceTestVector[0]. */
    @Test
    void secureUnicastHeaderVector() throws MessageException {
        String encoded = "00" // message flags: version 0, no S, DSIZ 0
                + "8877" // session id 0x7788
                + "00" // security flags: no P/C/MX, unicast
                + "44332211"; // message counter 0x11223344
        MessageHeader header = MessageHeader.secureUnicast(0x7788, 0x11223344L);
        assertEquals(encoded, Bytes.of(MessageCodec.encodeHeader(header)).hex());
        MessageFrame frame = MessageCodec.decodeFrame(hex(encoded));
        assertEquals(header, frame.header());
        assertFalse(header.isUnsecured());
        assertEquals(8, frame.headerBytes().length());
        assertEquals(0, frame.body().length());
    }

    /** TestMessageHeader.cpp theSpecComplianceTestVector[1]: group message, P and C flags, no source node id. */
    @Test
    void secureGroupHeaderVector() throws MessageException {
        String encoded = "02" // message flags: DSIZ 2 (16-bit group id)
                + "eedd" // session id 0xDDEE
                + "c1" // security flags: P, C, session type group
                + "40302010" // message counter 0x10203040
                + "5634"; // destination group id 0x3456
        MessageHeader header = new MessageHeader(0xDDEE, SessionType.GROUP, true, true, 0x10203040L,
                OptionalLong.empty(), new Destination.Group(0x3456), Optional.empty());
        assertEquals(encoded, Bytes.of(MessageCodec.encodeHeader(header)).hex());
        assertEquals(header, MessageCodec.decodeFrame(hex(encoded)).header());
        assertEquals(0xC1, header.securityFlags());
    }

    /** TestMessageHeader.cpp theSpecComplianceTestVector[2]: unsecured message. */
    @Test
    void unsecuredHeaderVector() throws MessageException {
        String encoded = "00" + "0000" + "00" + "40302010";
        MessageHeader header = MessageHeader.unsecured(0x10203040L);
        assertEquals(encoded, Bytes.of(MessageCodec.encodeHeader(header)).hex());
        assertTrue(MessageCodec.decodeFrame(hex(encoded)).header().isUnsecured());
    }

    /** Header with source and destination node ids and message extensions, field by field. */
    @Test
    void headerWithNodeIdsAndExtensions() throws MessageException {
        String encoded = "05" // message flags: S, DSIZ 1 (64-bit node id)
                + "0100" // session id 1
                + "20" // security flags: MX
                + "ea000000" // message counter 234
                + "4d00000000000000" // source node id 77
                + "5800000000000000" // destination node id 88
                + "0300" + "aabbcc" // extensions: length 3, data
                + "0102"; // body
        MessageFrame frame = MessageCodec.decodeFrame(hex(encoded));
        MessageHeader header = frame.header();
        assertEquals(OptionalLong.of(77), header.sourceNodeId());
        assertEquals(new Destination.Node(88), header.destination());
        assertEquals(Optional.of(Bytes.fromHex("aabbcc")), header.extensions());
        assertEquals(Bytes.fromHex("0102"), frame.body());
        assertEquals(encoded.substring(0, encoded.length() - 4), frame.headerBytes().hex());
        assertArrayEquals(frame.headerBytes().toByteArray(), MessageCodec.encodeHeader(header));
    }

    /** TestMessageHeader.cpp TestPacketHeaderEncodeDecodeBounds: every prefix shorter than the header fails. */
    @ParameterizedTest
    @ValueSource(strings = {
        "0000000040302010", // minimal
        "04000000403020100100000000000000", // with source node id
        "050000004030201001000000000000000100000000000000", // with source and destination node ids
        "060000014030201001000000000000001900", // group: source node id and group id 25
    })
    void truncatedHeadersAreRejected(String fullHex) throws MessageException {
        byte[] full = hex(fullHex);
        assertEquals(full.length, MessageCodec.decodeFrame(full).headerBytes().length());
        for (int length = 0; length < full.length; length++) {
            byte[] prefix = Arrays.copyOf(full, length);
            assertThrows(MessageException.class, () -> MessageCodec.decodeFrame(prefix), "length " + length);
        }
    }

    @Test
    void badHeadersAreRejected() {
        // Version 1 in the upper nibble.
        assertThrows(MessageException.class, () -> MessageCodec.decodeFrame(hex("1000000040302010")));
        // DSIZ 3 is reserved.
        assertThrows(MessageException.class, () -> MessageCodec.decodeFrame(hex("0300000040302010")));
        // Session types 2 and 3 are reserved.
        assertThrows(MessageException.class, () -> MessageCodec.decodeFrame(hex("0000000240302010")));
        assertThrows(MessageException.class, () -> MessageCodec.decodeFrame(hex("0000000340302010")));
        // Group session type without a group destination, and a group destination in a unicast session.
        assertThrows(MessageException.class, () -> MessageCodec.decodeFrame(hex("0000000140302010")));
        assertThrows(MessageException.class, () -> MessageCodec.decodeFrame(hex("02000000403020100100")));
        // Extensions longer than what follows.
        assertThrows(MessageException.class, () -> MessageCodec.decodeFrame(hex("00000020403020100500aabb")));
    }

    /**
     * Protocol header of the connectedhomeip TestSessionManagerDispatch.cpp PASE vectors: "05 64 ee 0e 20 7d".
     */
    @Test
    void protocolHeaderVector() throws MessageException {
        String encoded = "05" // exchange flags: I, R
                + "64" // opcode 0x64
                + "ee0e" // exchange id 0x0EEE
                + "207d" // protocol id 0x7D20
                + "1122334455"; // application payload
        Message message = MessageCodec.decodeBody(MessageHeader.unsecured(1), hex(encoded));
        ProtocolHeader expected = ProtocolHeader.of(true, true, 0x7D20, 0x64, 0x0EEE);
        assertEquals(expected, message.protocolHeader());
        assertEquals(Bytes.fromHex("1122334455"), message.payload());
        assertEquals(encoded, Bytes.of(MessageCodec.encodeBody(expected, message.payload())).hex());
    }

    /** Every optional protocol header field: A, SX and V, field by field. */
    @Test
    void protocolHeaderWithAllOptionalFields() throws MessageException {
        String encoded = "1b" // exchange flags: I, A, SX, V (0x01 | 0x02 | 0x08 | 0x10)
                + "10" // opcode 0x10
                + "3412" // exchange id 0x1234
                + "f1ff" // protocol vendor id 0xFFF1
                + "0100" // protocol id 1
                + "78563412" // acknowledged message counter 0x12345678
                + "0200" + "abcd"; // secured extensions: length 2, data
        ProtocolHeader header = new ProtocolHeader(true, OptionalLong.of(0x12345678L), false, 0x10, 0x1234,
                OptionalInt.of(0xFFF1), 1, Optional.of(Bytes.fromHex("abcd")));
        assertEquals(encoded, Bytes.of(MessageCodec.encodeBody(header, Bytes.EMPTY)).hex());
        Message decoded = MessageCodec.decodeBody(MessageHeader.unsecured(1), hex(encoded));
        assertEquals(header, decoded.protocolHeader());
        assertEquals(Bytes.EMPTY, decoded.payload());
        assertEquals(0xFFF1, header.effectiveVendorId());
    }

    @Test
    void truncatedProtocolHeadersAreRejected() {
        byte[] full = hex("1b103412f1ff0100785634120200abcd");
        for (int length = 0; length < full.length; length++) {
            byte[] prefix = Arrays.copyOf(full, length);
            assertThrows(MessageException.class,
                    () -> MessageCodec.decodeBody(MessageHeader.unsecured(1), prefix), "length " + length);
        }
    }

    @Test
    void unsecuredMessageRoundTrip() throws MessageException {
        Message message = new Message(MessageHeader.unsecured(0x0102_0304L),
                ProtocolHeader.of(true, true, ProtocolId.SECURE_CHANNEL, 0x20, 0xABCD), Bytes.fromHex("1518"));
        byte[] encoded = MessageCodec.encodeUnsecured(message);
        assertEquals("00" + "0000" + "00" + "04030201" + "05" + "20" + "cdab" + "0000" + "1518",
                Bytes.of(encoded).hex());
        assertEquals(message, MessageCodec.decodeUnsecured(encoded));
        assertThrows(MessageException.class,
                () -> MessageCodec.decodeUnsecured(hex("0001000040302010" + "05200100" + "0000")));
    }

    @Test
    void peeksSessionIdAndSecurityFlags() throws MessageException {
        byte[] datagram = hex("00b80b80393000001234");
        assertEquals(0x0BB8, MessageCodec.peekSessionId(datagram));
        assertEquals(0x80, MessageCodec.peekSecurityFlags(datagram));
        assertThrows(MessageException.class, () -> MessageCodec.peekSessionId(new byte[7]));
    }

    @Test
    void recordsCheckRanges() {
        assertThrows(IllegalArgumentException.class, () -> MessageHeader.secureUnicast(0x10000, 1));
        assertThrows(IllegalArgumentException.class, () -> MessageHeader.unsecured(0x1_0000_0000L));
        assertThrows(IllegalArgumentException.class, () -> MessageHeader.unsecured(-1));
        assertThrows(IllegalArgumentException.class, () -> ProtocolHeader.of(true, true, 0, 256, 1));
        assertThrows(IllegalArgumentException.class, () -> ProtocolHeader.of(true, true, 0x10000, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> ProtocolHeader.of(true, true, 0, 1, 0x10000));
        assertThrows(IllegalArgumentException.class, () -> new Destination.Group(0x10000));
        assertThrows(IllegalArgumentException.class, () -> new MessageHeader(1, SessionType.GROUP, false, false, 1,
                OptionalLong.empty(), Destination.none(), Optional.empty()));
    }

    @Test
    void randomGarbageOnlyEverFailsWithMessageException() {
        SplittableRandom random = new SplittableRandom(4242);
        for (int round = 0; round < 20_000; round++) {
            byte[] garbage = new byte[random.nextInt(0, 48)];
            for (int i = 0; i < garbage.length; i++) {
                garbage[i] = (byte) random.nextInt(256);
            }
            if (garbage.length > 0 && random.nextBoolean()) {
                garbage[0] &= 0x0F; // version 0, so that the deeper paths run too
            }
            try {
                MessageFrame frame = MessageCodec.decodeFrame(garbage);
                MessageCodec.decodeBody(frame.header(), frame.body().toByteArray());
                // Reserved flag bits are not kept, so compare parsed headers, not octets.
                assertEquals(frame.header(),
                        MessageCodec.decodeFrame(MessageCodec.encodeHeader(frame.header())).header());
            } catch (MessageException expected) {
                // Rejected with the typed exception: fine.
            }
        }
    }
}
