package org.cpebridge.matter.crypto;

import java.math.BigInteger;

import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECMultiplier;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;
import org.bouncycastle.util.BigIntegers;

/** The NIST P-256 (secp256r1) group used by every Matter public-key operation (core spec 3.5). */
public final class P256 {

    /** Length of a scalar or field element, in bytes. */
    public static final int SCALAR_LENGTH = 32;
    /** Length of an uncompressed point {@code 04 || X || Y}, in bytes. */
    public static final int POINT_LENGTH = 65;

    static final X9ECParameters PARAMS = CustomNamedCurves.getByName("secp256r1");
    static final ECCurve CURVE = PARAMS.getCurve();
    static final ECDomainParameters DOMAIN =
            new ECDomainParameters(PARAMS.getCurve(), PARAMS.getG(), PARAMS.getN(), PARAMS.getH());

    /** The group order n. */
    public static final BigInteger ORDER = PARAMS.getN();

    /**
     * Multiplies the base point with a comb over a table Bouncy Castle computes once for G and keeps with it (as its
     * ECDSA signer does): 0.43 against 0.9 ms for the plain multiplication of G with the router's C1-only flags
     * (300 each, after a warm-up, on the 2-core build machine).
     */
    private static final ECMultiplier BASE_MULTIPLIER = new FixedPointCombMultiplier();

    private P256() {
    }

    /** The base point G. */
    public static P256Point generator() {
        return new P256Point(PARAMS.getG());
    }

    /**
     * Returns {@code scalar * G}.
     *
     * @throws CryptoException if the product is the point at infinity (a scalar that is a multiple of n)
     */
    public static P256Point multiplyGenerator(BigInteger scalar) throws CryptoException {
        return P256Point.checked(BASE_MULTIPLIER.multiply(PARAMS.getG(), scalar.mod(ORDER)));
    }

    /** Interprets {@code bytes} as a big-endian unsigned integer and reduces it modulo n. */
    public static BigInteger reduce(byte[] bytes) {
        return new BigInteger(1, bytes).mod(ORDER);
    }

    /** Encodes a scalar as exactly 32 big-endian bytes. */
    public static byte[] scalarBytes(BigInteger scalar) {
        if (scalar.signum() < 0 || scalar.bitLength() > SCALAR_LENGTH * 8) {
            throw new IllegalArgumentException("scalar does not fit 32 bytes");
        }
        return BigIntegers.asUnsignedByteArray(SCALAR_LENGTH, scalar);
    }

    /**
     * Draws a uniformly random scalar in {@code [1, n-1]} by rejection sampling 32-byte strings.
     */
    public static BigInteger randomScalar(CryptoRandom random) {
        while (true) {
            BigInteger candidate = new BigInteger(1, random.bytes(SCALAR_LENGTH));
            if (candidate.signum() > 0 && candidate.compareTo(ORDER) < 0) {
                return candidate;
            }
        }
    }
}
