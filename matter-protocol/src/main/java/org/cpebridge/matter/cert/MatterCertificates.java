package org.cpebridge.matter.cert;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import org.bouncycastle.asn1.ASN1Boolean;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1GeneralizedTime;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1Set;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.ASN1TaggedObject;
import org.bouncycastle.asn1.ASN1UTCTime;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DERGeneralizedTime;
import org.bouncycastle.asn1.DERIA5String;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERPrintableString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.DERTaggedObject;
import org.bouncycastle.asn1.DERUTCTime;
import org.bouncycastle.asn1.DERUTF8String;
import org.cpebridge.matter.crypto.CryptoException;
import org.cpebridge.matter.crypto.Ecdsa;
import org.cpebridge.matter.crypto.P256Point;
import org.cpebridge.matter.tlv.TlvElement;
import org.cpebridge.matter.tlv.TlvException;
import org.cpebridge.matter.tlv.TlvTag;
import org.cpebridge.bytes.Bytes;

/**
 * Converts Matter operational certificates between the compact TLV form and X.509 DER (Matter core spec 6.5,
 * "Matter Certificate Encoding" and its X.509 mapping). The DER is rebuilt canonically, because the signature is
 * over the DER TBSCertificate: one attribute per RDN in TLV order, UTCTime before 2050 and GeneralizedTime after,
 * 99991231235959Z for "no expiry", Matter ids as upper-case hex UTF8String, extensions in TLV order with
 * basicConstraints, keyUsage and extKeyUsage critical. DER that would not rebuild byte for byte is rejected.
 *
 * <p>Why one class of about 670 lines: the TLV and X.509 forms are one table of fields read in both directions;
 * keeping both directions side by side, in the spec's order, is what keeps the rebuilt DER byte for byte.
 */
public final class MatterCertificates {

    /** Seconds from the Unix epoch to the Matter epoch, 2000-01-01T00:00:00Z. */
    public static final long MATTER_EPOCH_UNIX_SECONDS = 946_684_800L;

    private static final ASN1ObjectIdentifier ECDSA_WITH_SHA256 = new ASN1ObjectIdentifier("1.2.840.10045.4.3.2");
    private static final ASN1ObjectIdentifier EC_PUBLIC_KEY = new ASN1ObjectIdentifier("1.2.840.10045.2.1");
    private static final ASN1ObjectIdentifier PRIME256V1 = new ASN1ObjectIdentifier("1.2.840.10045.3.1.7");
    private static final ASN1ObjectIdentifier BASIC_CONSTRAINTS = new ASN1ObjectIdentifier("2.5.29.19");
    private static final ASN1ObjectIdentifier KEY_USAGE = new ASN1ObjectIdentifier("2.5.29.15");
    private static final ASN1ObjectIdentifier EXTENDED_KEY_USAGE = new ASN1ObjectIdentifier("2.5.29.37");
    private static final ASN1ObjectIdentifier SUBJECT_KEY_ID = new ASN1ObjectIdentifier("2.5.29.14");
    private static final ASN1ObjectIdentifier AUTHORITY_KEY_ID = new ASN1ObjectIdentifier("2.5.29.35");
    private static final String KEY_PURPOSE = "1.3.6.1.5.5.7.3.";
    // TLV extended-key-usage purposes 1..6 -> id-kp arcs (serverAuth, clientAuth, codeSigning, emailProtection,
    // timeStamping, OCSPSigning)
    private static final int[] KEY_PURPOSE_ARC = {0, 1, 2, 3, 4, 8, 9};

    // Matter core spec 6.5.6: TLV tag -> attribute OID
    private static final Map<Integer, String> ATTRIBUTE_OIDS = Map.ofEntries(
            Map.entry(1, "2.5.4.3"), Map.entry(2, "2.5.4.4"), Map.entry(3, "2.5.4.5"), Map.entry(4, "2.5.4.6"),
            Map.entry(5, "2.5.4.7"), Map.entry(6, "2.5.4.8"), Map.entry(7, "2.5.4.10"), Map.entry(8, "2.5.4.11"),
            Map.entry(9, "2.5.4.12"), Map.entry(10, "2.5.4.41"), Map.entry(11, "2.5.4.42"),
            Map.entry(12, "2.5.4.43"), Map.entry(13, "2.5.4.44"), Map.entry(14, "2.5.4.46"),
            Map.entry(15, "2.5.4.65"), Map.entry(16, "0.9.2342.19200300.100.1.25"),
            Map.entry(17, "1.3.6.1.4.1.37244.1.1"), Map.entry(18, "1.3.6.1.4.1.37244.1.2"),
            Map.entry(19, "1.3.6.1.4.1.37244.1.3"), Map.entry(20, "1.3.6.1.4.1.37244.1.4"),
            Map.entry(21, "1.3.6.1.4.1.37244.1.5"), Map.entry(22, "1.3.6.1.4.1.37244.1.6"));

