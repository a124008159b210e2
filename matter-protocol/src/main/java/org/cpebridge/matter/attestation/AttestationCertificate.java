package org.cpebridge.matter.attestation;

import java.io.IOException;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.cpebridge.matter.attestation.AttestationException.Reason;
import org.cpebridge.matter.crypto.CryptoException;
import org.cpebridge.matter.crypto.Ecdsa;
import org.cpebridge.matter.crypto.P256Point;
import org.cpebridge.bytes.Bytes;

/**
 * An X.509 attestation certificate (PAA, PAI or DAC, Matter core spec 6.2.2) read into the facts attestation checks
 * need: the Matter vendor and product ids of the subject, key ids, basic constraints, key usage, validity, the P-256
 * key and the signature over the TBS part. Immutable.
 */
public final class AttestationCertificate {

    /** OID of the Matter vendor id DN attribute. */
    static final ASN1ObjectIdentifier MATTER_VID = new ASN1ObjectIdentifier("1.3.6.1.4.1.37244.2.1");
    /** OID of the Matter product id DN attribute. */
    static final ASN1ObjectIdentifier MATTER_PID = new ASN1ObjectIdentifier("1.3.6.1.4.1.37244.2.2");
    static final ASN1ObjectIdentifier ECDSA_WITH_SHA256 = new ASN1ObjectIdentifier("1.2.840.10045.4.3.2");
    static final ASN1ObjectIdentifier EC_PUBLIC_KEY = new ASN1ObjectIdentifier("1.2.840.10045.2.1");
    static final ASN1ObjectIdentifier PRIME256V1 = new ASN1ObjectIdentifier("1.2.840.10045.3.1.7");

    /** Legacy form of the ids inside the common name (spec 6.2.2.2): {@code Mvid:FFF1 Mpid:8000}. */
    private static final Pattern CN_VID = Pattern.compile("Mvid:([0-9A-F]{4})");
    private static final Pattern CN_PID = Pattern.compile("Mpid:([0-9A-F]{4})");
    private static final Pattern HEX4 = Pattern.compile("[0-9A-F]{4}");

    private final Bytes der;
    private final Bytes tbs;
    private final Bytes subject;
    private final Bytes issuer;
    private final OptionalInt vendorId;
    private final OptionalInt productId;
    private final Optional<Bytes> subjectKeyId;
    private final Optional<Bytes> authorityKeyId;
    private final boolean certificateAuthority;
    private final OptionalInt pathLength;
    private final int keyUsage;
    private final Instant notBefore;
    private final Instant notAfter;
    private final P256Point publicKey;
    private final Bytes signature;

    private AttestationCertificate(byte[] der, Certificate certificate) throws AttestationException, IOException,
            CryptoException {
        this.der = Bytes.of(der);
        if (certificate.getVersionNumber() != 3) {
            throw new AttestationException(Reason.MALFORMED, "certificate is not X.509 v3");
        }
        if (!ECDSA_WITH_SHA256.equals(certificate.getSignatureAlgorithm().getAlgorithm())) {
            throw new AttestationException(Reason.MALFORMED, "certificate is not signed with ecdsa-with-SHA256");
        }
        this.tbs = Bytes.of(certificate.getTBSCertificate().getEncoded(ASN1Encoding.DER));
        this.subject = Bytes.of(certificate.getSubject().getEncoded(ASN1Encoding.DER));
        this.issuer = Bytes.of(certificate.getIssuer().getEncoded(ASN1Encoding.DER));
        this.vendorId = matterId(certificate.getSubject(), MATTER_VID, CN_VID);
        this.productId = matterId(certificate.getSubject(), MATTER_PID, CN_PID);
        SubjectPublicKeyInfo keyInfo = certificate.getSubjectPublicKeyInfo();
        if (!EC_PUBLIC_KEY.equals(keyInfo.getAlgorithm().getAlgorithm())
                || !PRIME256V1.equals(keyInfo.getAlgorithm().getParameters())) {
            throw new AttestationException(Reason.MALFORMED, "certificate key is not EC P-256");
        }
        this.publicKey = P256Point.decode(keyInfo.getPublicKeyData().getOctets());
        Extensions extensions = certificate.getTBSCertificate().getExtensions();
        if (extensions == null) {
            throw new AttestationException(Reason.WRONG_EXTENSIONS, "certificate has no extensions");
        }
        BasicConstraints constraints = BasicConstraints.fromExtensions(extensions);
        if (constraints == null) {
            throw new AttestationException(Reason.WRONG_EXTENSIONS, "certificate lacks basic constraints");
        }
        this.certificateAuthority = constraints.isCA();
        this.pathLength = constraints.getPathLenConstraint() == null ? OptionalInt.empty()
                : OptionalInt.of(constraints.getPathLenConstraint().intValueExact());
        KeyUsage usage = KeyUsage.fromExtensions(extensions);
        if (usage == null) {
            throw new AttestationException(Reason.WRONG_EXTENSIONS, "certificate lacks key usage");
        }
        this.keyUsage = usage.getBytes().length == 0 ? 0 : keyUsageBits(usage);
        SubjectKeyIdentifier skid = SubjectKeyIdentifier.fromExtensions(extensions);
        this.subjectKeyId = skid == null ? Optional.empty() : Optional.of(Bytes.of(skid.getKeyIdentifier()));
        AuthorityKeyIdentifier akid = AuthorityKeyIdentifier.fromExtensions(extensions);
        this.authorityKeyId = akid == null || akid.getKeyIdentifier() == null ? Optional.empty()
                : Optional.of(Bytes.of(akid.getKeyIdentifier()));
        this.notBefore = certificate.getStartDate().getDate().toInstant();
        this.notAfter = certificate.getEndDate().getDate().toInstant();
        this.signature = Bytes.of(Ecdsa.derToRaw(certificate.getSignature().getOctets()));
    }

