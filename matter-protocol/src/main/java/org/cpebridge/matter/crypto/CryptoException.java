package org.cpebridge.matter.crypto;

/**
 * A cryptographic check failed on input from a peer: a point not on the curve, a malformed signature, a confirmation
 * value that does not match. Callers map it to a protocol status; it never carries key material in its message.
 */
public final class CryptoException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Creates an exception with a reason text that names no secret. */
    public CryptoException(String reason) {
        super(reason);
    }

    /** Creates an exception with a reason text and the library cause. */
    public CryptoException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
