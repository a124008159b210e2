package org.cpebridge.matter.cert;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

import org.cpebridge.matter.cert.CertificateValidationException.Reason;
import org.cpebridge.matter.crypto.CryptoException;
import org.cpebridge.matter.crypto.P256Point;
import org.cpebridge.bytes.Bytes;

/**
 * Validates a Matter operational chain NOC ← [ICAC] ← RCAC (Matter core spec 6.5 "Operational Certificate
 * Encoding" and 6.5.x certificate rules) and extracts the operational identity it grants. Checks: each position
 * holds the right kind of certificate (by its Matter DN attribute), CA/end-entity extensions, issuer DN and
 * authority key id against the parent, signatures, fabric id consistency, the node id range and, when a time is
 * known, the validity windows. A device without trusted time passes {@link Optional#empty()}.
 */
public final class CertificateChains {

    /** Smallest operational node id. */
    public static final long MIN_OPERATIONAL_NODE_ID = 0x0000_0000_0000_0001L;
    /** Largest operational node id (unsigned). */
    public static final long MAX_OPERATIONAL_NODE_ID = 0xFFFF_FFEF_FFFF_FFFFL;

    private static final int EKU_SERVER_AUTH = 1;
    private static final int EKU_CLIENT_AUTH = 2;

    private CertificateChains() {
    }

    /**
     * What a valid NOC chain says about its holder.
     *
     * @param fabricId the fabric
     * @param nodeId the operational node id
     * @param cats CASE authenticated tags, 0..3
     * @param rootPublicKey the RCAC public key (with fabric id, names the fabric)
     */
    public record OperationalIdentity(long fabricId, long nodeId, List<Long> cats, Bytes rootPublicKey) {
        /** Copies the CAT list. */
        public OperationalIdentity {
            cats = List.copyOf(cats);
            Objects.requireNonNull(rootPublicKey, "rootPublicKey");
        }
    }

    /**
     * Validates NOC ← [ICAC] ← RCAC.
     *
     * @param now the validation time, or empty when the device has no trusted time (windows are then not checked)
     * @throws CertificateValidationException with the first rule broken
     */
    public static OperationalIdentity validateNocChain(MatterCertificate noc, Optional<MatterCertificate> icac,
            MatterCertificate rcac, Optional<Instant> now) throws CertificateValidationException {
        Objects.requireNonNull(noc, "noc");
        Objects.requireNonNull(icac, "icac");
        Objects.requireNonNull(rcac, "rcac");
        Objects.requireNonNull(now, "now");

        requireSingle(rcac.subject(), DnAttribute.RCAC_ID, "RCAC");
        requireCa(rcac, "RCAC", icac.isPresent() ? 1 : 0);
        if (!rcac.issuer().equals(rcac.subject())) {
            throw new CertificateValidationException(Reason.ISSUER_MISMATCH, "RCAC is not self-issued");
        }
        if (authorityKeyId(rcac).isPresent() && !authorityKeyId(rcac).equals(subjectKeyId(rcac))) {
            throw new CertificateValidationException(Reason.ISSUER_MISMATCH, "RCAC authority key id is not its own");
        }
        requireSignedBy(rcac, rcac, "RCAC");

        MatterCertificate issuerOfNoc = rcac;
        if (icac.isPresent()) {
            MatterCertificate ica = icac.get();
            requireSingle(ica.subject(), DnAttribute.ICAC_ID, "ICAC");
            requireCa(ica, "ICAC", 0);
            requireIssuedBy(ica, rcac, "ICAC");
            issuerOfNoc = ica;
        }

        long nodeId = requireSingle(noc.subject(), DnAttribute.NODE_ID, "NOC");
        requireEndEntity(noc);
        requireIssuedBy(noc, issuerOfNoc, "NOC");
        if (Long.compareUnsigned(nodeId, MIN_OPERATIONAL_NODE_ID) < 0
                || Long.compareUnsigned(nodeId, MAX_OPERATIONAL_NODE_ID) > 0) {
            throw new CertificateValidationException(Reason.INVALID_NODE_ID,
                    "node id " + Long.toHexString(nodeId) + " is not operational");
        }

        Optional<Long> fabricId = optionalSingle(noc.subject(), DnAttribute.FABRIC_ID, "NOC");
        if (fabricId.isEmpty()) {
            throw new CertificateValidationException(Reason.FABRIC_MISMATCH, "NOC has no fabric id");
        }
        List<MatterCertificate> parents = new ArrayList<>();
        icac.ifPresent(parents::add);
        parents.add(rcac);
        for (MatterCertificate parent : parents) {
            Optional<Long> parentFabric = optionalSingle(parent.subject(), DnAttribute.FABRIC_ID, "issuer");
            if (parentFabric.isPresent() && !parentFabric.equals(fabricId)) {
                throw new CertificateValidationException(Reason.FABRIC_MISMATCH, "fabric ids differ along the chain");
            }
        }

        List<Long> cats = new ArrayList<>();
        for (DnAttribute attribute : noc.subject()) {
            if (attribute instanceof DnAttribute.MatterId id && id.type() == DnAttribute.NOC_CAT) {
                cats.add(id.value());
            }
        }
        if (cats.size() > 3) {
            throw new CertificateValidationException(Reason.WRONG_CERTIFICATE_TYPE, "NOC has more than 3 CATs");
        }

        if (now.isPresent()) {
            long seconds = now.get().getEpochSecond() - MatterCertificates.MATTER_EPOCH_UNIX_SECONDS;
            checkWindow(noc, seconds, "NOC");
            if (icac.isPresent()) {
                checkWindow(icac.get(), seconds, "ICAC");
            }
            checkWindow(rcac, seconds, "RCAC");
        }
        return new OperationalIdentity(fabricId.get(), nodeId, cats, rcac.publicKey());
    }

