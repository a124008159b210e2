package org.cpebridge.privacy.policy;

/** A privacy policy file that cannot be used; the message names the file and the line, and startup stops. */
public final class PolicyFileException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PolicyFileException(String message) {
        super(message);
    }
}