    private static final DateTimeFormatter UTC_TIME = DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'", Locale.ROOT);
    private static final DateTimeFormatter GENERALIZED_TIME =
            DateTimeFormatter.ofPattern("uuuuMMddHHmmss'Z'", Locale.ROOT);
    private static final String NO_EXPIRY = "99991231235959Z";

    private MatterCertificates() {
    }

    // ---------------------------------------------------------------- TLV

    /**
     * Decodes a Matter TLV certificate.
     *
     * @throws CertificateFormatException on malformed TLV, fields out of order, missing or out of range, or an
     *     algorithm other than ECDSA-with-SHA256 / EC P-256
     */
    public static MatterCertificate decodeTlv(byte[] tlv) throws CertificateFormatException {
        TlvElement root;
        try {
            root = TlvElement.decode(tlv);
        } catch (TlvException e) {
            throw new CertificateFormatException("certificate TLV is malformed", e);
        }
        if (!(root instanceof TlvElement.Structure structure) || root.tag() != TlvTag.anonymous()) {
            throw new CertificateFormatException("certificate is not an anonymous structure");
        }
        List<TlvElement> members = structure.members();
        if (members.size() != 11) {
            throw new CertificateFormatException("certificate has " + members.size() + " fields, expected 11");
        }
        for (int i = 0; i < 11; i++) {
            if (!members.get(i).tag().equals(TlvTag.context(i + 1))) {
                throw new CertificateFormatException("certificate field " + (i + 1) + " missing or out of order");
            }
        }
        Bytes serial = octets(members.get(0), "serial-num");
        expectOne(members.get(1), "sig-algo");
        List<DnAttribute> issuer = distinguishedName(members.get(2), "issuer");
        long notBefore = unsigned(members.get(3), 0xFFFF_FFFFL, "not-before");
        long notAfter = unsigned(members.get(4), 0xFFFF_FFFFL, "not-after");
        List<DnAttribute> subject = distinguishedName(members.get(5), "subject");
        expectOne(members.get(6), "pub-key-algo");
        expectOne(members.get(7), "ec-curve-id");
        Bytes publicKey = octets(members.get(8), "ec-pub-key");
        List<CertExtension> extensions = extensions(members.get(9));
        Bytes signature = octets(members.get(10), "signature");
        try {
            return new MatterCertificate(serial, issuer, notBefore, notAfter, subject, publicKey, extensions,
                    signature);
        } catch (IllegalArgumentException e) {
            throw new CertificateFormatException("certificate field out of range: " + e.getMessage(), e);
        }
    }

    /** Encodes the certificate in Matter TLV, fields in tag order, integers in their shortest form. */
    public static byte[] encodeTlv(MatterCertificate cert) {
        List<TlvElement> members = new ArrayList<>();
        members.add(new TlvElement.Octets(TlvTag.context(1), cert.serialNumber()));
        members.add(new TlvElement.UnsignedInt(TlvTag.context(2), 1));
        members.add(dnElement(3, cert.issuer()));
        members.add(new TlvElement.UnsignedInt(TlvTag.context(4), cert.notBefore()));
        members.add(new TlvElement.UnsignedInt(TlvTag.context(5), cert.notAfter()));
        members.add(dnElement(6, cert.subject()));
        members.add(new TlvElement.UnsignedInt(TlvTag.context(7), 1));
        members.add(new TlvElement.UnsignedInt(TlvTag.context(8), 1));
        members.add(new TlvElement.Octets(TlvTag.context(9), cert.publicKey()));
        List<TlvElement> extensions = new ArrayList<>();
        for (CertExtension extension : cert.extensions()) {
            extensions.add(extensionElement(extension));
        }
        members.add(new TlvElement.ListOf(TlvTag.context(10), extensions));
        members.add(new TlvElement.Octets(TlvTag.context(11), cert.signature()));
        return new TlvElement.Structure(TlvTag.anonymous(), members).encode();
    }

