package org.cpebridge.matter.crypto;

import java.security.SecureRandom;

/**
 * Source of cryptographic randomness (session randoms, ephemeral scalars, salts). Injected so that tests can replay
 * fixed values; production code uses {@link #secure()}.
 */
@FunctionalInterface
public interface CryptoRandom {

    /** Fills {@code out} with random bytes. */
    void nextBytes(byte[] out);

    /** Returns {@code length} fresh random bytes. */
    default byte[] bytes(int length) {
        byte[] out = new byte[length];
        nextBytes(out);
        return out;
    }

    /** A randomness source backed by the platform's strong {@link SecureRandom}. */
    static CryptoRandom secure() {
        SecureRandom random = new SecureRandom();
        return random::nextBytes;
    }
}
