package org.cpebridge.matter.cert;

/** A Matter certificate (TLV or X.509 DER) is malformed or uses something outside Matter's profile. */
public final class CertificateFormatException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Creates an exception naming the offending field. */
    public CertificateFormatException(String reason) {
        super(reason);
    }

    /** Creates an exception with a cause from the TLV or ASN.1 layer. */
    public CertificateFormatException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
