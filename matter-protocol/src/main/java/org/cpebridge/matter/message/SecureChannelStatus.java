package org.cpebridge.matter.message;

import java.util.Map;

/**
 * Protocol code of a StatusReport whose protocol is Secure Channel (Core spec 4.11.1 "Secure Channel Status Report
 * Messages"). Unknown codes are kept.
 *
 * @param code 16-bit protocol code
 */
public record SecureChannelStatus(int code) {

    public static final SecureChannelStatus SESSION_ESTABLISHMENT_SUCCESS = new SecureChannelStatus(0x0000);
    public static final SecureChannelStatus NO_SHARED_TRUST_ROOTS = new SecureChannelStatus(0x0001);
    public static final SecureChannelStatus INVALID_PARAMETER = new SecureChannelStatus(0x0002);
    public static final SecureChannelStatus CLOSE_SESSION = new SecureChannelStatus(0x0003);
    public static final SecureChannelStatus BUSY = new SecureChannelStatus(0x0004);
    public static final SecureChannelStatus SESSION_NOT_FOUND = new SecureChannelStatus(0x0005);

    private static final Map<Integer, String> NAMES = Map.of(
            0x0000, "SESSION_ESTABLISHMENT_SUCCESS", 0x0001, "NO_SHARED_TRUST_ROOTS", 0x0002, "INVALID_PARAMETER",
            0x0003, "CLOSE_SESSION", 0x0004, "BUSY", 0x0005, "SESSION_NOT_FOUND");

    public SecureChannelStatus {
        if (code < 0 || code > 0xFFFF) {
            throw new IllegalArgumentException("protocol code out of range 0..0xFFFF: " + code);
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
