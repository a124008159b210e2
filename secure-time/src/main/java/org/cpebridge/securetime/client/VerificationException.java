package org.cpebridge.securetime.client;

/** An answer the client must not believe, and which check it failed. */
public final class VerificationException extends Exception {

    /** Which check failed, in the order the verifier applies them. */
    public enum Reason {
        MALFORMED,
        NONCE_MISMATCH,
        VERSION_NOT_OFFERED,
        DELEGATION_SIGNATURE,
        RESPONSE_SIGNATURE,
        MERKLE_PATH,
        OUTSIDE_DELEGATION,
        UNSYNCHRONISED
    }

    private final Reason reason;

    public VerificationException(Reason reason, String detail) {
        super(reason + ": " + detail);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
