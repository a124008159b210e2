package org.cpebridge.matter.attestation;

import java.io.IOException;
import java.math.BigInteger;
import java.util.Objects;

import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DERGeneralizedTime;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x509.TBSCertificate;
import org.bouncycastle.asn1.x509.Time;
import org.bouncycastle.asn1.x509.V3TBSCertificateGenerator;
import org.bouncycastle.crypto.digests.SHA1Digest;
import org.cpebridge.matter.crypto.CryptoRandom;
import org.cpebridge.matter.crypto.Ecdsa;
import org.cpebridge.matter.crypto.P256KeyPair;
import org.cpebridge.matter.crypto.P256Point;

/**
 * Issues a Device Attestation Certificate (Matter core spec 6.2.2.3) for a new key, signed by a PAI: subject
 * {@code CN}, Matter vendor id and product id; a random positive 64-bit serial; basicConstraints CA=false and
 * keyUsage digitalSignature (both critical), subject key id = SHA-1 of the key, authority key id = the PAI's.
 *
 * <p>The validity starts at the PAI's own notBefore and never ends ({@code 99991231235959Z}): a router may boot
 * with its clock unset or wrong, and a DAC dated by that clock could be "not yet valid" for a commissioner. The PAI
 * start is a date that is certainly past and inside the PAI's validity, which commissioners check.
 */
public final class DacIssuer {

    private static final String NO_EXPIRY = "99991231235959Z";

    private final AttestationCertificate pai;
    private final P256KeyPair paiKey;

    /**
     * @throws AttestationException {@code KEY_MISMATCH} if {@code paiKey} is not the PAI's key, or
     *     {@code VID_PID_MISMATCH} if the PAI carries no vendor id
     */
    public DacIssuer(AttestationCertificate pai, P256KeyPair paiKey) throws AttestationException {
        this.pai = Objects.requireNonNull(pai, "pai");
        this.paiKey = Objects.requireNonNull(paiKey, "paiKey");
        if (!pai.publicKey().equals(paiKey.publicKey())) {
            throw new AttestationException(AttestationException.Reason.KEY_MISMATCH,
                    "PAI private key does not match the PAI certificate");
        }
        if (pai.vendorId().isEmpty() || pai.subjectKeyId().isEmpty()) {
            throw new AttestationException(AttestationException.Reason.VID_PID_MISMATCH,
                    "PAI lacks a vendor id or subject key id");
        }
    }

    /**
     * Issues a DAC for {@code dacKey}.
     *
     * @param productId the product id; must equal the PAI's if the PAI names one
     * @param commonName subject common name
     * @return the DER certificate
     */
    public byte[] issue(P256Point dacKey, int productId, String commonName, CryptoRandom random)
            throws AttestationException {
        if (productId < 0 || productId > 0xFFFF
                || (pai.productId().isPresent() && pai.productId().getAsInt() != productId)) {
            throw new AttestationException(AttestationException.Reason.VID_PID_MISMATCH,
                    "product id " + productId + " is not allowed by the PAI");
        }
        return issue(dacKey, pai.vendorId().getAsInt(), productId, commonName, random);
    }

    /** Issues a DAC with any vendor id, unchecked: tests use it to build DACs a verifier must reject. */
    byte[] issue(P256Point dacKey, int vendorId, int productId, String commonName, CryptoRandom random) {
        try {
            X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                    .addRDN(BCStyle.CN, new DERUTF8String(commonName))
                    .addRDN(AttestationCertificate.MATTER_VID, new DERUTF8String(hex4(vendorId)))
                    .addRDN(AttestationCertificate.MATTER_PID, new DERUTF8String(hex4(productId)))
                    .build();
            byte[] keyBits = dacKey.encodeUncompressed();
            ExtensionsGenerator extensions = new ExtensionsGenerator();
            extensions.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            extensions.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            extensions.addExtension(Extension.subjectKeyIdentifier, false, new SubjectKeyIdentifier(sha1(keyBits)));
            extensions.addExtension(Extension.authorityKeyIdentifier, false,
                    new AuthorityKeyIdentifier(pai.subjectKeyId().orElseThrow().toByteArray()));
            AlgorithmIdentifier ecdsaSha256 = new AlgorithmIdentifier(AttestationCertificate.ECDSA_WITH_SHA256);
            V3TBSCertificateGenerator tbs = new V3TBSCertificateGenerator();
            tbs.setSerialNumber(new ASN1Integer(serial(random)));
            tbs.setSignature(ecdsaSha256);
            tbs.setIssuer(X500Name.getInstance(ASN1Primitive.fromByteArray(pai.subject().toByteArray())));
            tbs.setStartDate(paiStart());
            tbs.setEndDate(new Time(new DERGeneralizedTime(NO_EXPIRY)));
            tbs.setSubject(subject);
            tbs.setSubjectPublicKeyInfo(new SubjectPublicKeyInfo(new AlgorithmIdentifier(
                    AttestationCertificate.EC_PUBLIC_KEY, AttestationCertificate.PRIME256V1), keyBits));
            tbs.setExtensions(extensions.generate());
            TBSCertificate tbsCertificate = tbs.generateTBSCertificate();
            byte[] signature = Ecdsa.rawToDer(Ecdsa.sign(paiKey, tbsCertificate.getEncoded(ASN1Encoding.DER)));
            return Certificate.getInstance(new DERSequence(new org.bouncycastle.asn1.ASN1Encodable[] {
                tbsCertificate, ecdsaSha256, new DERBitString(signature)})).getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new IllegalStateException("DER encoding in memory cannot fail", e);
        }
    }

    /** The PAI's notBefore, re-read from its DER so the encoding (UTCTime or GeneralizedTime) is kept. */
    private Time paiStart() throws IOException {
        Certificate certificate = Certificate.getInstance(ASN1Primitive.fromByteArray(pai.der().toByteArray()));
        return certificate.getStartDate();
    }

    private static BigInteger serial(CryptoRandom random) {
        byte[] bytes = random.bytes(8);
        bytes[0] &= 0x7F;
        BigInteger serial = new BigInteger(1, bytes);
        return serial.signum() == 0 ? BigInteger.ONE : serial;
    }

    private static byte[] sha1(byte[] data) {
        SHA1Digest digest = new SHA1Digest();
        digest.update(data, 0, data.length);
        byte[] out = new byte[digest.getDigestSize()];
        digest.doFinal(out, 0);
        return out;
    }

    private static String hex4(int id) {
        return String.format("%04X", id);
    }
}
