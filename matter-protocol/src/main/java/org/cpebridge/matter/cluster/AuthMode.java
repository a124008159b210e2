package org.cpebridge.matter.cluster;

/** How a session was authenticated (Core spec AccessControlEntryAuthModeEnum). */
public enum AuthMode {
    PASE(1),
    CASE(2),
    GROUP(3);

    private final int code;

    AuthMode(int code) {
        this.code = code;
    }

    /** The enum value on the wire. */
    public int code() {
        return code;
    }
}
