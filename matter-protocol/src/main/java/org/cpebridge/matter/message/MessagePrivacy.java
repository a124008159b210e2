package org.cpebridge.matter.message;

import java.nio.charset.StandardCharsets;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.modes.CTRModeCipher;
import org.bouncycastle.crypto.modes.SICBlockCipher;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;
import org.cpebridge.bytes.Bytes;

/**
 * Message privacy (Core spec 4.9): after encryption, the header fields after the security flags (message counter,
 * source node id, destination and message extensions) are XORed with AES-CTR under the privacy key, with the nonce
 * session id (big-endian) ‖ MIC[5..15]. The privacy key is HKDF-SHA256(encryption key, no salt, "PrivacyKey").
 */
public final class MessagePrivacy {

    private static final byte[] PRIVACY_KEY_INFO = "PrivacyKey".getBytes(StandardCharsets.US_ASCII);
    /** Offset of the first obfuscated octet: the message counter. */
    private static final int OBFUSCATED_START = 4;

    private MessagePrivacy() {
    }

    /** Derives the privacy key from an encryption key (Core spec 4.9.1). */
    public static Bytes privacyKey(Bytes encryptionKey) {
        HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
        hkdf.init(new HKDFParameters(encryptionKey.toByteArray(), new byte[0], PRIVACY_KEY_INFO));
        byte[] key = new byte[MessageSecurity.KEY_LENGTH];
        hkdf.generateBytes(key, 0, key.length);
        return Bytes.of(key);
    }

    /**
     * Obfuscates a secured message whose header is in clear and has the privacy flag.
     *
     * @throws MessageException if the message is malformed
     */
    public static byte[] obfuscate(byte[] securedMessage, Bytes privacyKey) throws MessageException {
        MessageFrame frame = MessageCodec.decodeFrame(securedMessage);
        if (!frame.header().privacy()) {
            throw new IllegalArgumentException("header has no privacy flag");
        }
        if (frame.body().length() < MessageSecurity.MIC_LENGTH) {
            throw new MessageException("secured message shorter than its MIC");
        }
        byte[] out = securedMessage.clone();
        byte[] keyStream = keyStream(out, frame.headerBytes().length() - OBFUSCATED_START, privacyKey);
        xor(out, OBFUSCATED_START, keyStream, 0, keyStream.length);
        return out;
    }

    /**
     * Restores the header of an obfuscated message (privacy flag set), leaving everything else unchanged; then
     * {@link MessageCodec#decodeFrame} and {@link MessageSecurity#decrypt} apply.
     *
     * @throws MessageException if the message is too short or not a privacy message
     */
    public static byte[] deobfuscate(byte[] obfuscated, Bytes privacyKey) throws MessageException {
        int securityFlags = MessageCodec.peekSecurityFlags(obfuscated);
        if ((securityFlags & 0x80) == 0) {
            throw new MessageException("message has no privacy flag");
        }
        int flags = obfuscated[0] & 0xFF;
        int fixed = 4 + ((flags & 0x04) != 0 ? 8 : 0) + switch (flags & 0x03) {
            case 1 -> 8;
            case 2 -> 2;
            default -> 0;
        };
        boolean extensions = (securityFlags & 0x20) != 0;
        int available = obfuscated.length - OBFUSCATED_START - MessageSecurity.MIC_LENGTH;
        if (available < fixed + (extensions ? 2 : 0)) {
            throw new MessageException("privacy message too short: " + obfuscated.length + " bytes");
        }
        byte[] out = obfuscated.clone();
        byte[] keyStream = keyStream(out, available, privacyKey);
        int length = fixed;
        if (extensions) {
            xor(out, OBFUSCATED_START, keyStream, 0, fixed + 2);
            int lengthAt = OBFUSCATED_START + fixed;
            int extensionLength = (out[lengthAt] & 0xFF) | (out[lengthAt + 1] & 0xFF) << 8;
            length = fixed + 2 + extensionLength;
            if (length > available) {
                throw new MessageException("privacy message extensions run past the MIC");
            }
            xor(out, OBFUSCATED_START + fixed + 2, keyStream, fixed + 2, extensionLength);
        } else {
            xor(out, OBFUSCATED_START, keyStream, 0, length);
        }
        return out;
    }

    /** AES-CTR key stream of {@code length} bytes for the message's privacy nonce. */
    private static byte[] keyStream(byte[] message, int length, Bytes privacyKey) {
        byte[] nonce = new byte[MessageSecurity.NONCE_LENGTH];
        // Session id big-endian, then MIC bytes 5..15 (the last 11 bytes of the message).
        nonce[0] = message[2];
        nonce[1] = message[1];
        System.arraycopy(message, message.length - 11, nonce, 2, 11);
        // CTR blocks as CCM builds them with L = 2: flags (L - 1), nonce, 2-byte block counter. As in CCM payload
        // encryption the counter starts at 1 (block 0 is CCM's tag mask); the SDK privacy vectors confirm it.
        byte[] iv = new byte[16];
        iv[0] = 0x01;
        System.arraycopy(nonce, 0, iv, 1, nonce.length);
        iv[15] = 0x01;
        CTRModeCipher ctr = SICBlockCipher.newInstance(AESEngine.newInstance());
        ctr.init(true, new ParametersWithIV(new KeyParameter(privacyKey.toByteArray()), iv));
        byte[] zeros = new byte[length];
        byte[] stream = new byte[length];
        ctr.processBytes(zeros, 0, length, stream, 0);
        return stream;
    }

    private static void xor(byte[] target, int offset, byte[] keyStream, int keyOffset, int length) {
        for (int i = 0; i < length; i++) {
            target[offset + i] ^= keyStream[keyOffset + i];
        }
    }
}