    /**
     * Parses a DER certificate.
     *
     * @throws AttestationException {@code MALFORMED} or {@code WRONG_EXTENSIONS} if it is not a v3 P-256
     *     ECDSA-SHA256 certificate with basic constraints and key usage, or has trailing bytes
     */
    public static AttestationCertificate parse(byte[] der) throws AttestationException {
        Objects.requireNonNull(der, "der");
        try {
            ASN1Primitive primitive = der.length == 0 ? null : ASN1Primitive.fromByteArray(der);
            if (primitive == null) {
                throw new AttestationException(Reason.MALFORMED, "certificate is empty");
            }
            return new AttestationCertificate(der, Certificate.getInstance(primitive));
        } catch (IOException | IllegalArgumentException | IllegalStateException | ClassCastException
                | ArithmeticException | IndexOutOfBoundsException | NullPointerException | CryptoException e) {
            // Bouncy Castle reports unexpected structure with unchecked exceptions or nulls.
            throw new AttestationException(Reason.MALFORMED, "certificate is malformed: " + e.getMessage(), e);
        }
    }

    /** Parses a DER certificate given as {@link Bytes}. */
    public static AttestationCertificate parse(Bytes der) throws AttestationException {
        return parse(der.toByteArray());
    }

    private static int keyUsageBits(KeyUsage usage) {
        byte[] bytes = usage.getBytes();
        int bits = 0;
        // Bit 0 (digitalSignature) is the most significant bit of the first byte.
        for (int bit = 0; bit < 9; bit++) {
            int index = bit / 8;
            if (index < bytes.length && (bytes[index] & (0x80 >> (bit % 8))) != 0) {
                bits |= 1 << bit;
            }
        }
        return bits;
    }

    private static OptionalInt matterId(X500Name name, ASN1ObjectIdentifier oid, Pattern inCommonName)
            throws AttestationException {
        OptionalInt found = OptionalInt.empty();
        for (RDN rdn : name.getRDNs()) {
            for (AttributeTypeAndValue attribute : rdn.getTypesAndValues()) {
                if (oid.equals(attribute.getType())) {
                    String text = text(attribute.getValue());
                    if (found.isPresent() || !HEX4.matcher(text).matches()) {
                        throw new AttestationException(Reason.MALFORMED, "bad or repeated Matter id attribute "
                                + oid + ": " + text);
                    }
                    found = OptionalInt.of(Integer.parseInt(text, 16));
                }
            }
        }
        if (found.isPresent()) {
            return found;
        }
        for (RDN rdn : name.getRDNs(new ASN1ObjectIdentifier("2.5.4.3"))) {
            Matcher matcher = inCommonName.matcher(text(rdn.getFirst().getValue()));
            if (matcher.find()) {
                return OptionalInt.of(Integer.parseInt(matcher.group(1), 16));
            }
        }
        return OptionalInt.empty();
    }

    private static String text(ASN1Encodable value) throws AttestationException {
        if (value instanceof ASN1String string) {
            return string.getString();
        }
        throw new AttestationException(Reason.MALFORMED, "DN attribute is not a string");
    }

    /** Key usage bit for digitalSignature. */
    public static final int DIGITAL_SIGNATURE = 1;
    /** Key usage bit for keyCertSign. */
    public static final int KEY_CERT_SIGN = 1 << 5;
    /** Key usage bit for cRLSign. */
    public static final int CRL_SIGN = 1 << 6;

    /** Whether this certificate's signature verifies with {@code issuerKey}. */
    public boolean isSignedBy(P256Point issuerKey) {
        return Ecdsa.verify(issuerKey, tbs.toByteArray(), signature.toByteArray());
    }

    /** The whole certificate, DER. */
    public Bytes der() {
        return der;
    }

    /** Subject distinguished name, DER. */
    public Bytes subject() {
        return subject;
    }

    /** Issuer distinguished name, DER. */
    public Bytes issuer() {
        return issuer;
    }

    /** Matter vendor id of the subject, if any. */
    public OptionalInt vendorId() {
        return vendorId;
    }

    /** Matter product id of the subject, if any. */
    public OptionalInt productId() {
        return productId;
    }

    public Optional<Bytes> subjectKeyId() {
        return subjectKeyId;
    }

    public Optional<Bytes> authorityKeyId() {
        return authorityKeyId;
    }

    public boolean isCertificateAuthority() {
        return certificateAuthority;
    }

    public OptionalInt pathLength() {
        return pathLength;
    }

    /** Key usage as bits: bit 0 digitalSignature ... bit 5 keyCertSign, bit 6 cRLSign (RFC 5280 numbering). */
    public int keyUsage() {
        return keyUsage;
    }

    public Instant notBefore() {
        return notBefore;
    }

    public Instant notAfter() {
        return notAfter;
    }

    public P256Point publicKey() {
        return publicKey;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AttestationCertificate that && der.equals(that.der);
    }

    @Override
    public int hashCode() {
        return der.hashCode();
    }

    @Override
    public String toString() {
        return "AttestationCertificate[vid=" + hex(vendorId) + ", pid=" + hex(productId) + ", ca="
                + certificateAuthority + ", skid=" + subjectKeyId.map(Bytes::hex).orElse("-") + "]";
    }

    private static String hex(OptionalInt id) {
        return id.isPresent() ? String.format("0x%04X", id.getAsInt()) : "-";
    }
}
