package org.cpebridge.matter.message;

import java.util.Map;

/**
 * Opcodes of the Secure Channel protocol, protocol id 0 (Core spec 4.11.1 "Secure Channel Protocol Opcodes"). Unknown
 * opcodes are kept so that the caller can answer them (or drop them) knowingly.
 *
 * @param code 8-bit opcode
 */
public record SecureChannelOpcode(int code) {

    public static final SecureChannelOpcode MSG_COUNTER_SYNC_REQUEST = new SecureChannelOpcode(0x00);
    public static final SecureChannelOpcode MSG_COUNTER_SYNC_RESPONSE = new SecureChannelOpcode(0x01);
    public static final SecureChannelOpcode STANDALONE_ACK = new SecureChannelOpcode(0x10);
    public static final SecureChannelOpcode PBKDF_PARAM_REQUEST = new SecureChannelOpcode(0x20);
    public static final SecureChannelOpcode PBKDF_PARAM_RESPONSE = new SecureChannelOpcode(0x21);
    public static final SecureChannelOpcode PASE_PAKE1 = new SecureChannelOpcode(0x22);
    public static final SecureChannelOpcode PASE_PAKE2 = new SecureChannelOpcode(0x23);
    public static final SecureChannelOpcode PASE_PAKE3 = new SecureChannelOpcode(0x24);
    public static final SecureChannelOpcode CASE_SIGMA1 = new SecureChannelOpcode(0x30);
    public static final SecureChannelOpcode CASE_SIGMA2 = new SecureChannelOpcode(0x31);
    public static final SecureChannelOpcode CASE_SIGMA3 = new SecureChannelOpcode(0x32);
    public static final SecureChannelOpcode CASE_SIGMA2_RESUME = new SecureChannelOpcode(0x33);
    public static final SecureChannelOpcode STATUS_REPORT = new SecureChannelOpcode(0x40);
    public static final SecureChannelOpcode ICD_CHECK_IN = new SecureChannelOpcode(0x50);

    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(0x00, "MSG_COUNTER_SYNC_REQUEST"), Map.entry(0x01, "MSG_COUNTER_SYNC_RESPONSE"),
            Map.entry(0x10, "STANDALONE_ACK"), Map.entry(0x20, "PBKDF_PARAM_REQUEST"),
            Map.entry(0x21, "PBKDF_PARAM_RESPONSE"), Map.entry(0x22, "PASE_PAKE1"), Map.entry(0x23, "PASE_PAKE2"),
            Map.entry(0x24, "PASE_PAKE3"), Map.entry(0x30, "CASE_SIGMA1"), Map.entry(0x31, "CASE_SIGMA2"),
            Map.entry(0x32, "CASE_SIGMA3"), Map.entry(0x33, "CASE_SIGMA2_RESUME"), Map.entry(0x40, "STATUS_REPORT"),
            Map.entry(0x50, "ICD_CHECK_IN"));

    public SecureChannelOpcode {
        if (code < 0 || code > 0xFF) {
            throw new IllegalArgumentException("opcode out of range 0..0xFF: " + code);
        }
    }

    /** True for an opcode this version knows. */
    public boolean isKnown() {
        return NAMES.containsKey(code);
    }

    /** The spec name, or UNKNOWN(0x..). */
    public String name() {
        return NAMES.getOrDefault(code, String.format("UNKNOWN(0x%02x)", code));
    }

    @Override
    public String toString() {
        return name();
    }
}
