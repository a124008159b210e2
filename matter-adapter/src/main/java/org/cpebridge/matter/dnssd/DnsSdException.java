package org.cpebridge.matter.dnssd;

import java.io.IOException;

/** DNS-SD advertising could not start or publish: no such interface, no usable address, socket failure. */
public class DnsSdException extends IOException {

    private static final long serialVersionUID = 1L;

    public DnsSdException(String message) {
        super(message);
    }

    public DnsSdException(String message, Throwable cause) {
        super(message, cause);
    }
}
