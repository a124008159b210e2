package org.cpebridge.matter.attestation;

import java.io.IOException;
import java.util.Map;
import java.util.Objects;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1Set;
import org.bouncycastle.asn1.ASN1TaggedObject;
import org.bouncycastle.asn1.BERTags;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.DERTaggedObject;
import org.cpebridge.matter.attestation.AttestationException.Reason;
import org.cpebridge.matter.crypto.CryptoException;
import org.cpebridge.matter.crypto.Ecdsa;
import org.cpebridge.matter.crypto.P256KeyPair;
import org.cpebridge.matter.crypto.P256Point;
import org.cpebridge.bytes.Bytes;

/**
 * The CMS envelope of a Certification Declaration (Matter core spec 6.3.2): SignedData version 3 with SHA-256, the
 * TLV content as id-data, no certificates, and one SignerInfo naming its signer by subject key id, signing the
 * content directly (no signed attributes) with ECDSA-SHA256. Encoded in DER exactly as connectedhomeip's
 * {@code CMS_Sign} does, so the envelope around a given signature is byte-identical.
 */
public final class CertificationDeclarations {

    private static final ASN1ObjectIdentifier SIGNED_DATA = new ASN1ObjectIdentifier("1.2.840.113549.1.7.2");
    private static final ASN1ObjectIdentifier DATA = new ASN1ObjectIdentifier("1.2.840.113549.1.7.1");
    private static final ASN1ObjectIdentifier SHA256 = new ASN1ObjectIdentifier("2.16.840.1.101.3.4.2.1");
    private static final ASN1ObjectIdentifier ECDSA_WITH_SHA256 = new ASN1ObjectIdentifier("1.2.840.10045.4.3.2");
    private static final int CMS_VERSION = 3;

    private CertificationDeclarations() {
    }

    /** Signs {@code content} with the CD signing key and wraps it; the signature is deterministic (RFC 6979). */
    public static byte[] sign(CertificationElements content, P256KeyPair signingKey, Bytes signerKeyId) {
        byte[] encoded = content.encode();
        return envelope(encoded, signerKeyId, Ecdsa.sign(signingKey, encoded));
    }

    /** Wraps already-signed content; {@code rawSignature} is {@code r || s}. */
    public static byte[] envelope(byte[] content, Bytes signerKeyId, byte[] rawSignature) {
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(signerKeyId, "signerKeyId");
        ASN1Encodable sha256 = new DERSequence(SHA256);
        ASN1EncodableVector signerInfo = new ASN1EncodableVector();
        signerInfo.add(new ASN1Integer(CMS_VERSION));
        signerInfo.add(new DERTaggedObject(false, 0, new DEROctetString(signerKeyId.toByteArray())));
        signerInfo.add(sha256);
        signerInfo.add(new DERSequence(ECDSA_WITH_SHA256));
        signerInfo.add(new DEROctetString(Ecdsa.rawToDer(rawSignature)));
        ASN1EncodableVector encapsulated = new ASN1EncodableVector();
        encapsulated.add(DATA);
        encapsulated.add(new DERTaggedObject(true, 0, new DEROctetString(content)));
        ASN1EncodableVector signedData = new ASN1EncodableVector();
        signedData.add(new ASN1Integer(CMS_VERSION));
        signedData.add(new DERSet(sha256));
        signedData.add(new DERSequence(encapsulated));
        signedData.add(new DERSet(new DERSequence(signerInfo)));
        ASN1EncodableVector contentInfo = new ASN1EncodableVector();
        contentInfo.add(SIGNED_DATA);
        contentInfo.add(new DERTaggedObject(true, 0, new DERSequence(signedData)));
        try {
            return new DERSequence(contentInfo).getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new IllegalStateException("DER encoding in memory cannot fail", e);
        }
    }

