package org.cpebridge.usp.record;

/** USP Record error codes and their reason texts (TR-369 "USP Record Errors", MTP section). */
public final class RecordErrors {
    public static final int RECORD_NOT_PARSED = 7100;
    public static final int SECURE_SESSION_REQUIRED = 7101;
    public static final int SECURE_SESSION_NOT_SUPPORTED = 7102;
    public static final int SAR_NOT_SUPPORTED = 7103;
    public static final int INVALID_RECORD_VALUE = 7104;
    public static final int SESSION_CONTEXT_TERMINATED = 7105;
    public static final int SESSION_CONTEXT_NOT_ALLOWED = 7106;

    private RecordErrors() {
    }

    /** The reason text the agent sends for {@code code}. */
    public static String reason(int code) {
        return switch (code) {
            case RECORD_NOT_PARSED -> "Record could not be parsed";
            case SECURE_SESSION_REQUIRED -> "Secure session required";
            case SECURE_SESSION_NOT_SUPPORTED -> "Secure session not supported";
            case SAR_NOT_SUPPORTED -> "SAR not supported";
            case INVALID_RECORD_VALUE -> "Invalid Record value";
            case SESSION_CONTEXT_TERMINATED -> "Session Context terminated";
            case SESSION_CONTEXT_NOT_ALLOWED -> "Session Context not allowed";
            default -> "Record error " + code;
        };
    }
}
