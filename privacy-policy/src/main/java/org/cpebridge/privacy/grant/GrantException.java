package org.cpebridge.privacy.grant;

/** A grant request that cannot be honoured (bad Duration, unknown class, no such row); the text says why. */
public final class GrantException extends Exception {
    private static final long serialVersionUID = 1L;

    public GrantException(String message) {
        super(message);
    }
}
