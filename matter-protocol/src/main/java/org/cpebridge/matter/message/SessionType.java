package org.cpebridge.matter.message;

/** Session Type field of the security flags (Core spec 4.4.1.3); values 2 and 3 are reserved and rejected. */
public enum SessionType {
    /** Unicast session: unsecured (session id 0) or PASE/CASE. */
    UNICAST(0),
    /** Group session. */
    GROUP(1);

    private final int code;

    SessionType(int code) {
        this.code = code;
    }

    /** The 2-bit wire value. */
    public int code() {
        return code;
    }
}
