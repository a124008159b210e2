package org.cpebridge.matter.fabric;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;

import org.cpebridge.matter.cert.CertExtension;
import org.cpebridge.matter.cert.DnAttribute;
import org.cpebridge.matter.cert.MatterCertificate;
import org.cpebridge.matter.cert.MatterCertificates;
import org.cpebridge.matter.crypto.CryptoRandom;
import org.cpebridge.matter.crypto.Ecdsa;
import org.cpebridge.matter.crypto.P256KeyPair;
import org.cpebridge.bytes.Bytes;

/**
 * A test certificate authority: generates an RCAC (and optionally an ICAC) for a fabric and issues NOCs, following
 * the profiles of Matter core spec 6.5 (RCAC/ICAC: CA, keyCertSign|cRLSign; NOC: end entity, digitalSignature,
 * clientAuth+serverAuth; subject key id = SHA-1 of the public key), signed with the {@code crypto} and {@code cert}
 * packages.
 */
public final class TestCredentials {

    /** 2023-01-01T00:00:00Z in Matter epoch seconds. */
    static final long NOT_BEFORE = 1_672_531_200L - MatterCertificates.MATTER_EPOCH_UNIX_SECONDS;

    /** A NOC with its chain and the key it certifies. */
    public record Issued(Bytes rcac, Optional<Bytes> icac, Bytes noc, P256KeyPair nodeKey, long fabricId, long nodeId,
            Bytes rootPublicKey) {
    }

    private final CryptoRandom random;
    private final long fabricId;
    private final P256KeyPair rootKey;
    private final MatterCertificate rcac;
    private final Optional<P256KeyPair> icaKey;
    private final Optional<MatterCertificate> icac;

    private TestCredentials(CryptoRandom random, long rcacId, long fabricId, boolean withIcac) {
        this.random = random;
        this.fabricId = fabricId;
        this.rootKey = P256KeyPair.generate(random);
        List<DnAttribute> rootDn = List.of(new DnAttribute.MatterId(DnAttribute.RCAC_ID, rcacId),
                new DnAttribute.MatterId(DnAttribute.FABRIC_ID, fabricId));
        Bytes rootSkid = skid(rootKey);
        this.rcac = sign(rootDn, rootDn, rootKey, List.of(new CertExtension.BasicConstraints(true, OptionalInt.empty()),
                new CertExtension.KeyUsage(CertExtension.KeyUsage.KEY_CERT_SIGN | CertExtension.KeyUsage.CRL_SIGN),
                new CertExtension.SubjectKeyId(rootSkid), new CertExtension.AuthorityKeyId(rootSkid)), rootKey);
        if (withIcac) {
            P256KeyPair key = P256KeyPair.generate(random);
            List<DnAttribute> icaDn = List.of(new DnAttribute.MatterId(DnAttribute.ICAC_ID, rcacId + 1),
                    new DnAttribute.MatterId(DnAttribute.FABRIC_ID, fabricId));
            this.icaKey = Optional.of(key);
            this.icac = Optional.of(sign(rootDn, icaDn, key, List.of(
                    new CertExtension.BasicConstraints(true, OptionalInt.empty()),
                    new CertExtension.KeyUsage(CertExtension.KeyUsage.KEY_CERT_SIGN | CertExtension.KeyUsage.CRL_SIGN),
                    new CertExtension.SubjectKeyId(skid(key)), new CertExtension.AuthorityKeyId(rootSkid)), rootKey));
        } else {
            this.icaKey = Optional.empty();
            this.icac = Optional.empty();
        }
    }

    /** A CA for {@code fabricId}, with an ICAC when asked. */
    public static TestCredentials create(long rcacId, long fabricId, boolean withIcac, CryptoRandom random) {
        return new TestCredentials(random, rcacId, fabricId, withIcac);
    }

    /** A deterministic test randomness source. */
    public static CryptoRandom seeded(long seed) {
        Random random = new Random(seed);
        return random::nextBytes;
    }

    /** Issues a NOC for {@code nodeId} with the given CATs over a fresh key. */
    public Issued issue(long nodeId, List<Long> cats) {
        return issue(nodeId, cats, P256KeyPair.generate(random));
    }

