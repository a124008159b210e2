package org.cpebridge.matter.message;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalLong;
import org.cpebridge.bytes.Bytes;
import org.junit.jupiter.api.Test;

/**
 * Message encryption and privacy against connectedhomeip {@code src/transport/tests/TestSessionManagerDispatch.cpp}
 * {@code theMessageTestVector} (PASE and group entries), and raw CCM against
 * {@code src/crypto/tests/AES_CCM_128_test_vectors.h}.
 */
class MessageSecurityTest {

    /** PASE test key of the dispatch vectors ("unicast message tests must use test key"). */
    private static final Bytes PASE_KEY = Bytes.fromHex("5eded244e5532b3cdc23409dbad052d2");
    /** Group operational encryption key of the dispatch vectors (from epoch key b0..bf). */
    private static final Bytes GROUP_KEY = Bytes.fromHex("ca92d7a0942d1a511a0e26ad074f4c2f");
    /** Group privacy key listed next to GROUP_KEY. */
    private static final Bytes GROUP_PRIVACY_KEY = Bytes.fromHex("bfe9da016a765365f2dd97a9f939e425");

    private static byte[] hex(String hex) {
        return Bytes.fromHex(hex).toByteArray();
    }

    /** "05 64 ee 0e 20 7d": I and R flags, opcode 0x64, exchange 0x0EEE, protocol 0x7D20. */
    private static ProtocolHeader paseProtocolHeader() {
        return ProtocolHeader.of(true, true, 0x7D20, 0x64, 0x0EEE);
    }

    @Test
    void nonceIsFlagsCounterAndNodeIdLittleEndian() {
        // Dispatch vector "secure pase message": nonce 00 | 39 30 00 00 | 00 x 8.
        assertEquals("00393000000000000000000000", Bytes.of(MessageSecurity.nonce(0x00, 12345, 0)).hex());
        // Dispatch vector "secure group message": nonce 01 | 78 56 34 12 | 01 00 00 00 00 00 00 00.
        assertEquals("01785634120100000000000000", Bytes.of(MessageSecurity.nonce(0x01, 0x12345678L, 1)).hex());
    }

    /** "secure pase message (no payload)". */
    @Test
    void paseMessageWithoutPayload() throws MessageException {
        String encrypted = "00b80b0039300000" // header: session 0x0BB8, unicast, counter 12345
                + "5a989ae42e8d" // encrypted protocol header
                + "847f535c3007e6150cd65867f2b817db"; // MIC
        Message message = new Message(MessageHeader.secureUnicast(0x0BB8, 12345), paseProtocolHeader(), Bytes.EMPTY);
        assertEquals(encrypted, Bytes.of(MessageSecurity.encrypt(message, PASE_KEY, 0)).hex());
        MessageFrame frame = MessageCodec.decodeFrame(hex(encrypted));
        assertEquals(message, MessageSecurity.decrypt(frame, PASE_KEY, 0));
    }

    /** "secure pase message (short payload)". */
    @Test
    void paseMessageWithPayload() throws MessageException {
        String encrypted = "00b80b0039300000" // header
                + "5a989ae42e8d0f7f885dfb" // encrypted protocol header and payload 11 22 33 44 55
                + "2faa8949cf730a5728e0354610a0c4a7"; // MIC
        Message message = new Message(MessageHeader.secureUnicast(0x0BB8, 12345), paseProtocolHeader(),
                Bytes.fromHex("1122334455"));
        assertEquals(encrypted, Bytes.of(MessageSecurity.encrypt(message, PASE_KEY, 0)).hex());
        assertEquals(message, MessageSecurity.decrypt(MessageCodec.decodeFrame(hex(encrypted)), PASE_KEY, 0));
    }

