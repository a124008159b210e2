package org.cpebridge.usp.path;

/** A path that cannot be used, with the USP error code to answer with (7008, 7026, 7016, ...). */
public final class PathException extends Exception {
    private static final long serialVersionUID = 1L;

    /** 7008: the path is not well formed. */
    public static final int INVALID_PATH_SYNTAX = 7008;
    /** 7026: the path is not in the Supported Data Model (or is the wrong kind for the request). */
    public static final int INVALID_PATH = 7026;
    /** 7016: an addressed object instance does not exist. */
    public static final int OBJECT_DOES_NOT_EXIST = 7016;

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
