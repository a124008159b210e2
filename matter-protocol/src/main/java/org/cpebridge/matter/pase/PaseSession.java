package org.cpebridge.matter.pase;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

import org.cpebridge.matter.crypto.Hkdf;
import org.cpebridge.bytes.Bytes;

/**
 * The outcome of a successful PASE handshake: session ids and the keys of Matter core spec 4.14.2.5 "Session
 * Encryption Keys", I2RKey || R2IKey || AttestationChallenge = HKDF(Ke, salt = none, "SessionKeys", 48).
 * {@link #toString()} never shows keys.
 */
public record PaseSession(int localSessionId, int peerSessionId, Bytes i2rKey, Bytes r2iKey,
        Bytes attestationChallenge, Optional<SessionParameters> peerSessionParams) {

    /** Length of each derived key. */
    public static final int KEY_LENGTH = 16;

    private static final byte[] SESSION_KEYS_INFO = "SessionKeys".getBytes(StandardCharsets.US_ASCII);

    /** Checks ids and key lengths. */
    public PaseSession {
        if (localSessionId < 0 || localSessionId > 0xFFFF || peerSessionId < 0 || peerSessionId > 0xFFFF) {
            throw new IllegalArgumentException("session id out of range 0..65535");
        }
        for (Bytes key : new Bytes[] {i2rKey, r2iKey, attestationChallenge}) {
            if (Objects.requireNonNull(key, "key").length() != KEY_LENGTH) {
                throw new IllegalArgumentException("session keys must be 16 bytes");
            }
        }
        Objects.requireNonNull(peerSessionParams, "peerSessionParams");
    }

    /** Derives the session keys from the SPAKE2+ shared secret Ke. */
    public static PaseSession derive(byte[] ke, int localSessionId, int peerSessionId,
            Optional<SessionParameters> peerSessionParams) {
        byte[] okm = Hkdf.sha256(ke, new byte[0], SESSION_KEYS_INFO, 3 * KEY_LENGTH);
        return new PaseSession(localSessionId, peerSessionId, Bytes.of(Arrays.copyOfRange(okm, 0, KEY_LENGTH)),
                Bytes.of(Arrays.copyOfRange(okm, KEY_LENGTH, 2 * KEY_LENGTH)),
                Bytes.of(Arrays.copyOfRange(okm, 2 * KEY_LENGTH, 3 * KEY_LENGTH)), peerSessionParams);
    }

    @Override
    public String toString() {
        return "PaseSession[local=" + localSessionId + ", peer=" + peerSessionId + ", keys=<redacted>]";
    }
}
