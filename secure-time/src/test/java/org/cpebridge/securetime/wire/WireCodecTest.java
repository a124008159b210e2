package org.cpebridge.securetime.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import nl.jqno.equalsverifier.EqualsVerifier;
import org.cpebridge.bytes.Bytes;
import org.junit.jupiter.api.Test;

/**
 * Byte-exact vectors laid out by hand from draft-ietf-ntp-roughtime-19 sections 5.2 (message: count, offsets, tags
 * ascending, values), 5.3 (packet: ROUGHTIM, u32 length), 6.1 (request) and 6.2 (response); all integers
 * little-endian. Each line of a vector is one field.
 */
class WireCodecTest {

    private static final String NONCE_HEX = "0101010101010101010101010101010101010101010101010101010101010101";

    private static byte[] hex(String... parts) {
        return HexFormat.of().parseHex(String.join("", parts).replace(" ", ""));
    }

    /** A request offering versions 1 and 0x8000000c with a nonce of 32 0x01 bytes, padded to 1024 bytes. */
    static byte[] requestVector() {
        byte[] head = hex(
                "524f55474854494d", // "ROUGHTIM"
                "f4030000",         // message length 1012
                "04000000",         // 4 tags
                "08000000",         // offset of NONC (VER is 8 bytes)
                "28000000",         // offset of TYPE (NONC is 32 bytes)
                "2c000000",         // offset of ZZZZ (TYPE is 4 bytes)
                "56455200",         // VER\0 = 0x00524556
                "4e4f4e43",         // NONC  = 0x434e4f4e
                "54595045",         // TYPE  = 0x45505954
                "5a5a5a5a",         // ZZZZ  = 0x5a5a5a5a
                "01000000 0c000080", // VER: 1, 0x8000000c, ascending
                NONCE_HEX,          // NONC
                "00000000");        // TYPE 0 = request
        byte[] packet = new byte[1024]; // the rest, 936 bytes, is ZZZZ's zero padding
        System.arraycopy(head, 0, packet, 0, head.length);
        return packet;
    }

    @Test
    void requestMatchesTheDraftLayoutByteForByte() throws Exception {
        Request built = Request.create(Versions.OFFERED, Bytes.fromHex(NONCE_HEX), Optional.empty());
        assertArrayEquals(requestVector(), built.packet().toByteArray());

        Request parsed = Request.parse(ByteBuffer.wrap(requestVector()));
        assertEquals(List.of(1L, 0x8000000cL), parsed.versions());
        assertEquals(Bytes.fromHex(NONCE_HEX), parsed.nonce());
        assertEquals(Optional.empty(), parsed.serverId());
        assertEquals(built, parsed);
    }

    @Test
    void requestWithSrvPutsItBetweenVerAndNoncAndKeepsTheSize() throws Exception {
        Bytes srv = Bytes.fromHex("aa".repeat(32));
        Request built = Request.create(Versions.OFFERED, Bytes.fromHex(NONCE_HEX), Optional.of(srv));
        assertEquals(1024, built.packet().length());
        byte[] packet = built.packet().toByteArray();
        // tags start after header(12) + count(4) + 4 offsets(16): VER\0, SRV\0, NONC, TYPE, ZZZZ
        assertArrayEquals(hex("56455200 53525600 4e4f4e43 54595045 5a5a5a5a"),
                java.util.Arrays.copyOfRange(packet, 32, 52));
        assertEquals(Optional.of(srv), Request.parse(ByteBuffer.wrap(packet)).serverId());
    }

