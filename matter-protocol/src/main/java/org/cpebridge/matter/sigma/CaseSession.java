package org.cpebridge.matter.sigma;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.cpebridge.matter.pase.SessionParameters;
import org.cpebridge.bytes.Bytes;

/**
 * The outcome of a successful CASE handshake, full or resumed: who the peer is and the session keys. The message
 * nonce of a CASE session uses the sender's operational node id, so the caller builds its session codec with
 * {@code localNodeId} for what it sends and {@code peerNodeId} for what it receives. {@link #toString()} never shows
 * keys.
 *
 * <p>The same record serves both roles: keys are named by direction, so a responder decrypts with {@code i2rKey}
 * and an initiator ({@link CaseInitiator}) encrypts with it.
 *
 * @param localSessionId our session id (the one we sent in Sigma1 or Sigma2)
 * @param peerSessionId the other side's session id
 * @param fabricIndex the fabric the session belongs to
 * @param localNodeId our node id in that fabric
 * @param peerNodeId the peer's operational node id (from its NOC)
 * @param peerCats the CASE authenticated tags in the peer's NOC
 * @param i2rKey initiator-to-responder key
 * @param r2iKey responder-to-initiator key
 * @param attestationChallenge the session's attestation challenge
 * @param peerSessionParams the MRP/capability parameters the peer sent (Sigma1 or Sigma2)
 * @param resumed true when established by Sigma2_Resume
 */
public record CaseSession(int localSessionId, int peerSessionId, int fabricIndex, long localNodeId, long peerNodeId,
        List<Long> peerCats, Bytes i2rKey, Bytes r2iKey, Bytes attestationChallenge,
        Optional<SessionParameters> peerSessionParams, boolean resumed) {

    /** Length of each derived key. */
    public static final int KEY_LENGTH = 16;

    /** Checks ranges and key lengths. */
    public CaseSession {
        if (localSessionId < 1 || localSessionId > 0xFFFF || peerSessionId < 0 || peerSessionId > 0xFFFF) {
            throw new IllegalArgumentException("session id out of range");
        }
        if (fabricIndex < 1 || fabricIndex > 254) {
            throw new IllegalArgumentException("fabric index out of range 1..254: " + fabricIndex);
        }
        peerCats = List.copyOf(peerCats);
        for (Bytes key : new Bytes[] {i2rKey, r2iKey, attestationChallenge}) {
            if (Objects.requireNonNull(key, "key").length() != KEY_LENGTH) {
                throw new IllegalArgumentException("session keys must be 16 bytes");
            }
        }
        Objects.requireNonNull(peerSessionParams, "peerSessionParams");
    }

    /** Splits 48 bytes of HKDF output into I2R, R2I and the attestation challenge. */
    static CaseSession of(int localSessionId, int peerSessionId, int fabricIndex, long localNodeId, long peerNodeId,
            List<Long> peerCats, byte[] keys, Optional<SessionParameters> peerSessionParams, boolean resumed) {
        return new CaseSession(localSessionId, peerSessionId, fabricIndex, localNodeId, peerNodeId, peerCats,
                Bytes.of(Arrays.copyOfRange(keys, 0, KEY_LENGTH)),
                Bytes.of(Arrays.copyOfRange(keys, KEY_LENGTH, 2 * KEY_LENGTH)),
                Bytes.of(Arrays.copyOfRange(keys, 2 * KEY_LENGTH, 3 * KEY_LENGTH)), peerSessionParams, resumed);
    }

    @Override
    public String toString() {
        return "CaseSession[local=" + localSessionId + ", peer=" + peerSessionId + ", fabric=" + fabricIndex
                + ", peerNode=" + Long.toHexString(peerNodeId) + ", resumed=" + resumed + ", keys=<redacted>]";
    }
}
