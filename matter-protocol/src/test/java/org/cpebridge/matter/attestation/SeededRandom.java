package org.cpebridge.matter.attestation;

import java.util.Random;

import org.cpebridge.matter.crypto.CryptoRandom;

/** Reproducible randomness for tests only. */
final class SeededRandom implements CryptoRandom {

    private final Random random;

    SeededRandom(long seed) {
        this.random = new Random(seed);
    }

    @Override
    public void nextBytes(byte[] out) {
        random.nextBytes(out);
    }
}
