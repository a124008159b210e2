package org.cpebridge.matter.dnssd.internal;

import java.util.Locale;
import javax.jmdns.impl.DNSRecord;
import javax.jmdns.impl.constants.DNSRecordClass;

/**
 * A PTR record whose identity includes its owner name. JmDNS 3.6.1 keys records by instance and service type only,
 * so {@code _matterc._udp.local.} and {@code _L840._sub._matterc._udp.local.} pointing at the same instance are
 * "equal" and all but one vanish from the response set it builds. Comparing the name as well keeps each subtype.
 */
final class NamedPointer extends DNSRecord.Pointer {

    NamedPointer(String name, boolean unique, int ttl, String target) {
        super(name, DNSRecordClass.CLASS_IN, unique, ttl, target);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DNSRecord.Pointer pointer && super.equals(other)
                && getName().equalsIgnoreCase(pointer.getName());
    }

    @Override
    public int hashCode() {
        return 31 * super.hashCode() + getName().toLowerCase(Locale.ROOT).hashCode();
    }
}
