package org.cpebridge.core.model;

import java.util.Objects;

/** A device operation's failure, typed so that each face can answer with its protocol's status. */
public final class DeviceException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final ErrorKind kind;

    public DeviceException(ErrorKind kind, String message) {
        super(message);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    public DeviceException(ErrorKind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    public ErrorKind kind() {
        return kind;
    }

    /** Finds the DeviceException inside a completion wrapper, or makes an UNREACHABLE one for anything else. */
    public static DeviceException from(Throwable failure) {
        Throwable cause = failure;
        while (cause != null) {
            if (cause instanceof DeviceException de) {
                return de;
            }
            cause = cause.getCause();
        }
        return new DeviceException(ErrorKind.UNREACHABLE, String.valueOf(failure), failure);
    }

    @Override
    public String toString() {
        return "DeviceException(" + kind + "): " + getMessage();
    }
}