    private static TlvElement dnElement(int tag, List<DnAttribute> attributes) {
        List<TlvElement> members = new ArrayList<>();
        for (DnAttribute attribute : attributes) {
            if (attribute instanceof DnAttribute.MatterId id) {
                members.add(new TlvElement.UnsignedInt(TlvTag.context(id.type()), id.value()));
            } else if (attribute instanceof DnAttribute.Text text) {
                int number = text.type() | (text.printable() ? DnAttribute.PRINTABLE_FLAG : 0);
                members.add(new TlvElement.Utf8(TlvTag.context(number), text.value()));
            }
        }
        return new TlvElement.ListOf(TlvTag.context(tag), members);
    }

    private static TlvElement extensionElement(CertExtension extension) {
        TlvTag tag = TlvTag.context(extension.tag());
        if (extension instanceof CertExtension.BasicConstraints bc) {
            List<TlvElement> members = new ArrayList<>();
            members.add(new TlvElement.Bool(TlvTag.context(1), bc.ca()));
            bc.pathLength().ifPresent(p -> members.add(new TlvElement.UnsignedInt(TlvTag.context(2), p)));
            return new TlvElement.Structure(tag, members);
        } else if (extension instanceof CertExtension.KeyUsage ku) {
            return new TlvElement.UnsignedInt(tag, ku.bits());
        } else if (extension instanceof CertExtension.ExtendedKeyUsage eku) {
            List<TlvElement> members = new ArrayList<>();
            for (int purpose : eku.purposes()) {
                members.add(new TlvElement.UnsignedInt(TlvTag.anonymous(), purpose));
            }
            return new TlvElement.Array(tag, members);
        } else if (extension instanceof CertExtension.SubjectKeyId skid) {
            return new TlvElement.Octets(tag, skid.keyId());
        } else if (extension instanceof CertExtension.AuthorityKeyId akid) {
            return new TlvElement.Octets(tag, akid.keyId());
        } else {
            return new TlvElement.Octets(tag, ((CertExtension.Future) extension).der());
        }
    }

    private static List<DnAttribute> distinguishedName(TlvElement element, String what)
            throws CertificateFormatException {
        if (!(element instanceof TlvElement.ListOf list)) {
            throw new CertificateFormatException(what + " is not a list");
        }
        List<DnAttribute> attributes = new ArrayList<>();
        for (TlvElement member : list.members()) {
            if (!(member.tag() instanceof TlvTag.Context context)) {
                throw new CertificateFormatException(what + " attribute without a context tag");
            }
            int number = context.number();
            try {
                if (number >= DnAttribute.NODE_ID && number <= DnAttribute.NOC_CAT) {
                    long max = number == DnAttribute.NOC_CAT ? 0xFFFF_FFFFL : -1L;
                    attributes.add(new DnAttribute.MatterId(number, unsigned(member, max, what)));
                } else if (member instanceof TlvElement.Utf8 text) {
                    boolean printable = (number & DnAttribute.PRINTABLE_FLAG) != 0;
                    attributes.add(new DnAttribute.Text(number & ~DnAttribute.PRINTABLE_FLAG, printable,
                            text.value()));
                } else {
                    throw new CertificateFormatException(what + " attribute " + number + " has the wrong type");
                }
            } catch (IllegalArgumentException e) {
                throw new CertificateFormatException(what + " attribute " + number + " invalid", e);
            }
        }
        return attributes;
    }

