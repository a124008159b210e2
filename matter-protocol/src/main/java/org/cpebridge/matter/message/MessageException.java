package org.cpebridge.matter.message;

/**
 * A message that cannot be accepted: truncated or malformed header, unsupported version, reserved session type, or
 * failed authentication. The spec's answer to all of these is to drop the message silently (Core spec 4.7.2), so the
 * caller logs and drops.
 */
public final class MessageException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Creates an exception whose message says what was wrong. */
    public MessageException(String message) {
        super(message);
    }
}