    /** A single-request response: empty PATH, so PATH's offset equals SREP's. */
    static byte[] responseVector() {
        return hex(
                "524f55474854494d", // "ROUGHTIM"
                "98010000",         // message length 408
                "07000000",         // 7 tags
                "40000000",         // offset of NONC (SIG is 64 bytes)
                "60000000",         // offset of TYPE
                "64000000",         // offset of PATH
                "64000000",         // offset of SREP (PATH is empty)
                "c4000000",         // offset of CERT (SREP is 96 bytes)
                "5c010000",         // offset of INDX (CERT is 152 bytes)
                "53494700 4e4f4e43 54595045 50415448 53524550 43455254 494e4458", // SIG NONC TYPE PATH SREP CERT INDX
                "11".repeat(64),    // SIG
                NONCE_HEX,          // NONC
                "01000000",         // TYPE 1 = response
                // SREP: 5 tags VER RADI MIDP VERS ROOT
                "05000000 04000000 08000000 10000000 18000000",
                "56455200 52414449 4d494450 56455253 524f4f54",
                "01000000",         // VER 1
                "03000000",         // RADI 3 s
                "80ef776900000000", // MIDP 1769467776 s
                "01000000 0c000080", // VERS 1, 0x8000000c
                "22".repeat(32),    // ROOT
                // CERT: 2 tags SIG DELE
                "02000000 40000000 53494700 44454c45",
                "33".repeat(64),    // CERT.SIG
                // DELE: 3 tags PUBK MINT MAXT
                "03000000 20000000 28000000 5055424b 4d494e54 4d415854",
                "44".repeat(32),    // PUBK
                "0000000000000000", // MINT 0
                "ffffffffffffff7f", // MAXT 2^63-1
                "00000000");        // INDX 0
    }

    @Test
    void responseMatchesTheDraftLayoutByteForByte() throws Exception {
        byte[] vector = responseVector();
        Response parsed = Response.parse(ByteBuffer.wrap(vector));
        assertEquals(Bytes.fromHex("11".repeat(64)), parsed.signature());
        assertEquals(Bytes.fromHex(NONCE_HEX), parsed.nonce());
        assertEquals(List.of(), parsed.path());
        assertEquals(0, parsed.index());
        assertEquals(1, parsed.signed().version());
        assertEquals(3, parsed.signed().radiusSeconds());
        assertEquals(1769467776L, parsed.signed().midpointSeconds());
        assertEquals(List.of(1L, 0x8000000cL), parsed.signed().supportedVersions());
        assertEquals(Bytes.fromHex("22".repeat(32)), parsed.signed().root());
        assertEquals(Bytes.fromHex("33".repeat(64)), parsed.certificate().signature());
        assertEquals(Bytes.fromHex("44".repeat(32)), parsed.certificate().delegation().publicKey());
        assertEquals(0, parsed.certificate().delegation().minTime());
        assertEquals(Long.MAX_VALUE, parsed.certificate().delegation().maxTime());

        Response built = Response.create(parsed.signature(), parsed.nonce(), List.of(),
                SignedResponse.create(1, 3, 1769467776L, Versions.OFFERED, Bytes.fromHex("22".repeat(32))),
                new Certificate(Bytes.fromHex("33".repeat(64)),
                        Delegation.create(Bytes.fromHex("44".repeat(32)), 0, Long.MAX_VALUE)), 0);
        assertArrayEquals(vector, built.packet().toByteArray());
        assertEquals(parsed, built);
    }

    @Test
    void responseWithAPathRoundTrips() throws Exception {
        List<Bytes> path = List.of(Bytes.fromHex("55".repeat(32)), Bytes.fromHex("66".repeat(32)));
        Response built = Response.create(Bytes.fromHex("11".repeat(64)), Bytes.fromHex(NONCE_HEX), path,
                SignedResponse.create(0x8000000cL, 0xFFFFFFFFL, 5, List.of(0x8000000cL), Bytes.fromHex("22".repeat(32))),
                new Certificate(Bytes.fromHex("33".repeat(64)), Delegation.create(Bytes.fromHex("44".repeat(32)), 1, 2)),
                2);
        Response parsed = Response.parse(built.packet().asByteBuffer());
        assertEquals(built, parsed);
        assertEquals(path, parsed.path());
        assertEquals(SignedResponse.UNSYNCHRONISED_RADIUS, parsed.signed().radiusSeconds());
    }

