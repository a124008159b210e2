package org.cpebridge.dect.hanfun;

/**
 * A HAN-FUN result code (hanfun {@code inc/hanfun/common.h}, {@code Result}). Unknown codes are kept as they are.
 *
 * @param code 0..255
 */
public record ResultCode(int code) {
    public static final ResultCode OK = new ResultCode(0x00);
    public static final ResultCode FAIL_AUTH = new ResultCode(0x01);
    public static final ResultCode FAIL_ARG = new ResultCode(0x02);
    public static final ResultCode FAIL_SUPPORT = new ResultCode(0x03);
    public static final ResultCode FAIL_RO_ATTR = new ResultCode(0x04);
    public static final ResultCode FAIL_READ_SESSION = new ResultCode(0x20);
    public static final ResultCode FAIL_MODIFIED = new ResultCode(0x21);
    public static final ResultCode FAIL_RESOURCES = new ResultCode(0xFE);
    public static final ResultCode FAIL_UNKNOWN = new ResultCode(0xFF);

    public ResultCode {
        if (code < 0 || code > 0xFF) {
            throw new IllegalArgumentException("result code out of range: " + code);
        }
    }

    public boolean isOk() {
        return code == 0;
    }

    /** The symbolic name, or {@code UNKNOWN(0xNN)}. */
    public String name() {
        return switch (code) {
            case 0x00 -> "OK";
            case 0x01 -> "FAIL_AUTH";
            case 0x02 -> "FAIL_ARG";
            case 0x03 -> "FAIL_SUPPORT";
            case 0x04 -> "FAIL_RO_ATTR";
            case 0x20 -> "FAIL_READ_SESSION";
            case 0x21 -> "FAIL_MODIFIED";
            case 0xFE -> "FAIL_RESOURCES";
            case 0xFF -> "FAIL_UNKNOWN";
            default -> String.format("UNKNOWN(0x%02X)", code);
        };
    }

    @Override
    public String toString() {
        return name();
    }
}