    private static List<CertExtension> extensions(TlvElement element) throws CertificateFormatException {
        if (!(element instanceof TlvElement.ListOf list)) {
            throw new CertificateFormatException("extensions is not a list");
        }
        List<CertExtension> extensions = new ArrayList<>();
        for (TlvElement member : list.members()) {
            if (!(member.tag() instanceof TlvTag.Context context)) {
                throw new CertificateFormatException("extension without a context tag");
            }
            try {
                extensions.add(switch (context.number()) {
                    case 1 -> basicConstraints(member);
                    case 2 -> new CertExtension.KeyUsage((int) unsigned(member, 0x1FF, "key-usage"));
                    case 3 -> extendedKeyUsage(member);
                    case 4 -> new CertExtension.SubjectKeyId(octets(member, "subject-key-id"));
                    case 5 -> new CertExtension.AuthorityKeyId(octets(member, "authority-key-id"));
                    case 6 -> new CertExtension.Future(octets(member, "future-extension"));
                    default -> throw new CertificateFormatException("unknown extension " + context.number());
                });
            } catch (IllegalArgumentException e) {
                throw new CertificateFormatException("extension " + context.number() + " invalid", e);
            }
        }
        return extensions;
    }

    private static CertExtension basicConstraints(TlvElement element) throws CertificateFormatException {
        if (!(element instanceof TlvElement.Structure structure)) {
            throw new CertificateFormatException("basic-constraints is not a structure");
        }
        Optional<TlvElement> ca = structure.member(1);
        if (ca.isEmpty() || !(ca.get() instanceof TlvElement.Bool isCa)) {
            throw new CertificateFormatException("basic-constraints has no is-ca boolean");
        }
        Optional<TlvElement> path = structure.member(2);
        OptionalInt pathLength = OptionalInt.empty();
        if (path.isPresent()) {
            pathLength = OptionalInt.of((int) unsigned(path.get(), 0xFF, "path-len-constraint"));
        }
        if (structure.members().size() != (path.isPresent() ? 2 : 1)) {
            throw new CertificateFormatException("basic-constraints has unknown members");
        }
        return new CertExtension.BasicConstraints(isCa.value(), pathLength);
    }

    private static CertExtension extendedKeyUsage(TlvElement element) throws CertificateFormatException {
        if (!(element instanceof TlvElement.Array array)) {
            throw new CertificateFormatException("extended-key-usage is not an array");
        }
        List<Integer> purposes = new ArrayList<>();
        for (TlvElement member : array.members()) {
            purposes.add((int) unsigned(member, 0xFF, "extended-key-usage"));
        }
        return new CertExtension.ExtendedKeyUsage(purposes);
    }

    private static Bytes octets(TlvElement element, String what) throws CertificateFormatException {
        if (!(element instanceof TlvElement.Octets octets)) {
            throw new CertificateFormatException(what + " is not an octet string");
        }
        return octets.value();
    }

    /** Reads an unsigned integer no larger than {@code max} (compared unsigned; -1 means 64 bits). */
    private static long unsigned(TlvElement element, long max, String what) throws CertificateFormatException {
        if (!(element instanceof TlvElement.UnsignedInt number)) {
            throw new CertificateFormatException(what + " is not an unsigned integer");
        }
        if (Long.compareUnsigned(number.value(), max) > 0) {
            throw new CertificateFormatException(what + " out of range");
        }
        return number.value();
    }

    private static void expectOne(TlvElement element, String what) throws CertificateFormatException {
        if (unsigned(element, 0xFF, what) != 1) {
            throw new CertificateFormatException(what + " is not the only defined value 1");
        }
    }

    // ---------------------------------------------------------------- TLV -> DER

    /** The DER TBSCertificate the signature covers. */
    public static byte[] tbsDer(MatterCertificate cert) {
        return der(tbs(cert));
    }

    /** The full X.509 certificate in DER. */
    public static byte[] toX509Der(MatterCertificate cert) {
        ASN1EncodableVector certificate = new ASN1EncodableVector();
        certificate.add(tbs(cert));
        certificate.add(new DERSequence(ECDSA_WITH_SHA256));
        certificate.add(new DERBitString(Ecdsa.rawToDer(cert.signature().toByteArray())));
        return der(new DERSequence(certificate));
    }

    /**
     * Verifies the certificate's signature with the issuer's public key (for a root: its own key).
     *
     * @return false if the signature does not verify
     */
    public static boolean verifySignature(MatterCertificate cert, P256Point issuerPublicKey) {
        return Ecdsa.verify(issuerPublicKey, tbsDer(cert), cert.signature().toByteArray());
    }