    @Test
    void tagsAreTheDraftsU32Values() {
        assertEquals(0x00474953, Tag.SIG.value());
        assertEquals(0x00524556, Tag.VER.value());
        assertEquals(0x00565253, Tag.SRV.value());
        assertEquals(0x434e4f4e, Tag.NONC.value());
        assertEquals(0x454c4544, Tag.DELE.value());
        assertEquals(0x45505954, Tag.TYPE.value());
        assertEquals(0x48544150, Tag.PATH.value());
        assertEquals(0x49444152, Tag.RADI.value());
        assertEquals(0x4b425550, Tag.PUBK.value());
        assertEquals(0x5044494d, Tag.MIDP.value());
        assertEquals(0x50455253, Tag.SREP.value());
        assertEquals(0x53524556, Tag.VERS.value());
        assertEquals(0x544f4f52, Tag.ROOT.value());
        assertEquals(0x54524543, Tag.CERT.value());
        assertEquals(0x544e494d, Tag.MINT.value());
        assertEquals(0x5458414d, Tag.MAXT.value());
        assertEquals(0x58444e49, Tag.INDX.value());
        assertEquals(0x5a5a5a5a, Tag.ZZZZ.value());
        assertEquals("SIG", Tag.SIG.toString());
        assertTrue(Tag.ZZZZ.compareTo(Tag.SIG) > 0, "compared unsigned");
    }

    @Test
    void emptyMessageIsFourBytes() throws Exception {
        RtMessage empty = RtMessage.builder().build();
        assertArrayEquals(hex("00000000"), empty.encode());
        assertEquals(empty, RtMessage.decode(ByteBuffer.wrap(hex("00000000"))));
    }

    @Test
    void bytesCompareByContent() {
        EqualsVerifier.forClass(Bytes.class).verify();
    }

    // ---- malformed input: every case is a MalformedMessageException naming the fault ----

    private static String malformedMessage(byte[] message) {
        return assertThrows(MalformedMessageException.class, () -> RtMessage.decode(ByteBuffer.wrap(message)))
                .getMessage();
    }

    @Test
    void offsetNotAMultipleOfFourIsRejected() {
        assertTrue(malformedMessage(hex("02000000 02000000 4e4f4e43 54595045 00000000 00000000"))
                .contains("multiple of 4"));
    }

    @Test
    void decreasingOffsetsAreRejected() {
        assertTrue(malformedMessage(hex("03000000 08000000 04000000 56455200 4e4f4e43 54595045",
                "00000000 00000000 00000000")).contains("before offset"));
    }

    @Test
    void offsetBeyondTheValuesIsRejected() {
        assertTrue(malformedMessage(hex("02000000 10000000 4e4f4e43 54595045 00000000")).contains("beyond"));
    }

    @Test
    void unsortedTagsAreRejected() {
        assertTrue(malformedMessage(hex("02000000 04000000 54595045 4e4f4e43 00000000 00000000"))
                .contains("strictly ascending"));
    }

    @Test
    void repeatedTagsAreRejected() {
        assertTrue(malformedMessage(hex("02000000 04000000 4e4f4e43 4e4f4e43 00000000 00000000"))
                .contains("strictly ascending"));
    }

    @Test
    void tagCountLargerThanTheMessageIsRejected() {
        assertTrue(malformedMessage(hex("ffffffff 00000000")).contains("do not fit"));
        assertTrue(malformedMessage(hex("00")).contains("shorter"));
        assertTrue(malformedMessage(hex("01000000 00")).contains("multiple of 4"));
    }

    @Test
    void truncatedPacketIsRejected() {
        byte[] full = requestVector();
        byte[] truncated = java.util.Arrays.copyOf(full, 1020);
        assertThrows(MalformedMessageException.class, () -> Request.parse(ByteBuffer.wrap(truncated)));
        byte[] response = responseVector();
        byte[] cut = java.util.Arrays.copyOf(response, response.length - 4);
        assertTrue(assertThrows(MalformedMessageException.class, () -> Response.parse(ByteBuffer.wrap(cut)))
                .getMessage().contains("declares"));
    }

