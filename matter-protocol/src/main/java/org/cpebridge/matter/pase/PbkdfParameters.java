package org.cpebridge.matter.pase;

import java.util.Objects;

import org.cpebridge.bytes.Bytes;

/**
 * The PBKDF2 parameters a commissionee announces in PBKDFParamResponse (Matter core spec 4.14.1.2, 3.9): iteration
 * count 1000..100000 and a salt of 16..32 bytes.
 */
public record PbkdfParameters(long iterations, Bytes salt) {

    /** Spec minimum PBKDF2 iteration count. */
    public static final long MIN_ITERATIONS = 1000;
    /** Spec maximum PBKDF2 iteration count. */
    public static final long MAX_ITERATIONS = 100_000;
    /** Spec minimum salt length. */
    public static final int MIN_SALT_LENGTH = 16;
    /** Spec maximum salt length. */
    public static final int MAX_SALT_LENGTH = 32;

    /** Checks the spec ranges. */
    public PbkdfParameters {
        Objects.requireNonNull(salt, "salt");
        if (iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) {
            throw new IllegalArgumentException("PBKDF2 iterations out of range 1000..100000: " + iterations);
        }
        if (salt.length() < MIN_SALT_LENGTH || salt.length() > MAX_SALT_LENGTH) {
            throw new IllegalArgumentException("PBKDF2 salt length out of range 16..32: " + salt.length());
        }
    }
}
