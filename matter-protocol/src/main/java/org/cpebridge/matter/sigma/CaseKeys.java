package org.cpebridge.matter.sigma;

import java.nio.charset.StandardCharsets;

import org.cpebridge.matter.crypto.Hashes;
import org.cpebridge.matter.crypto.Hkdf;
import org.cpebridge.matter.message.MessageException;
import org.cpebridge.matter.message.MessageSecurity;
import org.cpebridge.bytes.Bytes;

/**
 * The CASE key schedule (Matter core spec 4.14.2.6 "Sigma2", 4.14.2.7 "Sigma3", 4.14.2.2.1 resumption, 4.14.2.5
 * session keys): every key is HKDF-SHA256 over the ECDH shared secret with a salt and info string, and the
 * encrypted parts are AES-128-CCM with fixed 13-byte ASCII nonces and no additional data.
 */
final class CaseKeys {

    static final byte[] SIGMA2_INFO = ascii("Sigma2");
    static final byte[] SIGMA3_INFO = ascii("Sigma3");
    static final byte[] SIGMA1_RESUME_INFO = ascii("Sigma1_Resume");
    static final byte[] SIGMA2_RESUME_INFO = ascii("Sigma2_Resume");
    static final byte[] SESSION_KEYS_INFO = ascii("SessionKeys");
    static final byte[] SESSION_RESUMPTION_KEYS_INFO = ascii("SessionResumptionKeys");
    static final byte[] TBE2_NONCE = ascii("NCASE_Sigma2N");
    static final byte[] TBE3_NONCE = ascii("NCASE_Sigma3N");
    static final byte[] RESUME1_MIC_NONCE = ascii("NCASE_SigmaS1");
    static final byte[] RESUME2_MIC_NONCE = ascii("NCASE_SigmaS2");

    static final int KEY_LENGTH = 16;
    private static final byte[] NO_AAD = new byte[0];

    private CaseKeys() {
    }

    /** S2K: salt = IPK || responderRandom || responderEphPubKey || SHA256(Sigma1). */
    static Bytes sigma2Key(byte[] sharedSecret, Bytes ipk, Bytes responderRandom, Bytes responderEphPubKey,
            byte[] sigma1) {
        return key(sharedSecret, SIGMA2_INFO, ipk.toByteArray(), responderRandom.toByteArray(),
                responderEphPubKey.toByteArray(), Hashes.sha256(sigma1));
    }

    /** S3K: salt = IPK || SHA256(Sigma1 || Sigma2). */
    static Bytes sigma3Key(byte[] sharedSecret, Bytes ipk, byte[] sigma1, byte[] sigma2) {
        return key(sharedSecret, SIGMA3_INFO, ipk.toByteArray(), Hashes.sha256(sigma1, sigma2));
    }

    /** I2R || R2I || AttestationChallenge: salt = IPK || SHA256(Sigma1 || Sigma2 || Sigma3), "SessionKeys". */
    static byte[] sessionKeys(byte[] sharedSecret, Bytes ipk, byte[] sigma1, byte[] sigma2, byte[] sigma3) {
        return Hkdf.sha256(sharedSecret, concat(ipk.toByteArray(), Hashes.sha256(sigma1, sigma2, sigma3)),
                SESSION_KEYS_INFO, 3 * KEY_LENGTH);
    }

    /** Resumed session keys: salt = initiatorRandom || resumptionID of Sigma1, "SessionResumptionKeys". */
    static byte[] resumptionSessionKeys(byte[] sharedSecret, Bytes initiatorRandom, Bytes resumptionId) {
        return Hkdf.sha256(sharedSecret, concat(initiatorRandom.toByteArray(), resumptionId.toByteArray()),
                SESSION_RESUMPTION_KEYS_INFO, 3 * KEY_LENGTH);
    }

    /** S1RK or S2RK: salt = initiatorRandom || resumptionID. */
    static Bytes resumeKey(byte[] sharedSecret, Bytes initiatorRandom, Bytes resumptionId, byte[] info) {
        return key(sharedSecret, info, initiatorRandom.toByteArray(), resumptionId.toByteArray());
    }

    /**
     * Sigma1's initiatorResumeMIC (4.14.2.2.1): the AES-CCM tag of an empty plaintext under S1RK, with salt
     * initiatorRandom || the resumptionID offered.
     */
    static Bytes sigma1ResumeMic(byte[] sharedSecret, Bytes initiatorRandom, Bytes resumptionId) {
        return resumeMic(sharedSecret, initiatorRandom, resumptionId, SIGMA1_RESUME_INFO, RESUME1_MIC_NONCE);
    }

    /** Checks Sigma1's initiatorResumeMIC; a MIC that does not verify is a {@link SigmaMessageException}. */
    static void checkSigma1ResumeMic(byte[] sharedSecret, Bytes initiatorRandom, Bytes resumptionId, Bytes mic)
            throws SigmaMessageException {
        checkResumeMic(sharedSecret, initiatorRandom, resumptionId, SIGMA1_RESUME_INFO, RESUME1_MIC_NONCE, mic);
    }

    /** Sigma2_Resume's sigma2ResumeMIC: likewise under S2RK, with salt initiatorRandom || the new resumptionID. */
    static Bytes sigma2ResumeMic(byte[] sharedSecret, Bytes initiatorRandom, Bytes newResumptionId) {
        return resumeMic(sharedSecret, initiatorRandom, newResumptionId, SIGMA2_RESUME_INFO, RESUME2_MIC_NONCE);
    }

    /** Checks Sigma2_Resume's sigma2ResumeMIC; a MIC that does not verify is a {@link SigmaMessageException}. */
    static void checkSigma2ResumeMic(byte[] sharedSecret, Bytes initiatorRandom, Bytes newResumptionId, Bytes mic)
            throws SigmaMessageException {
        checkResumeMic(sharedSecret, initiatorRandom, newResumptionId, SIGMA2_RESUME_INFO, RESUME2_MIC_NONCE, mic);
    }

    private static Bytes resumeMic(byte[] sharedSecret, Bytes initiatorRandom, Bytes resumptionId, byte[] info,
            byte[] nonce) {
        return Bytes.of(seal(resumeKey(sharedSecret, initiatorRandom, resumptionId, info), nonce, new byte[0]));
    }

    private static void checkResumeMic(byte[] sharedSecret, Bytes initiatorRandom, Bytes resumptionId, byte[] info,
            byte[] nonce, Bytes mic) throws SigmaMessageException {
        open(resumeKey(sharedSecret, initiatorRandom, resumptionId, info), nonce, mic.toByteArray());
    }

    static byte[] seal(Bytes key, byte[] nonce, byte[] plain) {
        return MessageSecurity.seal(key, nonce, NO_AAD, plain);
    }

    static byte[] open(Bytes key, byte[] nonce, byte[] sealed) throws SigmaMessageException {
        try {
            return MessageSecurity.open(key, nonce, NO_AAD, sealed);
        } catch (MessageException e) {
            throw new SigmaMessageException("decryption failed: " + e.getMessage());
        }
    }

    private static Bytes key(byte[] sharedSecret, byte[] info, byte[]... saltParts) {
        return Bytes.of(Hkdf.sha256(sharedSecret, concat(saltParts), info, KEY_LENGTH));
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] out = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, out, at, part.length);
            at += part.length;
        }
        return out;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
