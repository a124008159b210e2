package org.cpebridge.matter.message;

import java.util.Map;

/**
 * General status code of a StatusReport (Core spec Appendix D "Status Report Messages", general codes). Unknown codes
 * are kept as they are, with a generated name.
 *
 * @param code 16-bit code
 */
public record GeneralCode(int code) {

    public static final GeneralCode SUCCESS = new GeneralCode(0);
    public static final GeneralCode FAILURE = new GeneralCode(1);
    public static final GeneralCode BAD_PRECONDITION = new GeneralCode(2);
    public static final GeneralCode OUT_OF_RANGE = new GeneralCode(3);
    public static final GeneralCode BAD_REQUEST = new GeneralCode(4);
    public static final GeneralCode UNSUPPORTED = new GeneralCode(5);
    public static final GeneralCode UNEXPECTED = new GeneralCode(6);
    public static final GeneralCode RESOURCE_EXHAUSTED = new GeneralCode(7);
    public static final GeneralCode BUSY = new GeneralCode(8);
    public static final GeneralCode TIMEOUT = new GeneralCode(9);
    public static final GeneralCode CONTINUE = new GeneralCode(10);
    public static final GeneralCode ABORTED = new GeneralCode(11);
    public static final GeneralCode INVALID_ARGUMENT = new GeneralCode(12);
    public static final GeneralCode NOT_FOUND = new GeneralCode(13);
    public static final GeneralCode ALREADY_EXISTS = new GeneralCode(14);
    public static final GeneralCode PERMISSION_DENIED = new GeneralCode(15);
    public static final GeneralCode DATA_LOSS = new GeneralCode(16);
    public static final GeneralCode MESSAGE_TOO_LARGE = new GeneralCode(17);

    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(0, "SUCCESS"), Map.entry(1, "FAILURE"), Map.entry(2, "BAD_PRECONDITION"),
            Map.entry(3, "OUT_OF_RANGE"), Map.entry(4, "BAD_REQUEST"), Map.entry(5, "UNSUPPORTED"),
            Map.entry(6, "UNEXPECTED"), Map.entry(7, "RESOURCE_EXHAUSTED"), Map.entry(8, "BUSY"),
            Map.entry(9, "TIMEOUT"), Map.entry(10, "CONTINUE"), Map.entry(11, "ABORTED"),
            Map.entry(12, "INVALID_ARGUMENT"), Map.entry(13, "NOT_FOUND"), Map.entry(14, "ALREADY_EXISTS"),
            Map.entry(15, "PERMISSION_DENIED"), Map.entry(16, "DATA_LOSS"), Map.entry(17, "MESSAGE_TOO_LARGE"));

    public GeneralCode {
        if (code < 0 || code > 0xFFFF) {
            throw new IllegalArgumentException("general code out of range 0..0xFFFF: " + code);
        }
    }

    /** True for a code this version knows. */
    public boolean isKnown() {
        return NAMES.containsKey(code);
    }

    /** The spec name, or UNKNOWN(0x....). */
    public String name() {
        return NAMES.getOrDefault(code, String.format("UNKNOWN(0x%04x)", code));
    }

    @Override
    public String toString() {
        return name();
    }
}
