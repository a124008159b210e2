package org.cpebridge.matter.cert;

import java.io.IOException;
import java.util.Arrays;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Null;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1TaggedObject;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.DERTaggedObject;
import org.bouncycastle.asn1.DERUTF8String;
import org.cpebridge.matter.crypto.CryptoException;
import org.cpebridge.matter.crypto.Ecdsa;
import org.cpebridge.matter.crypto.P256KeyPair;
import org.cpebridge.matter.crypto.P256Point;

/**
 * PKCS#10 certificate signing requests for the operational key (CSRRequest, Matter core spec 11.18.6.5 and 6.4.6.1):
 * subject {@code O=CSR}, the P-256 key, no attributes, signed with ECDSA-SHA256 by that key, as connectedhomeip
 * produces them. {@link #verifiedPublicKey} checks a CSR's self-signature and returns its key.
 */
public final class CertificateSigningRequests {

    private static final ASN1ObjectIdentifier ECDSA_WITH_SHA256 = new ASN1ObjectIdentifier("1.2.840.10045.4.3.2");
    private static final ASN1ObjectIdentifier EC_PUBLIC_KEY = new ASN1ObjectIdentifier("1.2.840.10045.2.1");
    private static final ASN1ObjectIdentifier PRIME256V1 = new ASN1ObjectIdentifier("1.2.840.10045.3.1.7");
    private static final ASN1ObjectIdentifier ORGANIZATION = new ASN1ObjectIdentifier("2.5.4.10");

    private CertificateSigningRequests() {
    }

    /** Builds and signs the DER CSR for {@code key}. */
    public static byte[] build(P256KeyPair key) {
        ASN1EncodableVector rdn = new ASN1EncodableVector();
        rdn.add(ORGANIZATION);
        rdn.add(new DERUTF8String("CSR"));
        ASN1EncodableVector algorithm = new ASN1EncodableVector();
        algorithm.add(EC_PUBLIC_KEY);
        algorithm.add(PRIME256V1);
        ASN1EncodableVector spki = new ASN1EncodableVector();
        spki.add(new DERSequence(algorithm));
        spki.add(new DERBitString(key.publicKey().encodeUncompressed()));
        ASN1EncodableVector info = new ASN1EncodableVector();
        info.add(new ASN1Integer(0));
        info.add(new DERSequence(new DERSet(new DERSequence(rdn))));
        info.add(new DERSequence(spki));
        info.add(new DERTaggedObject(false, 0, new DERSet()));
        byte[] infoDer = der(new DERSequence(info));
        ASN1EncodableVector request = new ASN1EncodableVector();
        request.add(new DERSequence(info));
        request.add(new DERSequence(ECDSA_WITH_SHA256));
        request.add(new DERBitString(Ecdsa.rawToDer(Ecdsa.sign(key, infoDer))));
        return der(new DERSequence(request));
    }

    /**
     * Parses a DER CSR, checks that it is version 0 with an EC P-256 key, ECDSA-SHA256 and a valid self-signature,
     * and returns the key.
     *
     * @throws CertificateFormatException if anything does not hold, including trailing bytes
     */
    public static P256Point verifiedPublicKey(byte[] der) throws CertificateFormatException {
        try {
            ASN1Primitive primitive = der.length == 0 ? null : ASN1Primitive.fromByteArray(der);
            if (primitive == null || !Arrays.equals(der(primitive), der)) {
                throw new CertificateFormatException("CSR is not a single DER structure");
            }
            ASN1Sequence request = ASN1Sequence.getInstance(primitive);
            if (request.size() != 3) {
                throw new CertificateFormatException("CSR is not a 3-element sequence");
            }
            ASN1Sequence info = ASN1Sequence.getInstance(request.getObjectAt(0));
            if (info.size() != 4 || !ASN1Integer.getInstance(info.getObjectAt(0)).hasValue(0)
                    || ASN1TaggedObject.getInstance(info.getObjectAt(3)).getTagNo() != 0) {
                throw new CertificateFormatException("CSR info is not version 0 with attributes");
            }
            ASN1Sequence spki = ASN1Sequence.getInstance(info.getObjectAt(2));
            ASN1Sequence keyAlgorithm = ASN1Sequence.getInstance(spki.getObjectAt(0));
            if (!EC_PUBLIC_KEY.equals(keyAlgorithm.getObjectAt(0)) || keyAlgorithm.size() != 2
                    || !PRIME256V1.equals(keyAlgorithm.getObjectAt(1))) {
                throw new CertificateFormatException("CSR key is not EC P-256");
            }
            requireEcdsaSha256(ASN1Sequence.getInstance(request.getObjectAt(1)));
            P256Point key = P256Point.decode(DERBitString.getInstance(spki.getObjectAt(1)).getOctets());
            byte[] signature = Ecdsa.derToRaw(DERBitString.getInstance(request.getObjectAt(2)).getOctets());
            if (!Ecdsa.verify(key, der(info), signature)) {
                throw new CertificateFormatException("CSR signature does not verify");
            }
            return key;
        } catch (IOException | IllegalArgumentException | IllegalStateException | ClassCastException
                | NullPointerException | CryptoException e) {
            // Bouncy Castle's getInstance answers null or unchecked exceptions on unexpected structure.
            throw new CertificateFormatException("CSR is malformed: " + e.getMessage(), e);
        }
    }

    /** ecdsa-with-SHA256 without parameters, or with an explicit NULL as some encoders write it. */
    private static void requireEcdsaSha256(ASN1Sequence algorithm) throws CertificateFormatException {
        boolean parametersOk = algorithm.size() == 1
                || (algorithm.size() == 2 && algorithm.getObjectAt(1) instanceof ASN1Null);
        if (!ECDSA_WITH_SHA256.equals(algorithm.getObjectAt(0)) || !parametersOk) {
            throw new CertificateFormatException("CSR signature algorithm is not ecdsa-with-SHA256");
        }
    }

    private static byte[] der(ASN1Encodable value) {
        try {
            return value.toASN1Primitive().getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new IllegalStateException("DER encoding in memory cannot fail", e);
        }
    }
}