    private static void requireCa(MatterCertificate cert, String role, int intermediatesBelow)
            throws CertificateValidationException {
        CertExtension.BasicConstraints bc = basicConstraints(cert, role);
        if (!bc.ca()) {
            throw new CertificateValidationException(Reason.WRONG_EXTENSIONS, role + " is not a CA");
        }
        OptionalInt pathLength = bc.pathLength();
        if (pathLength.isPresent() && pathLength.getAsInt() < intermediatesBelow) {
            throw new CertificateValidationException(Reason.WRONG_EXTENSIONS, role + " path length too small");
        }
        int keyUsage = keyUsage(cert, role);
        if ((keyUsage & CertExtension.KeyUsage.KEY_CERT_SIGN) == 0) {
            throw new CertificateValidationException(Reason.WRONG_EXTENSIONS, role + " lacks keyCertSign");
        }
        if (subjectKeyId(cert).isEmpty()) {
            throw new CertificateValidationException(Reason.WRONG_EXTENSIONS, role + " lacks a subject key id");
        }
    }

    private static void requireEndEntity(MatterCertificate noc) throws CertificateValidationException {
        if (basicConstraints(noc, "NOC").ca()) {
            throw new CertificateValidationException(Reason.WRONG_EXTENSIONS, "NOC is a CA");
        }
        int keyUsage = keyUsage(noc, "NOC");
        if ((keyUsage & CertExtension.KeyUsage.DIGITAL_SIGNATURE) == 0
                || (keyUsage & CertExtension.KeyUsage.KEY_CERT_SIGN) != 0) {
            throw new CertificateValidationException(Reason.WRONG_EXTENSIONS,
                    "NOC key usage must include digitalSignature and not keyCertSign");
        }
        List<Integer> purposes = noc.extensions().stream()
                .filter(CertExtension.ExtendedKeyUsage.class::isInstance)
                .map(e -> ((CertExtension.ExtendedKeyUsage) e).purposes()).findFirst().orElse(List.of());
        if (!purposes.contains(EKU_CLIENT_AUTH) || !purposes.contains(EKU_SERVER_AUTH)) {
            throw new CertificateValidationException(Reason.WRONG_EXTENSIONS,
                    "NOC extended key usage must include clientAuth and serverAuth");
        }
    }

