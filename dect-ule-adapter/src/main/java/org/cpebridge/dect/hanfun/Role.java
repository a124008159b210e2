package org.cpebridge.dect.hanfun;

/** The role of the interface a message is addressed to: bit 15 of the interface field. */
public enum Role {
    CLIENT,
    SERVER;

    int bit() {
        return this == SERVER ? 0x8000 : 0;
    }
}
