package org.cpebridge.matter.crypto;

import java.io.IOException;
import java.math.BigInteger;
import java.util.Objects;

import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.util.Arrays;

/**
 * ECDSA with P-256 and SHA-256 (Matter core spec 3.5.3). Matter carries signatures as raw {@code r || s}, 64 bytes,
 * inside TLV; X.509 and CSRs carry them DER-encoded, hence the two converters. Signing uses the deterministic nonce of
 * RFC 6979, so no randomness source can weaken it and tests can check exact signatures.
 */
public final class Ecdsa {

    /** Length of a raw {@code r || s} signature. */
    public static final int RAW_SIGNATURE_LENGTH = 2 * P256.SCALAR_LENGTH;

    private Ecdsa() {
    }

    /** Signs SHA-256({@code message}) and returns {@code r || s}. */
    public static byte[] sign(P256KeyPair key, byte[] message) {
        Objects.requireNonNull(message, "message");
        ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
        signer.init(true, new ECPrivateKeyParameters(key.privateScalar(), P256.DOMAIN));
        BigInteger[] rs = signer.generateSignature(Hashes.sha256(message));
        return Arrays.concatenate(P256.scalarBytes(rs[0]), P256.scalarBytes(rs[1]));
    }

    /** Verifies a raw {@code r || s} signature over SHA-256({@code message}); false on any malformed input. */
    public static boolean verify(P256Point publicKey, byte[] message, byte[] rawSignature) {
        Objects.requireNonNull(message, "message");
        if (rawSignature == null || rawSignature.length != RAW_SIGNATURE_LENGTH) {
            return false;
        }
        BigInteger r = new BigInteger(1, java.util.Arrays.copyOfRange(rawSignature, 0, P256.SCALAR_LENGTH));
        BigInteger s = new BigInteger(1, java.util.Arrays.copyOfRange(rawSignature, P256.SCALAR_LENGTH,
                RAW_SIGNATURE_LENGTH));
        if (!inScalarRange(r) || !inScalarRange(s)) {
            return false;
        }
        ECDSASigner verifier = new ECDSASigner();
        verifier.init(false, new ECPublicKeyParameters(publicKey.ecPoint(), P256.DOMAIN));
        return verifier.verifySignature(Hashes.sha256(message), r, s);
    }

    /** Converts {@code r || s} to the DER {@code SEQUENCE { INTEGER r, INTEGER s }}. */
    public static byte[] rawToDer(byte[] rawSignature) {
        Objects.requireNonNull(rawSignature, "rawSignature");
        if (rawSignature.length != RAW_SIGNATURE_LENGTH) {
            throw new IllegalArgumentException("raw signature must be 64 bytes, got " + rawSignature.length);
        }
        BigInteger r = new BigInteger(1, java.util.Arrays.copyOfRange(rawSignature, 0, P256.SCALAR_LENGTH));
        BigInteger s = new BigInteger(1, java.util.Arrays.copyOfRange(rawSignature, P256.SCALAR_LENGTH,
                RAW_SIGNATURE_LENGTH));
        try {
            return new DERSequence(new ASN1Integer[] {new ASN1Integer(r), new ASN1Integer(s)})
                    .getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new IllegalStateException("DER encoding of two integers cannot fail", e);
        }
    }

    /**
     * Converts a DER ECDSA signature to {@code r || s}.
     *
     * @throws CryptoException if the input is not exactly a DER sequence of two positive integers below n
     */
    public static byte[] derToRaw(byte[] derSignature) throws CryptoException {
        Objects.requireNonNull(derSignature, "derSignature");
        ASN1Sequence sequence;
        try {
            ASN1Primitive primitive = derSignature.length == 0 ? null : ASN1Primitive.fromByteArray(derSignature);
            if (primitive == null) {
                throw new CryptoException("ECDSA signature is empty");
            }
            sequence = ASN1Sequence.getInstance(primitive);
            if (!java.util.Arrays.equals(sequence.getEncoded(ASN1Encoding.DER), derSignature)) {
                throw new CryptoException("ECDSA signature is not canonical DER");
            }
        } catch (IOException | IllegalArgumentException | ClassCastException e) {
            throw new CryptoException("ECDSA signature is not a DER sequence", e);
        }
        if (sequence.size() != 2) {
            throw new CryptoException("ECDSA signature sequence has " + sequence.size() + " elements");
        }
        BigInteger[] rs = new BigInteger[2];
        for (int i = 0; i < 2; i++) {
            if (!(sequence.getObjectAt(i) instanceof ASN1Integer integer)) {
                throw new CryptoException("ECDSA signature element is not an INTEGER");
            }
            rs[i] = integer.getValue();
            if (!inScalarRange(rs[i])) {
                throw new CryptoException("ECDSA signature integer out of range");
            }
        }
        return Arrays.concatenate(P256.scalarBytes(rs[0]), P256.scalarBytes(rs[1]));
    }

    private static boolean inScalarRange(BigInteger value) {
        return value.signum() > 0 && value.compareTo(P256.ORDER) < 0;
    }
}