    private static void requireIssuedBy(MatterCertificate child, MatterCertificate parent, String role)
            throws CertificateValidationException {
        if (!child.issuer().equals(parent.subject())) {
            throw new CertificateValidationException(Reason.ISSUER_MISMATCH, role + " issuer is not its parent");
        }
        Optional<Bytes> akid = authorityKeyId(child);
        if (akid.isEmpty() || !akid.equals(subjectKeyId(parent))) {
            throw new CertificateValidationException(Reason.ISSUER_MISMATCH,
                    role + " authority key id does not match its parent");
        }
        requireSignedBy(child, parent, role);
    }

    private static void requireSignedBy(MatterCertificate child, MatterCertificate parent, String role)
            throws CertificateValidationException {
        P256Point key;
        try {
            key = P256Point.decode(parent.publicKey().toByteArray());
        } catch (CryptoException e) {
            throw new CertificateValidationException(Reason.BAD_SIGNATURE, "issuer of " + role + " has a bad key");
        }
        if (!MatterCertificates.verifySignature(child, key)) {
            throw new CertificateValidationException(Reason.BAD_SIGNATURE, role + " signature does not verify");
        }
    }

    private static void checkWindow(MatterCertificate cert, long matterSeconds, String role)
            throws CertificateValidationException {
        if (matterSeconds < cert.notBefore()) {
            throw new CertificateValidationException(Reason.NOT_YET_VALID, role);
        }
        if (cert.notAfter() != 0 && matterSeconds > cert.notAfter()) {
            throw new CertificateValidationException(Reason.EXPIRED, role);
        }
    }

    private static long requireSingle(List<DnAttribute> dn, int type, String role)
            throws CertificateValidationException {
        return optionalSingle(dn, type, role).orElseThrow(() -> new CertificateValidationException(
                Reason.WRONG_CERTIFICATE_TYPE, role + " subject lacks attribute " + type));
    }

    private static Optional<Long> optionalSingle(List<DnAttribute> dn, int type, String role)
            throws CertificateValidationException {
        Optional<Long> found = Optional.empty();
        for (DnAttribute attribute : dn) {
            if (attribute instanceof DnAttribute.MatterId id && id.type() == type) {
                if (found.isPresent()) {
                    throw new CertificateValidationException(Reason.WRONG_CERTIFICATE_TYPE,
                            role + " subject repeats attribute " + type);
                }
                found = Optional.of(id.value());
            }
        }
        return found;
    }

    private static CertExtension.BasicConstraints basicConstraints(MatterCertificate cert, String role)
            throws CertificateValidationException {
        return cert.extensions().stream().filter(CertExtension.BasicConstraints.class::isInstance)
                .map(CertExtension.BasicConstraints.class::cast).findFirst()
                .orElseThrow(() -> new CertificateValidationException(Reason.WRONG_EXTENSIONS,
                        role + " lacks basic constraints"));
    }

    private static int keyUsage(MatterCertificate cert, String role) throws CertificateValidationException {
        return cert.extensions().stream().filter(CertExtension.KeyUsage.class::isInstance)
                .mapToInt(e -> ((CertExtension.KeyUsage) e).bits()).findFirst()
                .orElseThrow(() -> new CertificateValidationException(Reason.WRONG_EXTENSIONS,
                        role + " lacks key usage"));
    }

    private static Optional<Bytes> subjectKeyId(MatterCertificate cert) {
        return cert.extensions().stream().filter(CertExtension.SubjectKeyId.class::isInstance)
                .map(e -> ((CertExtension.SubjectKeyId) e).keyId()).findFirst();
    }

    private static Optional<Bytes> authorityKeyId(MatterCertificate cert) {
        return cert.extensions().stream().filter(CertExtension.AuthorityKeyId.class::isInstance)
                .map(e -> ((CertExtension.AuthorityKeyId) e).keyId()).findFirst();
    }
}
