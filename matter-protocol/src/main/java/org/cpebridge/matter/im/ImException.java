package org.cpebridge.matter.im;

import java.util.Objects;

/**
 * An Interaction Model error that carries the status the peer must be told. A message that cannot be decoded, or
 * lacks a required field, is {@link ImStatus#INVALID_ACTION} (Core spec, "Status Response Action" rules for
 * malformed requests).
 */
public final class ImException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int statusCode;

    /** An error answered with {@code status}. */
    public ImException(ImStatus status, String message) {
        super(message);
        this.statusCode = Objects.requireNonNull(status, "status").code();
    }

    /** An error answered with {@code status}, caused by {@code cause}. */
    public ImException(ImStatus status, String message, Throwable cause) {
        super(message, cause);
        this.statusCode = Objects.requireNonNull(status, "status").code();
    }

    /** A malformed message: INVALID_ACTION. */
    static ImException invalid(String message) {
        return new ImException(ImStatus.INVALID_ACTION, message);
    }

    /** The status to send back. */
    public ImStatus status() {
        return ImStatus.of(statusCode);
    }
}
