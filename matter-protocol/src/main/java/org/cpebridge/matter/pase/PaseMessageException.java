package org.cpebridge.matter.pase;

/** A PASE message could not be decoded: malformed TLV, a missing field or a value out of range. */
public final class PaseMessageException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Creates an exception whose reason names the offending field, never a secret. */
    public PaseMessageException(String reason) {
        super(reason);
    }

    /** Creates an exception with a cause from the TLV layer. */
    public PaseMessageException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
