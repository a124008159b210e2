package org.cpebridge.matter.cert;

import java.util.Objects;

/** A well-formed certificate chain that Matter's rules reject; the reason lets callers map it to a status. */
public final class CertificateValidationException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why the chain was rejected. */
    public enum Reason {
        /** A certificate is not the kind its position needs (RCAC, ICAC, NOC), or its DN is malformed. */
        WRONG_CERTIFICATE_TYPE,
        /** Basic constraints, key usage or extended key usage do not fit the certificate's role. */
        WRONG_EXTENSIONS,
        /** A child's issuer or authority key id does not name its parent. */
        ISSUER_MISMATCH,
        /** A signature does not verify. */
        BAD_SIGNATURE,
        /** Fabric ids differ along the chain, or the NOC has none. */
        FABRIC_MISMATCH,
        /** The node id is outside the operational range. */
        INVALID_NODE_ID,
        /** The validation time is before a certificate's notBefore. */
        NOT_YET_VALID,
        /** The validation time is after a certificate's notAfter. */
        EXPIRED
    }

    private final Reason reason;

    /** Creates an exception with a reason and a text naming the certificate. */
    public CertificateValidationException(Reason reason, String detail) {
        super(reason + ": " + detail);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** Why the chain was rejected. */
    public Reason reason() {
        return reason;
    }
}