    private static DERSequence tbs(MatterCertificate cert) {
        ASN1EncodableVector tbs = new ASN1EncodableVector();
        tbs.add(new DERTaggedObject(true, 0, new ASN1Integer(2)));
        tbs.add(new ASN1Integer(cert.serialNumber().toByteArray()));
        tbs.add(new DERSequence(ECDSA_WITH_SHA256));
        tbs.add(name(cert.issuer()));
        ASN1EncodableVector validity = new ASN1EncodableVector();
        validity.add(time(cert.notBefore(), false));
        validity.add(time(cert.notAfter(), true));
        tbs.add(new DERSequence(validity));
        tbs.add(name(cert.subject()));
        ASN1EncodableVector algorithm = new ASN1EncodableVector();
        algorithm.add(EC_PUBLIC_KEY);
        algorithm.add(PRIME256V1);
        ASN1EncodableVector spki = new ASN1EncodableVector();
        spki.add(new DERSequence(algorithm));
        spki.add(new DERBitString(cert.publicKey().toByteArray()));
        tbs.add(new DERSequence(spki));
        ASN1EncodableVector extensions = new ASN1EncodableVector();
        for (CertExtension extension : cert.extensions()) {
            extensions.add(extension(extension));
        }
        tbs.add(new DERTaggedObject(true, 3, new DERSequence(extensions)));
        return new DERSequence(tbs);
    }

    private static DERSequence name(List<DnAttribute> attributes) {
        ASN1EncodableVector rdns = new ASN1EncodableVector();
        for (DnAttribute attribute : attributes) {
            ASN1Encodable value;
            if (attribute instanceof DnAttribute.MatterId id) {
                String hex = HexFormat.of().withUpperCase().toHexDigits(id.value());
                value = new DERUTF8String(id.type() == DnAttribute.NOC_CAT ? hex.substring(8) : hex);
            } else {
                DnAttribute.Text text = (DnAttribute.Text) attribute;
                if (text.type() == DnAttribute.DOMAIN_COMPONENT) {
                    value = new DERIA5String(text.value());
                } else if (text.printable()) {
                    value = new DERPrintableString(text.value());
                } else {
                    value = new DERUTF8String(text.value());
                }
            }
            ASN1EncodableVector pair = new ASN1EncodableVector();
            pair.add(new ASN1ObjectIdentifier(ATTRIBUTE_OIDS.get(attribute.type())));
            pair.add(value);
            rdns.add(new DERSet(new DERSequence(pair)));
        }
        return new DERSequence(rdns);
    }

    private static ASN1Primitive time(long matterSeconds, boolean notAfter) {
        if (notAfter && matterSeconds == 0) {
            return new DERGeneralizedTime(NO_EXPIRY);
        }
        LocalDateTime when = LocalDateTime.ofEpochSecond(MATTER_EPOCH_UNIX_SECONDS + matterSeconds, 0,
                ZoneOffset.UTC);
        // RFC 5280 4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050.
        return when.getYear() < 2050 ? new DERUTCTime(UTC_TIME.format(when))
                : new DERGeneralizedTime(GENERALIZED_TIME.format(when));
    }

    private static ASN1Encodable extension(CertExtension extension) {
        ASN1ObjectIdentifier oid;
        boolean critical;
        ASN1Encodable value;
        if (extension instanceof CertExtension.BasicConstraints bc) {
            ASN1EncodableVector v = new ASN1EncodableVector();
            if (bc.ca()) {
                v.add(ASN1Boolean.TRUE);
            }
            bc.pathLength().ifPresent(p -> v.add(new ASN1Integer(p)));
            oid = BASIC_CONSTRAINTS;
            critical = true;
            value = new DERSequence(v);
        } else if (extension instanceof CertExtension.KeyUsage ku) {
            oid = KEY_USAGE;
            critical = true;
            value = keyUsageBits(ku.bits());
        } else if (extension instanceof CertExtension.ExtendedKeyUsage eku) {
            ASN1EncodableVector v = new ASN1EncodableVector();
            for (int purpose : eku.purposes()) {
                v.add(new ASN1ObjectIdentifier(KEY_PURPOSE + KEY_PURPOSE_ARC[purpose]));
            }
            oid = EXTENDED_KEY_USAGE;
            critical = true;
            value = new DERSequence(v);
        } else if (extension instanceof CertExtension.SubjectKeyId skid) {
            oid = SUBJECT_KEY_ID;
            critical = false;
            value = new DEROctetString(skid.keyId().toByteArray());
        } else if (extension instanceof CertExtension.AuthorityKeyId akid) {
            oid = AUTHORITY_KEY_ID;
            critical = false;
            value = new DERSequence(new DERTaggedObject(false, 0, new DEROctetString(akid.keyId().toByteArray())));
        } else {
            try {
                return ASN1Primitive.fromByteArray(((CertExtension.Future) extension).der().toByteArray());
            } catch (IOException e) {
                throw new IllegalArgumentException("future extension is not DER", e);
            }
        }
        ASN1EncodableVector v = new ASN1EncodableVector();
        v.add(oid);
        if (critical) {
            v.add(ASN1Boolean.TRUE);
        }
        v.add(new DEROctetString(der(value.toASN1Primitive())));
        return new DERSequence(v);
    }