    /**
     * Takes a CD out of its CMS envelope, checking the structure the spec fixes (version 3, SHA-256, id-data
     * content, one signer named by key id, ECDSA-SHA256).
     *
     * @throws AttestationException {@code MALFORMED} otherwise
     */
    public static SignedCertificationDeclaration parse(byte[] der) throws AttestationException {
        Objects.requireNonNull(der, "der");
        try {
            ASN1Sequence contentInfo = ASN1Sequence.getInstance(single(der));
            require(contentInfo.size() == 2 && SIGNED_DATA.equals(contentInfo.getObjectAt(0)),
                    "not a CMS SignedData");
            ASN1Sequence signedData = ASN1Sequence.getInstance(explicitZero(contentInfo.getObjectAt(1)));
            require(signedData.size() == 4, "SignedData must have 4 members (no certificates or CRLs)");
            require(ASN1Integer.getInstance(signedData.getObjectAt(0)).hasValue(CMS_VERSION),
                    "SignedData version is not 3");
            ASN1Set digests = ASN1Set.getInstance(signedData.getObjectAt(1));
            require(digests.size() == 1 && isSha256(digests.getObjectAt(0)), "digest algorithm is not SHA-256");
            ASN1Sequence encapsulated = ASN1Sequence.getInstance(signedData.getObjectAt(2));
            require(encapsulated.size() == 2 && DATA.equals(encapsulated.getObjectAt(0)), "content is not id-data");
            byte[] content = ASN1OctetString.getInstance(explicitZero(encapsulated.getObjectAt(1))).getOctets();
            ASN1Set signers = ASN1Set.getInstance(signedData.getObjectAt(3));
            require(signers.size() == 1, "CD must have exactly one signer");
            ASN1Sequence signerInfo = ASN1Sequence.getInstance(signers.getObjectAt(0));
            require(signerInfo.size() == 5, "SignerInfo has signed or unsigned attributes");
            require(ASN1Integer.getInstance(signerInfo.getObjectAt(0)).hasValue(CMS_VERSION),
                    "SignerInfo version is not 3");
            ASN1TaggedObject signerId = ASN1TaggedObject.getInstance(signerInfo.getObjectAt(1));
            require(signerId.getTagClass() == BERTags.CONTEXT_SPECIFIC && signerId.getTagNo() == 0,
                    "signer is not named by subject key id");
            byte[] keyId = ASN1OctetString.getInstance(signerId, false).getOctets();
            require(isSha256(signerInfo.getObjectAt(2)), "signer digest is not SHA-256");
            ASN1Sequence signatureAlgorithm = ASN1Sequence.getInstance(signerInfo.getObjectAt(3));
            require(signatureAlgorithm.size() == 1 && ECDSA_WITH_SHA256.equals(signatureAlgorithm.getObjectAt(0)),
                    "signature algorithm is not ecdsa-with-SHA256");
            byte[] signature = Ecdsa.derToRaw(ASN1OctetString.getInstance(signerInfo.getObjectAt(4)).getOctets());
            return new SignedCertificationDeclaration(Bytes.of(content), Bytes.of(keyId), Bytes.of(signature));
        } catch (IllegalArgumentException | IllegalStateException | ClassCastException | CryptoException e) {
            // Bouncy Castle's getInstance reports unexpected structure with unchecked exceptions.
            throw new AttestationException(Reason.MALFORMED, "CD envelope is malformed: " + e.getMessage(), e);
        }
    }

    /**
     * Checks the CD's signature with the key of the signer it names.
     *
     * @param signers CD signing keys by subject key id (the trust store of CD signers)
     * @return the decoded content
     * @throws AttestationException {@code CD_SIGNATURE_INVALID} for an unknown signer or a bad signature,
     *     {@code MALFORMED} if the content does not decode
     */
    public static CertificationElements verify(SignedCertificationDeclaration cd, Map<Bytes, P256Point> signers)
            throws AttestationException {
        P256Point key = signers.get(cd.signerKeyId());
        if (key == null) {
            throw new AttestationException(Reason.CD_SIGNATURE_INVALID, "CD signer " + cd.signerKeyId().hex()
                    + " is not trusted");
        }
        if (!Ecdsa.verify(key, cd.content().toByteArray(), cd.signature().toByteArray())) {
            throw new AttestationException(Reason.CD_SIGNATURE_INVALID, "CD signature does not verify");
        }
        return cd.elements();
    }

    private static ASN1Primitive single(byte[] der) throws AttestationException {
        try {
            ASN1Primitive primitive = der.length == 0 ? null : ASN1Primitive.fromByteArray(der);
            require(primitive != null, "CD is empty");
            return primitive;
        } catch (IOException e) {
            throw new AttestationException(Reason.MALFORMED, "CD is not DER: " + e.getMessage(), e);
        }
    }

    private static ASN1Primitive explicitZero(ASN1Encodable value) throws AttestationException {
        ASN1TaggedObject tagged = ASN1TaggedObject.getInstance(value);
        require(tagged.getTagClass() == BERTags.CONTEXT_SPECIFIC && tagged.getTagNo() == 0 && tagged.isExplicit(),
                "expected [0] EXPLICIT");
        return tagged.getExplicitBaseObject().toASN1Primitive();
    }

    private static boolean isSha256(ASN1Encodable algorithm) {
        ASN1Sequence sequence = ASN1Sequence.getInstance(algorithm);
        return sequence.size() >= 1 && sequence.size() <= 2 && SHA256.equals(sequence.getObjectAt(0));
    }

    private static void require(boolean condition, String message) throws AttestationException {
        if (!condition) {
            throw new AttestationException(Reason.MALFORMED, "CD envelope: " + message);
        }
    }
}