    /** Issues a NOC for {@code nodeId} certifying {@code nodeKey}. */
    public Issued issue(long nodeId, List<Long> cats, P256KeyPair nodeKey) {
        List<DnAttribute> subject = new ArrayList<>();
        subject.add(new DnAttribute.MatterId(DnAttribute.NODE_ID, nodeId));
        subject.add(new DnAttribute.MatterId(DnAttribute.FABRIC_ID, fabricId));
        for (long cat : cats) {
            subject.add(new DnAttribute.MatterId(DnAttribute.NOC_CAT, cat));
        }
        MatterCertificate issuer = icac.orElse(rcac);
        P256KeyPair issuerKey = icaKey.orElse(rootKey);
        MatterCertificate noc = sign(issuer.subject(), subject, nodeKey, List.of(
                new CertExtension.BasicConstraints(false, OptionalInt.empty()),
                new CertExtension.KeyUsage(CertExtension.KeyUsage.DIGITAL_SIGNATURE),
                new CertExtension.ExtendedKeyUsage(List.of(2, 1)),
                new CertExtension.SubjectKeyId(skid(nodeKey)), new CertExtension.AuthorityKeyId(skid(issuerKey))),
                issuerKey);
        return new Issued(tlv(rcac), icac.map(TestCredentials::tlv), tlv(noc), nodeKey, fabricId, nodeId,
                rcac.publicKey());
    }

    /** A NOC (Matter TLV) for {@code nodeId} certifying a public key the test only knows from a CSR. */
    public Bytes nocFor(long nodeId, org.cpebridge.matter.crypto.P256Point publicKey) {
        List<DnAttribute> subject = List.of(new DnAttribute.MatterId(DnAttribute.NODE_ID, nodeId),
                new DnAttribute.MatterId(DnAttribute.FABRIC_ID, fabricId));
        MatterCertificate issuer = icac.orElse(rcac);
        P256KeyPair issuerKey = icaKey.orElse(rootKey);
        byte[] encoded = publicKey.encodeUncompressed();
        List<CertExtension> extensions = List.of(new CertExtension.BasicConstraints(false, OptionalInt.empty()),
                new CertExtension.KeyUsage(CertExtension.KeyUsage.DIGITAL_SIGNATURE),
                new CertExtension.ExtendedKeyUsage(List.of(2, 1)),
                new CertExtension.SubjectKeyId(sha1(encoded)), new CertExtension.AuthorityKeyId(skid(issuerKey)));
        MatterCertificate unsigned = new MatterCertificate(Bytes.of(random.bytes(8)), issuer.subject(), NOT_BEFORE, 0,
                subject, Bytes.of(encoded), extensions, Bytes.of(new byte[64]));
        byte[] signature = Ecdsa.sign(issuerKey, MatterCertificates.tbsDer(unsigned));
        return tlv(new MatterCertificate(unsigned.serialNumber(), issuer.subject(), NOT_BEFORE, 0, subject,
                unsigned.publicKey(), extensions, Bytes.of(signature)));
    }

    /** The root certificate (Matter TLV). */
    public Bytes rcacTlv() {
        return tlv(rcac);
    }

    /** The intermediate certificate (Matter TLV), if this CA has one. */
    public Optional<Bytes> icacTlv() {
        return icac.map(TestCredentials::tlv);
    }

    private static Bytes sha1(byte[] data) {
        try {
            return Bytes.of(MessageDigest.getInstance("SHA-1").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private MatterCertificate sign(List<DnAttribute> issuer, List<DnAttribute> subject, P256KeyPair subjectKey,
            List<CertExtension> extensions, P256KeyPair issuerKey) {
        MatterCertificate unsigned = new MatterCertificate(Bytes.of(random.bytes(8)), issuer, NOT_BEFORE, 0, subject,
                Bytes.of(subjectKey.publicKey().encodeUncompressed()), extensions, Bytes.of(new byte[64]));
        byte[] signature = Ecdsa.sign(issuerKey, MatterCertificates.tbsDer(unsigned));
        return new MatterCertificate(unsigned.serialNumber(), issuer, NOT_BEFORE, 0, subject, unsigned.publicKey(),
                extensions, Bytes.of(signature));
    }

    private static Bytes tlv(MatterCertificate cert) {
        return Bytes.of(MatterCertificates.encodeTlv(cert));
    }

    private static Bytes skid(P256KeyPair key) {
        try {
            return Bytes.of(MessageDigest.getInstance("SHA-1").digest(key.publicKey().encodeUncompressed()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
