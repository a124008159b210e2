package org.cpebridge.matter.cluster;

/**
 * Access privileges of the Matter access control model (Core spec "Access Control Privileges"), with their
 * AccessControlEntryPrivilegeEnum values.
 */
public enum Privilege {
    VIEW(1),
    PROXY_VIEW(2),
    OPERATE(3),
    MANAGE(4),
    ADMINISTER(5);

    private final int code;

    Privilege(int code) {
        this.code = code;
    }

    /** The enum value on the wire (ACL entries). */
    public int code() {
        return code;
    }

    /**
     * True when holding this privilege grants {@code required}. Administer grants everything, Manage grants Operate
     * and View, Operate grants View, ProxyView grants View; ProxyView is granted only by itself and Administer.
     */
    public boolean grants(Privilege required) {
        if (this == required || this == ADMINISTER || required == VIEW) {
            return true;
        }
        if (required == PROXY_VIEW || this == PROXY_VIEW) {
            return false;
        }
        return code >= required.code;
    }
}
