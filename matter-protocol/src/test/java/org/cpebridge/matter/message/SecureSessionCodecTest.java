package org.cpebridge.matter.message;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalLong;
import org.cpebridge.bytes.Bytes;
import org.junit.jupiter.api.Test;

class SecureSessionCodecTest {

    /** TestSessionManagerDispatch.cpp PASE test key; the initiator sent with it, so it is the I2R key. */
    private static final Bytes I2R = Bytes.fromHex("5eded244e5532b3cdc23409dbad052d2");
    private static final Bytes R2I = Bytes.fromHex("00112233445566778899aabbccddeeff");
    private static final long INITIATOR_NODE = 0x0102030405060708L;
    private static final long RESPONDER_NODE = 0x1112131415161718L;

    private static Message message(int sessionId, long counter, boolean privacy) {
        MessageHeader header = new MessageHeader(sessionId, SessionType.UNICAST, privacy, false, counter,
                OptionalLong.empty(), Destination.none(), Optional.empty());
        return new Message(header, ProtocolHeader.of(true, true, ProtocolId.INTERACTION_MODEL, 0x02, 7),
                Bytes.fromHex("1518"));
    }

    @Test
    void responderOpensTheSdkPaseVectorOnceThenSeesADuplicate() throws MessageException {
        // "secure pase message (short payload)": session 0x0BB8, counter 12345, payload 11 22 33 44 55.
        byte[] datagram = Bytes.fromHex("00b80b0039300000" + "5a989ae42e8d0f7f885dfb"
                + "2faa8949cf730a5728e0354610a0c4a7").toByteArray();
        SecureSessionCodec responder = SecureSessionCodec.responder(I2R, R2I, 0, 0);
        SecureSessionCodec.Opened first = responder.open(datagram);
        assertFalse(first.duplicate());
        assertEquals(Bytes.fromHex("1122334455"), first.message().payload());
        assertTrue(responder.open(datagram).duplicate());
    }

    @Test
    void bothDirectionsRoundTripWithNodeIdsInTheNonce() throws MessageException {
        SecureSessionCodec initiator = SecureSessionCodec.initiator(I2R, R2I, INITIATOR_NODE, RESPONDER_NODE);
        SecureSessionCodec responder = SecureSessionCodec.responder(I2R, R2I, RESPONDER_NODE, INITIATOR_NODE);
        Message request = message(0x2222, 100, false);
        assertEquals(request, responder.open(initiator.seal(request)).message());
        Message response = message(0x1111, 900, false);
        assertEquals(response, initiator.open(responder.seal(response)).message());
        // A peer that believes in another node id computes another nonce: authentication fails.
        SecureSessionCodec confused = SecureSessionCodec.responder(I2R, R2I, RESPONDER_NODE, 42);
        assertThrows(MessageException.class, () -> confused.open(initiator.seal(message(0x2222, 101, false))));
    }

    @Test
    void forgedCounterDoesNotMoveTheWindow() throws MessageException {
        SecureSessionCodec initiator = SecureSessionCodec.initiator(I2R, R2I, 0, 0);
        SecureSessionCodec responder = SecureSessionCodec.responder(I2R, R2I, 0, 0);
        responder.open(initiator.seal(message(1, 10, false)));
        byte[] forged = initiator.seal(message(1, 1000, false));
        forged[forged.length - 1] ^= 1;
        assertThrows(MessageException.class, () -> responder.open(forged));
        assertEquals(10, responder.reception().maxCounter());
        assertFalse(responder.open(initiator.seal(message(1, 11, false))).duplicate());
    }

    @Test
    void privacyMessagesAreObfuscatedAndRestored() throws MessageException {
        SecureSessionCodec initiator = SecureSessionCodec.initiator(I2R, R2I, 0, 0);
        SecureSessionCodec responder = SecureSessionCodec.responder(I2R, R2I, 0, 0);
        Message request = message(0x2222, 0x01020304L, true);
        byte[] sealed = initiator.seal(request);
        byte[] counterOnWire = Arrays.copyOfRange(sealed, 4, 8);
        assertFalse(Arrays.equals(Bytes.fromHex("04030201").toByteArray(), counterOnWire), "counter hidden");
        assertArrayEquals(Arrays.copyOf(MessageSecurity.encrypt(request, I2R, 0), 4), Arrays.copyOf(sealed, 4));
        assertEquals(request, responder.open(sealed).message());
    }

    @Test
    void refusesUnsecuredAndGroupMessagesAndBadKeys() {
        SecureSessionCodec responder = SecureSessionCodec.responder(I2R, R2I, 0, 0);
        assertThrows(MessageException.class, () -> responder.open(MessageCodec.encodeUnsecured(
                new Message(MessageHeader.unsecured(1), ProtocolHeader.of(true, true, 0, 0x20, 1), Bytes.EMPTY))));
        assertThrows(MessageException.class, () -> responder.open(
                Bytes.fromHex("067ddb017856341201000000000000000200" + "00".repeat(22)).toByteArray()));
        assertThrows(MessageException.class, () -> responder.open(new byte[3]));
        assertThrows(IllegalArgumentException.class, () -> SecureSessionCodec.responder(Bytes.fromHex("00"), R2I,
                0, 0));
        assertFalse(responder.toString().contains(I2R.hex()));
    }
}
