package org.cpebridge.matter.message;

import java.util.Objects;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.CCMBlockCipher;
import org.bouncycastle.crypto.modes.CCMModeCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.cpebridge.bytes.Bytes;

/**
 * Message security (Core spec 4.8): AES-128-CCM with a 16-byte MIC over the protocol header and payload, the message
 * header as additional authenticated data, and the nonce security flags ‖ message counter (LE) ‖ source node id (LE).
 * Stateless; the caller owns keys and counters.
 */
public final class MessageSecurity {

    /** Length of the message integrity check. */
    public static final int MIC_LENGTH = 16;
    /** Length of the CCM nonce. */
    public static final int NONCE_LENGTH = 13;
    /** Length of an AES-128 key. */
    public static final int KEY_LENGTH = 16;

    private MessageSecurity() {
    }

    /**
     * Builds the security nonce (Core spec 4.8.1.1).
     *
     * @param securityFlags the security flags octet of the header
     * @param messageCounter the header's message counter
     * @param sourceNodeId the sender's node id: the header's source if present, else the session's (0 for PASE)
     */
    public static byte[] nonce(int securityFlags, long messageCounter, long sourceNodeId) {
        return new WireWriter().u8(securityFlags).u32(messageCounter).u64(sourceNodeId).toByteArray();
    }

    /**
     * Encrypts a message: header in clear, then encrypted protocol header and payload, then the MIC. Privacy
     * obfuscation, if the header asks for it, is a separate step ({@link MessagePrivacy#obfuscate}).
     *
     * @param nonceNodeId the sender's node id for the nonce (0 for PASE, the local operational node id for CASE)
     */
    public static byte[] encrypt(Message message, Bytes key, long nonceNodeId) {
        MessageHeader header = message.header();
        if (header.isUnsecured()) {
            throw new IllegalArgumentException("an unsecured message is not encrypted");
        }
        byte[] aad = MessageCodec.encodeHeader(header);
        byte[] plain = MessageCodec.encodeBody(message.protocolHeader(), message.payload());
        byte[] nonce = nonce(header.securityFlags(), header.messageCounter(), nonceNodeId);
        byte[] sealed = ccm(true, key, nonce, aad, plain);
        byte[] out = new byte[aad.length + sealed.length];
        System.arraycopy(aad, 0, out, 0, aad.length);
        System.arraycopy(sealed, 0, out, aad.length, sealed.length);
        return out;
    }

    /**
     * Verifies and decrypts a frame (de-obfuscated first if it had the privacy flag).
     *
     * @param nonceNodeId the sender's node id for the nonce: the header's source node id if present, else the peer's
     *     node id of the session (0 for PASE)
     * @throws MessageException if the body is shorter than the MIC, authentication fails, or the decrypted protocol
     *     header is truncated
     */
    public static Message decrypt(MessageFrame frame, Bytes key, long nonceNodeId) throws MessageException {
        MessageHeader header = frame.header();
        if (frame.body().length() < MIC_LENGTH) {
            throw new MessageException("secured message shorter than its MIC: " + frame.body().length() + " bytes");
        }
        byte[] nonce = nonce(header.securityFlags(), header.messageCounter(), nonceNodeId);
        byte[] plain;
        try {
            plain = ccmOpen(key, nonce, frame.headerBytes().toByteArray(), frame.body().toByteArray());
        } catch (InvalidCipherTextException e) {
            throw new MessageException("message authentication failed (session " + header.sessionId() + ", counter "
                    + header.messageCounter() + ")");
        }
        return MessageCodec.decodeBody(header, plain);
    }

    /**
     * Raw AES-128-CCM with a 16-byte tag: returns ciphertext ‖ tag. Nonces of 7 to 13 bytes are accepted, for
     * checking against generic CCM vectors; Matter always uses 13.
     */
    public static byte[] seal(Bytes key, byte[] nonce, byte[] aad, byte[] plain) {
        return ccm(true, key, nonce, aad, plain);
    }

    /**
     * Raw AES-128-CCM open of ciphertext ‖ 16-byte tag.
     *
     * @throws MessageException if the tag does not verify
     */
    public static byte[] open(Bytes key, byte[] nonce, byte[] aad, byte[] sealed) throws MessageException {
        try {
            return ccmOpen(key, nonce, aad, sealed);
        } catch (InvalidCipherTextException e) {
            throw new MessageException("CCM authentication failed");
        }
    }

    private static byte[] ccmOpen(Bytes key, byte[] nonce, byte[] aad, byte[] sealed)
            throws InvalidCipherTextException {
        CCMModeCipher cipher = cipher(false, key, nonce, aad);
        byte[] out = new byte[cipher.getOutputSize(sealed.length)];
        int length = cipher.processBytes(sealed, 0, sealed.length, out, 0);
        cipher.doFinal(out, length);
        return out;
    }

    private static byte[] ccm(boolean encrypt, Bytes key, byte[] nonce, byte[] aad, byte[] input) {
        CCMModeCipher cipher = cipher(encrypt, key, nonce, aad);
        byte[] out = new byte[cipher.getOutputSize(input.length)];
        int length = cipher.processBytes(input, 0, input.length, out, 0);
        try {
            cipher.doFinal(out, length);
        } catch (InvalidCipherTextException e) {
            throw new IllegalStateException("CCM encryption cannot fail authentication", e);
        }
        return out;
    }

    private static CCMModeCipher cipher(boolean encrypt, Bytes key, byte[] nonce, byte[] aad) {
        Objects.requireNonNull(key, "key");
        if (key.length() != KEY_LENGTH) {
            throw new IllegalArgumentException("AES-128 key must be 16 bytes, got " + key.length());
        }
        CCMModeCipher cipher = CCMBlockCipher.newInstance(AESEngine.newInstance());
        cipher.init(encrypt, new AEADParameters(new KeyParameter(key.toByteArray()), MIC_LENGTH * 8, nonce, aad));
        return cipher;
    }
}
