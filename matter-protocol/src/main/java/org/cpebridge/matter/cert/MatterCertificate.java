package org.cpebridge.matter.cert;

import java.util.List;
import java.util.Objects;

import org.cpebridge.bytes.Bytes;

/**
 * A Matter operational certificate (RCAC, ICAC or NOC) in its compact TLV form (Matter core spec 6.5.2). Times are
 * seconds since the Matter epoch 2000-01-01T00:00:00Z; {@code notAfter == 0} means "no well-defined expiration".
 * The signature is raw {@code r || s} over the X.509 DER TBSCertificate that {@link MatterCertificates#tbsDer}
 * rebuilds.
 */
public record MatterCertificate(Bytes serialNumber, List<DnAttribute> issuer, long notBefore, long notAfter,
        List<DnAttribute> subject, Bytes publicKey, List<CertExtension> extensions, Bytes signature) {

    /** Checks lengths and ranges. */
    public MatterCertificate {
        Objects.requireNonNull(serialNumber, "serialNumber");
        if (serialNumber.length() < 1 || serialNumber.length() > 20) {
            throw new IllegalArgumentException("serial number must be 1..20 bytes");
        }
        issuer = List.copyOf(issuer);
        subject = List.copyOf(subject);
        if (issuer.size() > 5 || subject.size() > 5) {
            throw new IllegalArgumentException("a distinguished name has at most 5 attributes");
        }
        checkU32(notBefore, "notBefore");
        checkU32(notAfter, "notAfter");
        if (Objects.requireNonNull(publicKey, "publicKey").length() != 65) {
            throw new IllegalArgumentException("public key must be 65 bytes");
        }
        extensions = List.copyOf(extensions);
        if (extensions.isEmpty()) {
            throw new IllegalArgumentException("a Matter certificate has at least one extension");
        }
        if (Objects.requireNonNull(signature, "signature").length() != 64) {
            throw new IllegalArgumentException("signature must be 64 bytes (r || s)");
        }
    }

    private static void checkU32(long value, String name) {
        if (value < 0 || value > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException(name + " does not fit 32 bits");
        }
    }
}
