package org.cpebridge.matter.crypto;

import java.math.BigInteger;

import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.math.ec.ECCurve;
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

    private P256() {
    }

    /** The base point G. */
    public static P256Point generator() {
        return new P256Point(PARAMS.getG());
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