    @Test
    void wrongMagicIsRejected() {
        byte[] packet = requestVector();
        packet[0] = 'X';
        assertTrue(assertThrows(MalformedMessageException.class, () -> Request.parse(ByteBuffer.wrap(packet)))
                .getMessage().contains("ROUGHTIM"));
    }

    @Test
    void sixtyFourKilobyteDatagramIsRejectedBeforeParsing() {
        byte[] huge = new byte[65507];
        System.arraycopy(requestVector(), 0, huge, 0, 1024);
        assertTrue(assertThrows(MalformedMessageException.class, () -> Request.parse(ByteBuffer.wrap(huge)))
                .getMessage().contains("exceeds"));
        assertThrows(MalformedMessageException.class, () -> Response.parse(ByteBuffer.wrap(huge)));
    }

    @Test
    void shortRequestIsRejected() {
        Request small = Request.create(Versions.OFFERED, Bytes.fromHex(NONCE_HEX), Optional.empty());
        RtMessage unpadded = RtMessage.builder().putU32List(Tag.VER, Versions.OFFERED).put(Tag.NONC, small.nonce())
                .putU32(Tag.TYPE, 0).build();
        assertTrue(assertThrows(MalformedMessageException.class,
                () -> Request.parse(ByteBuffer.wrap(Packet.frame(unpadded)))).getMessage().contains("shorter"));
    }

    @Test
    void wrongFieldLengthsAreRejected() {
        byte[] shortNonce = Packet.frame(RtMessage.builder().putU32List(Tag.VER, Versions.OFFERED)
                .put(Tag.NONC, new byte[28]).putU32(Tag.TYPE, 0).put(Tag.ZZZZ, new byte[940]).build());
        assertTrue(assertThrows(MalformedMessageException.class, () -> Request.parse(ByteBuffer.wrap(shortNonce)))
                .getMessage().contains("NONC is 28 bytes"));

        byte[] response = responseVector();
        response[12 + 8] = 0x44; // NONC offset 64 -> 68: SIG becomes 68 bytes, NONC 28
        assertThrows(MalformedMessageException.class, () -> Response.parse(ByteBuffer.wrap(response)));
    }

    @Test
    void wrongTypeIsRejected() {
        byte[] request = requestVector();
        request[12 + 32 + 8 + 32] = 1; // TYPE 1 in a request
        assertTrue(assertThrows(MalformedMessageException.class, () -> Request.parse(ByteBuffer.wrap(request)))
                .getMessage().contains("TYPE"));
    }

    @Test
    void unsortedVersionListIsRejected() {
        byte[] request = requestVector();
        request[44] = 0x0d; // VER 0x0000000d, 0x8000000c stays: still ascending -> accepted
        request[44] = (byte) 0xff;
        request[47] = (byte) 0xff; // VER 0xff0000ff, 0x8000000c: descending
        assertTrue(assertThrows(MalformedMessageException.class, () -> Request.parse(ByteBuffer.wrap(request)))
                .getMessage().contains("VER"));
    }

    @Test
    void randomCorruptionNeverEscapesAsAnotherException() {
        java.util.Random random = new java.util.Random(22);
        List<byte[]> seeds = List.of(requestVector(), responseVector());
        int parsed = 0;
        for (int round = 0; round < 20_000; round++) {
            byte[] packet = seeds.get(round % 2).clone();
            int flips = 1 + random.nextInt(4);
            for (int i = 0; i < flips; i++) {
                packet[random.nextInt(packet.length)] = (byte) random.nextInt(256);
            }
            if (random.nextInt(10) == 0) {
                packet = java.util.Arrays.copyOf(packet, random.nextInt(packet.length + 1));
            }
            try {
                if (round % 2 == 0) {
                    Request.parse(ByteBuffer.wrap(packet));
                } else {
                    Response.parse(ByteBuffer.wrap(packet));
                }
                parsed++;
            } catch (MalformedMessageException expected) {
                // the only failure allowed
            }
        }
        assertTrue(parsed > 0, "some corruptions land in padding or values and still parse");
    }
}
