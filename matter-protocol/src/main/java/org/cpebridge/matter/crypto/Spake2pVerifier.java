package org.cpebridge.matter.crypto;

import java.util.Objects;

import org.cpebridge.bytes.Bytes;

/**
 * What a commissionee stores instead of its passcode (Matter core spec 3.10 "SPAKE2+", 5.1.1.x "Onboarding"): the
 * scalar w0 (32 bytes, big-endian) and the point L = w1·G (65 bytes, uncompressed). Its 97-byte serialization
 * {@code w0 || L} is the "PAKE passcode verifier" of OpenCommissioningWindow.
 */
public record Spake2pVerifier(Bytes w0, Bytes l) {

    /** Length of the serialized form {@code w0 || L}. */
    public static final int SERIALIZED_LENGTH = P256.SCALAR_LENGTH + P256.POINT_LENGTH;

    /** Checks the lengths, that w0 is a reduced scalar and that L is a point on the curve. */
    public Spake2pVerifier {
        Objects.requireNonNull(w0, "w0");
        Objects.requireNonNull(l, "l");
        if (w0.length() != P256.SCALAR_LENGTH) {
            throw new IllegalArgumentException("w0 must be 32 bytes, got " + w0.length());
        }
        if (P256.reduce(w0.toByteArray()).compareTo(new java.math.BigInteger(1, w0.toByteArray())) != 0) {
            throw new IllegalArgumentException("w0 is not reduced modulo n");
        }
        if (l.length() != P256.POINT_LENGTH) {
            throw new IllegalArgumentException("L must be 65 bytes, got " + l.length());
        }
        try {
            P256Point.decode(l.toByteArray());
        } catch (CryptoException e) {
            throw new IllegalArgumentException("L is not a valid P-256 point", e);
        }
    }

    /**
     * Parses {@code w0 || L}.
     *
     * @throws IllegalArgumentException if the length is not 97 or the parts are invalid
     */
    public static Spake2pVerifier deserialize(Bytes serialized) {
        if (serialized.length() != SERIALIZED_LENGTH) {
            throw new IllegalArgumentException("serialized verifier must be 97 bytes, got " + serialized.length());
        }
        byte[] raw = serialized.toByteArray();
        return new Spake2pVerifier(Bytes.of(java.util.Arrays.copyOfRange(raw, 0, P256.SCALAR_LENGTH)),
                Bytes.of(java.util.Arrays.copyOfRange(raw, P256.SCALAR_LENGTH, SERIALIZED_LENGTH)));
    }

    /** Returns {@code w0 || L}, 97 bytes. */
    public Bytes serialize() {
        return Bytes.of(org.bouncycastle.util.Arrays.concatenate(w0.toByteArray(), l.toByteArray()));
    }

    @Override
    public String toString() {
        // w0 is half of the secret the passcode protects: keep it out of logs.
        return "Spake2pVerifier[w0=<redacted>, L=" + l.hex() + "]";
    }
}
