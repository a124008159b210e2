package org.cpebridge.matter.crypto;

import java.util.Objects;

import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.PKCS5S2ParametersGenerator;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * PBKDF2 with HMAC-SHA256 (RFC 8018), Matter core spec 3.9 "Password-Based Key Derivation Function". The password is
 * raw bytes: Matter feeds it the passcode as a 4-byte little-endian integer, which a {@code char[]} API cannot carry.
 */
public final class Pbkdf2 {

    private Pbkdf2() {
    }

    /**
     * Derives {@code length} bytes.
     *
     * @throws IllegalArgumentException if the password or salt is empty, or iterations or length is not positive
     */
    public static byte[] hmacSha256(byte[] password, byte[] salt, int iterations, int length) {
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(salt, "salt");
        if (password.length == 0) {
            throw new IllegalArgumentException("PBKDF2 password is empty");
        }
        if (salt.length == 0) {
            throw new IllegalArgumentException("PBKDF2 salt is empty");
        }
        if (iterations < 1) {
            throw new IllegalArgumentException("PBKDF2 iterations must be positive: " + iterations);
        }
        if (length < 1) {
            throw new IllegalArgumentException("PBKDF2 output length must be positive: " + length);
        }
        PKCS5S2ParametersGenerator generator = new PKCS5S2ParametersGenerator(new SHA256Digest());
        generator.init(password, salt, iterations);
        return ((KeyParameter) generator.generateDerivedMacParameters(length * 8)).getKey();
    }
}
