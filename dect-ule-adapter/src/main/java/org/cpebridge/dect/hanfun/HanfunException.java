package org.cpebridge.dect.hanfun;

/** Malformed HAN-FUN input: the bytes cannot be a valid packet or payload. */
public final class HanfunException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why the input was rejected. */
    public enum Reason {
        /** Fewer bytes than a field or a declared length needs. */
        TRUNCATED,
        /** More bytes than allowed or declared. */
        OVERSIZED,
        /** A field holds a value the protocol does not allow. */
        BAD_VALUE
    }

    private final Reason reason;

    public HanfunException(Reason reason, String message) {
        super(reason + ": " + message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
