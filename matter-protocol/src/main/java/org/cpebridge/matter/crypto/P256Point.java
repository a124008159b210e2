package org.cpebridge.matter.crypto;

import java.math.BigInteger;
import java.util.Objects;

import org.bouncycastle.math.ec.ECPoint;

/**
 * A finite point on P-256. Instances decoded from peer input are checked to lie on the curve, so the invalid-curve
 * attack on SPAKE2+ and ECDH cannot pass through this type. Immutable.
 */
public final class P256Point {

    private final ECPoint point;

    P256Point(ECPoint point) {
        ECPoint normalized = point.normalize();
        if (normalized.isInfinity()) {
            throw new IllegalArgumentException("point at infinity");
        }
        this.point = normalized;
    }

    /**
     * Decodes an uncompressed ({@code 04 || X || Y}, 65 bytes) or compressed (33 bytes) SEC1 point.
     *
     * @throws CryptoException if the encoding is malformed, not on the curve or the point at infinity
     */
    public static P256Point decode(byte[] encoded) throws CryptoException {
        Objects.requireNonNull(encoded, "encoded");
        if (encoded.length != P256.POINT_LENGTH && encoded.length != 33) {
            throw new CryptoException("P-256 point has length " + encoded.length);
        }
        ECPoint decoded;
        try {
            decoded = P256.CURVE.decodePoint(encoded);
        } catch (IllegalArgumentException e) {
            throw new CryptoException("P-256 point is not on the curve or malformed", e);
        }
        if (decoded.isInfinity() || !decoded.isValid()) {
            throw new CryptoException("P-256 point is not a valid finite point");
        }
        return new P256Point(decoded);
    }

    /** {@code 04 || X || Y}, 65 bytes. */
    public byte[] encodeUncompressed() {
        return point.getEncoded(false);
    }

    /** The affine X coordinate as 32 big-endian bytes. */
    public byte[] xBytes() {
        return point.getAffineXCoord().getEncoded();
    }

    /**
     * Returns {@code scalar * this}.
     *
     * @throws CryptoException if the product is the point at infinity
     */
    public P256Point multiply(BigInteger scalar) throws CryptoException {
        return checked(point.multiply(scalar.mod(P256.ORDER)));
    }

    /**
     * Returns {@code this + other}.
     *
     * @throws CryptoException if the sum is the point at infinity
     */
    public P256Point add(P256Point other) throws CryptoException {
        return checked(point.add(other.point));
    }

    /**
     * Returns {@code this - other}.
     *
     * @throws CryptoException if the difference is the point at infinity
     */
    public P256Point subtract(P256Point other) throws CryptoException {
        return checked(point.subtract(other.point));
    }

    ECPoint ecPoint() {
        return point;
    }

    static P256Point checked(ECPoint result) throws CryptoException {
        ECPoint normalized = result.normalize();
        if (normalized.isInfinity()) {
            throw new CryptoException("P-256 operation produced the point at infinity");
        }
        return new P256Point(normalized);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof P256Point that && point.equals(that.point);
    }

    @Override
    public int hashCode() {
        return point.hashCode();
    }

    @Override
    public String toString() {
        return "P256Point[" + java.util.HexFormat.of().formatHex(encodeUncompressed()) + "]";
    }
}