    /** Matter bit i (0 = digitalSignature) is X.509 named bit i: DER BIT STRING, trailing zero bits dropped. */
    private static DERBitString keyUsageBits(int bits) {
        int highest = 31 - Integer.numberOfLeadingZeros(bits);
        byte[] octets = new byte[highest / 8 + 1];
        for (int i = 0; i <= highest; i++) {
            if ((bits >> i & 1) != 0) {
                octets[i / 8] |= (byte) (0x80 >>> (i % 8));
            }
        }
        return new DERBitString(octets, 7 - highest % 8);
    }

    private static int keyUsageFromBits(DERBitString bitString) throws CertificateFormatException {
        byte[] octets = bitString.getBytes();
        int bits = 0;
        for (int i = 0; i < octets.length * 8; i++) {
            if ((octets[i / 8] >> (7 - i % 8) & 1) != 0) {
                if (i > 8) {
                    throw new CertificateFormatException("key usage bit " + i + " is not defined");
                }
                bits |= 1 << i;
            }
        }
        return bits;
    }

    private static byte[] der(ASN1Encodable value) {
        try {
            return value.toASN1Primitive().getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new IllegalStateException("DER encoding in memory cannot fail", e);
        }
    }

    // ---------------------------------------------------------------- DER -> TLV

    /**
     * Converts an X.509 DER certificate to its Matter TLV form.
     *
     * @throws CertificateFormatException if the DER is malformed, uses anything outside the Matter profile, or
     *     would not rebuild to exactly the same bytes (so its signature could not be checked from TLV)
     */
    public static MatterCertificate fromX509Der(byte[] der) throws CertificateFormatException {
        if (der.length == 0) {
            throw new CertificateFormatException("X.509 certificate is empty");
        }
        MatterCertificate cert;
        try {
            cert = parseDer(der);
        } catch (IOException | IllegalArgumentException | IllegalStateException | ClassCastException
                | ArrayIndexOutOfBoundsException | NullPointerException e) {
            // Bouncy Castle's getInstance answers null or unchecked exceptions on unexpected structure.
            throw new CertificateFormatException("X.509 certificate is malformed: " + e.getMessage(), e);
        }
        if (!Arrays.equals(toX509Der(cert), der)) {
            throw new CertificateFormatException("X.509 certificate is not in Matter's canonical DER form");
        }
        return cert;
    }

