package org.cpebridge.matter.crypto;

import java.math.BigInteger;
import java.util.Objects;

/**
 * A P-256 private scalar with its public point. {@link #toString()} never shows the private part.
 */
public final class P256KeyPair {

    private final BigInteger privateScalar;
    private final P256Point publicKey;

    private P256KeyPair(BigInteger privateScalar) {
        if (privateScalar.signum() <= 0 || privateScalar.compareTo(P256.ORDER) >= 0) {
            throw new IllegalArgumentException("private scalar out of range [1, n-1]");
        }
        this.privateScalar = privateScalar;
        try {
            this.publicKey = P256.multiplyGenerator(privateScalar);
        } catch (CryptoException e) {
            throw new IllegalStateException("k*G cannot be infinity for k in [1, n-1]", e);
        }
    }

    /** Generates a fresh key pair. */
    public static P256KeyPair generate(CryptoRandom random) {
        return new P256KeyPair(P256.randomScalar(random));
    }

    /**
     * Builds a key pair from a 32-byte big-endian private scalar.
     *
     * @throws IllegalArgumentException if the scalar is not 32 bytes or not in {@code [1, n-1]}
     */
    public static P256KeyPair fromPrivate(byte[] privateKey) {
        Objects.requireNonNull(privateKey, "privateKey");
        if (privateKey.length != P256.SCALAR_LENGTH) {
            throw new IllegalArgumentException("private key must be 32 bytes, got " + privateKey.length);
        }
        return new P256KeyPair(new BigInteger(1, privateKey));
    }

    /** The public point. */
    public P256Point publicKey() {
        return publicKey;
    }

    /** The private scalar as 32 big-endian bytes (a copy; for storage only, never for logs). */
    public byte[] privateKeyBytes() {
        return P256.scalarBytes(privateScalar);
    }

    BigInteger privateScalar() {
        return privateScalar;
    }

    @Override
    public String toString() {
        return "P256KeyPair[public=" + publicKey + "]";
    }
}
