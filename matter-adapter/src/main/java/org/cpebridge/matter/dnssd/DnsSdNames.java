package org.cpebridge.matter.dnssd;

import java.util.HexFormat;
import java.util.regex.Pattern;

/** Name rules shared by the service records: hex instance names and ports. */
final class DnsSdNames {

    private static final Pattern HEX16 = Pattern.compile("[0-9A-F]{16}");

    private DnsSdNames() {
    }

    /** A 64-bit value as exactly 16 upper-case hex digits, the form Matter uses for ids in names. */
    static String hex16(long value) {
        return HexFormat.of().withUpperCase().toHexDigits(value);
    }

    static void checkInstanceName(String instanceName) {
        if (instanceName == null || !HEX16.matcher(instanceName).matches()) {
            throw new IllegalArgumentException(
                    "a commissionable instance name is 16 upper-case hex digits: " + instanceName);
        }
    }

    static void checkPort(int port) {
        if (port < 1 || port > 0xFFFF) {
            throw new IllegalArgumentException("port out of range 1..65535: " + port);
        }
    }
}