    /** "... / wrong MIC" entries: last MIC byte changed; plus a flipped ciphertext bit and a flipped header bit. */
    @Test
    void tamperedMessagesFailAuthentication() throws MessageException {
        assertThrows(MessageException.class, () -> MessageSecurity.decrypt(MessageCodec.decodeFrame(
                hex("00b80b00393000005a989ae42e8d847f535c3007e6150cd65867f2b817dd")), PASE_KEY, 0));
        assertThrows(MessageException.class, () -> MessageSecurity.decrypt(MessageCodec.decodeFrame(
                hex("00b80b00393000005a989ae42e8d0f7f885dfb2faa8949cf730a5728e0354610a0c4aa")), PASE_KEY, 0));
        byte[] good = hex("00b80b00393000005a989ae42e8d0f7f885dfb2faa8949cf730a5728e0354610a0c4a7");
        for (int i = 0; i < good.length; i++) {
            byte[] bad = good.clone();
            bad[i] ^= 0x01;
            MessageFrame frame;
            try {
                frame = MessageCodec.decodeFrame(bad);
            } catch (MessageException e) {
                continue; // a flipped header bit may already make the header invalid
            }
            assertThrows(MessageException.class, () -> MessageSecurity.decrypt(frame, PASE_KEY, 0), "bit in " + i);
        }
        // Wrong nonce node id, wrong key.
        MessageFrame frame = MessageCodec.decodeFrame(good);
        assertThrows(MessageException.class, () -> MessageSecurity.decrypt(frame, PASE_KEY, 1));
        assertThrows(MessageException.class, () -> MessageSecurity.decrypt(frame, GROUP_KEY, 0));
        // Body shorter than a MIC.
        assertThrows(MessageException.class, () -> MessageSecurity.decrypt(
                MessageCodec.decodeFrame(Arrays.copyOf(good, 8 + 15)), PASE_KEY, 0));
    }

    /** "secure group message (no privacy)". */
    @Test
    void groupMessage() throws MessageException {
        String header = "06" // message flags: S, DSIZ 2
                + "7ddb" // session id 0xDB7D
                + "01" // security flags: group
                + "78563412" // counter 0x12345678
                + "0100000000000000" // source node id 1
                + "0200"; // group id 2
        String encrypted = header + "65c767bc6cda" + "0106c9801323900e9b3ce6d4bb0327d6";
        Message message = new Message(groupHeader(false, 0x12345678L), ProtocolHeader.of(true, false, 0x7D20, 0x64,
                0x0EEE), Bytes.EMPTY);
        assertEquals(encrypted, Bytes.of(MessageSecurity.encrypt(message, GROUP_KEY, 1)).hex());
        assertEquals(message, MessageSecurity.decrypt(MessageCodec.decodeFrame(hex(encrypted)), GROUP_KEY, 1));
    }

    /** The group vector's privacy key is HKDF(encryption key, "PrivacyKey"), Core spec 4.9.1. */
    @Test
    void privacyKeyDerivation() {
        assertEquals(GROUP_PRIVACY_KEY, MessagePrivacy.privacyKey(GROUP_KEY));
    }

    /** "private group message": counter, source node id and group id obfuscated. */
    @Test
    void privateGroupMessage() throws MessageException {
        String clear = "067ddb81" + "79563412" + "0100000000000000" + "0200" // header, P flag, counter 0x12345679
                + "2b2f915a66c9" + "596290ebe4408217b3c0c921a2fca4e1"; // encrypted body, MIC
        String obfuscated = "067ddb81" + "d926afce24c8a0981bdd44f4e730" // obfuscated counter..group id
                + "2b2f915a66c9" + "596290ebe4408217b3c0c921a2fca4e1";
        Message message = new Message(groupHeader(true, 0x12345679L), ProtocolHeader.of(true, false, 0x7D20, 0x64,
                0x0EEE), Bytes.EMPTY);
        byte[] encrypted = MessageSecurity.encrypt(message, GROUP_KEY, 1);
        assertEquals(clear, Bytes.of(encrypted).hex());
        assertEquals(obfuscated, Bytes.of(MessagePrivacy.obfuscate(encrypted, GROUP_PRIVACY_KEY)).hex());
        byte[] restored = MessagePrivacy.deobfuscate(hex(obfuscated), GROUP_PRIVACY_KEY);
        assertEquals(clear, Bytes.of(restored).hex());
        assertEquals(message, MessageSecurity.decrypt(MessageCodec.decodeFrame(restored), GROUP_KEY, 1));
    }

    /**
     * "secure pase message (short payload / drop when privacy enabled)": counter 39 30 00 00 becomes 87 be ef 06. The
     * SDK drops this message (PASE never uses privacy) and the vector was obfuscated with the test session key itself
     * rather than a derived privacy key, so that key is used here; the key stream layout is what this checks.
     */
    @Test
    void privatePaseMessage() throws MessageException {
        String clear = "00b80b80" + "39300000" + "aa26a0f901efce9f9a67c8" + "137917d15b81d15d313308319758ea3f";
        String obfuscated = "00b80b80" + "87beef06" + "aa26a0f901efce9f9a67c8" + "137917d15b81d15d313308319758ea3f";
        MessageHeader header = new MessageHeader(0x0BB8, SessionType.UNICAST, true, false, 12345,
                OptionalLong.empty(), Destination.none(), Optional.empty());
        Message message = new Message(header, paseProtocolHeader(), Bytes.fromHex("1122334455"));
        assertEquals(clear, Bytes.of(MessageSecurity.encrypt(message, PASE_KEY, 0)).hex());
        assertEquals(obfuscated, Bytes.of(MessagePrivacy.obfuscate(hex(clear), PASE_KEY)).hex());
        assertEquals(clear, Bytes.of(MessagePrivacy.deobfuscate(hex(obfuscated), PASE_KEY)).hex());
    }

