package org.cpebridge.matter.crypto;

import java.util.Objects;

import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;

/** HKDF-SHA256 (RFC 5869), the key derivation function of Matter core spec 3.8 "Key Derivation Function". */
public final class Hkdf {

    /** RFC 5869: at most 255 blocks of output. */
    public static final int MAX_LENGTH = 255 * Hashes.SHA256_LENGTH;

    private Hkdf() {
    }

    /**
     * Derives {@code length} bytes. An empty salt means "no salt" (a block of zeros, per RFC 5869 2.2).
     *
     * @throws IllegalArgumentException if {@code length} is not in {@code [1, 8160]}
     */
    public static byte[] sha256(byte[] inputKey, byte[] salt, byte[] info, int length) {
        Objects.requireNonNull(inputKey, "inputKey");
        Objects.requireNonNull(salt, "salt");
        Objects.requireNonNull(info, "info");
        if (length < 1 || length > MAX_LENGTH) {
            throw new IllegalArgumentException("HKDF output length out of range: " + length);
        }
        HKDFBytesGenerator generator = new HKDFBytesGenerator(new SHA256Digest());
        generator.init(new HKDFParameters(inputKey, salt.length == 0 ? null : salt, info));
        byte[] out = new byte[length];
        generator.generateBytes(out, 0, length);
        return out;
    }
}
