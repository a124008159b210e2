package org.cpebridge.dect.ule;

/** The byte stream cannot be framed (bad length or malformed HELLO); the link must be closed. */
public final class FrameException extends Exception {
    private static final long serialVersionUID = 1L;

    public FrameException(String message) {
        super(message);
    }

    public FrameException(String message, Throwable cause) {
        super(message, cause);
    }
}