    @Test
    void privacyRoundTripWithExtensionsAndNodeIds() throws MessageException {
        MessageHeader header = new MessageHeader(0x1234, SessionType.UNICAST, true, false, 99, OptionalLong.of(7),
                new Destination.Node(8), Optional.of(Bytes.fromHex("0a0b0c")));
        Message message = new Message(header, paseProtocolHeader(), Bytes.fromHex("c0ffee"));
        byte[] encrypted = MessageSecurity.encrypt(message, PASE_KEY, 7);
        Bytes privacyKey = MessagePrivacy.privacyKey(PASE_KEY);
        byte[] obfuscated = MessagePrivacy.obfuscate(encrypted, privacyKey);
        // Flags, session id and security flags stay in clear; everything after the header is untouched.
        assertArrayEquals(Arrays.copyOf(encrypted, 4), Arrays.copyOf(obfuscated, 4));
        int headerLength = 8 + 8 + 8 + 2 + 3;
        assertArrayEquals(Arrays.copyOfRange(encrypted, headerLength, encrypted.length),
                Arrays.copyOfRange(obfuscated, headerLength, obfuscated.length));
        assertArrayEquals(encrypted, MessagePrivacy.deobfuscate(obfuscated, privacyKey));
    }

    @Test
    void privacyRejectsShortOrNonPrivateMessages() {
        assertThrows(MessageException.class, () -> MessagePrivacy.deobfuscate(hex("00b80b0039300000"),
                PASE_KEY));
        assertThrows(MessageException.class, () -> MessagePrivacy.deobfuscate(hex("00b80b8039300000aabb"),
                PASE_KEY));
        assertThrows(MessageException.class, () -> MessagePrivacy.deobfuscate(hex("0400"), PASE_KEY));
    }

    /** AES_CCM_128_test_vectors.h tcId 3: 8-byte nonce, no AAD, 16-byte tag. */
    @Test
    void ccmVectorWithEightByteNonce() throws MessageException {
        Bytes key = Bytes.fromHex("04e1af8f15e2164edb2dfdfea2c48bcf");
        byte[] nonce = hex("75c7c123b39b8a7e");
        byte[] sealed = MessageSecurity.seal(key, nonce, new byte[0], hex("ee"));
        assertEquals("74" + "355e2743b6793694ca78d6d9c8dc146c", Bytes.of(sealed).hex());
        assertArrayEquals(hex("ee"), MessageSecurity.open(key, nonce, new byte[0], sealed));
    }

    /** AES_CCM_128_test_vectors.h tcId 6: 12-byte nonce, no AAD, 16-byte tag. */
    @Test
    void ccmVectorWithTwelveByteNonce() throws MessageException {
        Bytes key = Bytes.fromHex("04e1af8f15e2164edb2dfdfea2c48bcf");
        byte[] nonce = hex("5659397e06028b149d0b2b2b");
        byte[] sealed = MessageSecurity.seal(key, nonce, new byte[0], hex("cd"));
        assertEquals("f5" + "9f5cd74a8360c776e7167de2dbefac98", Bytes.of(sealed).hex());
        sealed[0] ^= 1;
        assertThrows(MessageException.class, () -> MessageSecurity.open(key, nonce, new byte[0], sealed));
    }

    @Test
    void keysMustBeSixteenBytes() {
        Message message = new Message(MessageHeader.secureUnicast(1, 1), paseProtocolHeader(), Bytes.EMPTY);
        assertThrows(IllegalArgumentException.class,
                () -> MessageSecurity.encrypt(message, Bytes.fromHex("00"), 0));
        Message unsecured = new Message(MessageHeader.unsecured(1), paseProtocolHeader(), Bytes.EMPTY);
        assertThrows(IllegalArgumentException.class, () -> MessageSecurity.encrypt(unsecured, PASE_KEY, 0));
    }

    private static MessageHeader groupHeader(boolean privacy, long counter) {
        return new MessageHeader(0xDB7D, SessionType.GROUP, privacy, false, counter, OptionalLong.of(1),
                new Destination.Group(2), Optional.empty());
    }
}
