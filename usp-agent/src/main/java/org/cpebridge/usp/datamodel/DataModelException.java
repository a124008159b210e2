package org.cpebridge.usp.datamodel;

/** A data-model operation that failed, with the USP error code to report (7000-series, 7200+ or 7800+). */
public final class DataModelException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int errorCode;

    public DataModelException(int errorCode, String message) {
        super(message);
        this.errorCode = errorCode;
    }

    public int errorCode() {
        return errorCode;
    }
}