    private static MatterCertificate parseDer(byte[] der) throws IOException, CertificateFormatException {
        ASN1Sequence certificate = ASN1Sequence.getInstance(ASN1Primitive.fromByteArray(der));
        if (certificate.size() != 3) {
            throw new CertificateFormatException("certificate is not a 3-element sequence");
        }
        ASN1Sequence tbs = ASN1Sequence.getInstance(certificate.getObjectAt(0));
        requireEcdsaSha256(certificate.getObjectAt(1));
        byte[] signatureDer = DERBitString.getInstance(certificate.getObjectAt(2)).getOctets();
        byte[] signature;
        try {
            signature = Ecdsa.derToRaw(signatureDer);
        } catch (CryptoException e) {
            throw new CertificateFormatException("signature is not an ECDSA P-256 signature", e);
        }
        if (tbs.size() != 8) {
            throw new CertificateFormatException("TBSCertificate must have version, ..., extensions (8 elements)");
        }
        ASN1TaggedObject version = ASN1TaggedObject.getInstance(tbs.getObjectAt(0));
        if (version.getTagNo() != 0 || !ASN1Integer.getInstance(version.getExplicitBaseObject()).hasValue(2)) {
            throw new CertificateFormatException("certificate is not X.509 v3");
        }
        BigInteger serial = ASN1Integer.getInstance(tbs.getObjectAt(1)).getValue();
        requireEcdsaSha256(tbs.getObjectAt(2));
        List<DnAttribute> issuer = parseName(tbs.getObjectAt(3));
        ASN1Sequence validity = ASN1Sequence.getInstance(tbs.getObjectAt(4));
        long notBefore = parseTime(validity.getObjectAt(0).toASN1Primitive(), false);
        long notAfter = parseTime(validity.getObjectAt(1).toASN1Primitive(), true);
        List<DnAttribute> subject = parseName(tbs.getObjectAt(5));
        ASN1Sequence spki = ASN1Sequence.getInstance(tbs.getObjectAt(6));
        ASN1Sequence algorithm = ASN1Sequence.getInstance(spki.getObjectAt(0));
        if (!EC_PUBLIC_KEY.equals(algorithm.getObjectAt(0)) || !PRIME256V1.equals(algorithm.getObjectAt(1))) {
            throw new CertificateFormatException("public key is not EC P-256");
        }
        byte[] publicKey = DERBitString.getInstance(spki.getObjectAt(1)).getOctets();
        ASN1TaggedObject extensionsTag = ASN1TaggedObject.getInstance(tbs.getObjectAt(7));
        if (extensionsTag.getTagNo() != 3) {
            throw new CertificateFormatException("extensions are not tagged [3]");
        }
        List<CertExtension> extensions = new ArrayList<>();
        for (ASN1Encodable item : ASN1Sequence.getInstance(extensionsTag.getExplicitBaseObject())) {
            extensions.add(parseExtension(ASN1Sequence.getInstance(item)));
        }
        return new MatterCertificate(Bytes.of(serial.toByteArray()), issuer, notBefore, notAfter, subject,
                Bytes.of(publicKey), extensions, Bytes.of(signature));
    }

    private static void requireEcdsaSha256(ASN1Encodable algorithm) throws CertificateFormatException {
        ASN1Sequence sequence = ASN1Sequence.getInstance(algorithm);
        if (sequence.size() != 1 || !ECDSA_WITH_SHA256.equals(sequence.getObjectAt(0))) {
            throw new CertificateFormatException("signature algorithm is not ecdsa-with-SHA256");
        }
    }

    private static List<DnAttribute> parseName(ASN1Encodable encodable) throws CertificateFormatException {
        List<DnAttribute> attributes = new ArrayList<>();
        for (ASN1Encodable rdn : ASN1Sequence.getInstance(encodable)) {
            ASN1Set set = ASN1Set.getInstance(rdn);
            if (set.size() != 1) {
                throw new CertificateFormatException("multi-valued RDN is not supported");
            }
            ASN1Sequence pair = ASN1Sequence.getInstance(set.getObjectAt(0));
            String oid = ASN1ObjectIdentifier.getInstance(pair.getObjectAt(0)).getId();
            int type = ATTRIBUTE_OIDS.entrySet().stream().filter(e -> e.getValue().equals(oid))
                    .mapToInt(Map.Entry::getKey).findFirst()
                    .orElseThrow(() -> new CertificateFormatException("unsupported attribute " + oid));
            ASN1Encodable value = pair.getObjectAt(1);
            if (!(value instanceof ASN1String string)) {
                throw new CertificateFormatException("attribute " + oid + " is not a string");
            }
            if (type >= DnAttribute.NODE_ID) {
                attributes.add(new DnAttribute.MatterId(type, parseHexId(string.getString(), type)));
            } else {
                attributes.add(new DnAttribute.Text(type, value instanceof DERPrintableString, string.getString()));
            }
        }
        return attributes;
    }

    private static long parseHexId(String text, int type) throws CertificateFormatException {
        int digits = type == DnAttribute.NOC_CAT ? 8 : 16;
        if (text.length() != digits || !text.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F'))) {
            throw new CertificateFormatException("Matter id attribute is not " + digits + " upper-case hex digits");
        }
        return Long.parseUnsignedLong(text, 16);
    }

