package org.cpebridge.usp.path;

import org.cpebridge.usp.error.UspErrors;

/**
 * A path that cannot be used, with the {@link org.cpebridge.usp.error.UspErrors} code to answer with (invalid path
 * syntax, invalid path, object does not exist).
 */
public final class PathException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int errorCode;

    public PathException(int errorCode, String message) {
        super(message);
        this.errorCode = errorCode;
    }

    /** The USP error code for this problem. */
    public int errorCode() {
        return errorCode;
    }
}
