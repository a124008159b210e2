package org.cpebridge.matter.sigma;

/** A CASE message or one of its encrypted/signed parts is malformed or fails a check. */
public final class SigmaMessageException extends Exception {

    private static final long serialVersionUID = 1L;

    public SigmaMessageException(String reason) {
        super(reason);
    }

    public SigmaMessageException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
