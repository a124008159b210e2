package org.cpebridge.usp.record;

/** A Record that could not be parsed; carries the TR-369 record error code (7100 or 7104). */
public final class RecordDecodeException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int errorCode;

    public RecordDecodeException(int errorCode, String message, Throwable cause) {
        super(message, cause);
        this.errorCode = errorCode;
    }

    public RecordDecodeException(int errorCode, String message) {
        this(errorCode, message, null);
    }

    /** The USP record error code: {@link RecordErrors#RECORD_NOT_PARSED} or {@link RecordErrors#INVALID_RECORD_VALUE}.
     */
    public int errorCode() {
        return errorCode;
    }
}