    private static long parseTime(ASN1Primitive time, boolean notAfter) throws CertificateFormatException {
        String text = new String(contentOctets(time), StandardCharsets.US_ASCII);
        LocalDateTime when;
        try {
            if (time instanceof ASN1UTCTime) {
                when = LocalDateTime.parse(text, UTC_TIME);
                if (when.getYear() >= 2050) {
                    when = when.minusYears(100);
                }
            } else if (time instanceof ASN1GeneralizedTime) {
                if (notAfter && NO_EXPIRY.equals(text)) {
                    return 0;
                }
                when = LocalDateTime.parse(text, GENERALIZED_TIME);
            } else {
                throw new CertificateFormatException("validity time is neither UTCTime nor GeneralizedTime");
            }
        } catch (DateTimeParseException e) {
            throw new CertificateFormatException("validity time is not in DER form: " + text, e);
        }
        long seconds = when.toEpochSecond(ZoneOffset.UTC) - MATTER_EPOCH_UNIX_SECONDS;
        if (seconds < 0 || seconds > 0xFFFF_FFFFL || (notAfter && seconds == 0)) {
            throw new CertificateFormatException("validity time outside the Matter epoch range");
        }
        return seconds;
    }

    private static byte[] contentOctets(ASN1Primitive primitive) {
        byte[] encoded = der(primitive);
        return Arrays.copyOfRange(encoded, 2, encoded.length);
    }

    private static CertExtension parseExtension(ASN1Sequence extension) throws IOException,
            CertificateFormatException {
        ASN1ObjectIdentifier oid = ASN1ObjectIdentifier.getInstance(extension.getObjectAt(0));
        ASN1OctetString value = ASN1OctetString.getInstance(extension.getObjectAt(extension.size() - 1));
        ASN1Primitive inner = ASN1Primitive.fromByteArray(value.getOctets());
        if (BASIC_CONSTRAINTS.equals(oid)) {
            ASN1Sequence sequence = ASN1Sequence.getInstance(inner);
            boolean ca = false;
            OptionalInt pathLength = OptionalInt.empty();
            for (ASN1Encodable item : sequence) {
                if (item instanceof ASN1Boolean bool) {
                    ca = bool.isTrue();
                } else {
                    pathLength = OptionalInt.of(ASN1Integer.getInstance(item).intValueExact());
                }
            }
            return new CertExtension.BasicConstraints(ca, pathLength);
        } else if (KEY_USAGE.equals(oid)) {
            return new CertExtension.KeyUsage(keyUsageFromBits((DERBitString) DERBitString.getInstance(inner)));
        } else if (EXTENDED_KEY_USAGE.equals(oid)) {
            List<Integer> purposes = new ArrayList<>();
            for (ASN1Encodable item : ASN1Sequence.getInstance(inner)) {
                String id = ASN1ObjectIdentifier.getInstance(item).getId();
                int purpose = -1;
                for (int i = 1; i < KEY_PURPOSE_ARC.length; i++) {
                    if (id.equals(KEY_PURPOSE + KEY_PURPOSE_ARC[i])) {
                        purpose = i;
                    }
                }
                if (purpose < 0) {
                    throw new CertificateFormatException("unsupported extended key usage " + id);
                }
                purposes.add(purpose);
            }
            return new CertExtension.ExtendedKeyUsage(purposes);
        } else if (SUBJECT_KEY_ID.equals(oid)) {
            return new CertExtension.SubjectKeyId(Bytes.of(ASN1OctetString.getInstance(inner).getOctets()));
        } else if (AUTHORITY_KEY_ID.equals(oid)) {
            ASN1Sequence sequence = ASN1Sequence.getInstance(inner);
            if (sequence.size() != 1) {
                throw new CertificateFormatException("authority key id carries more than a key identifier");
            }
            ASN1TaggedObject keyId = ASN1TaggedObject.getInstance(sequence.getObjectAt(0));
            if (keyId.getTagNo() != 0) {
                throw new CertificateFormatException("authority key id is not [0] keyIdentifier");
            }
            return new CertExtension.AuthorityKeyId(Bytes.of(ASN1OctetString.getInstance(keyId, false).getOctets()));
        }
        return new CertExtension.Future(Bytes.of(der(extension)));
    }
}
