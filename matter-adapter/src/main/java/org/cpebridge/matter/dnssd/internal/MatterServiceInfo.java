package org.cpebridge.matter.dnssd.internal;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.jmdns.impl.DNSRecord;
import javax.jmdns.impl.HostInfo;
import javax.jmdns.impl.ServiceInfoImpl;
import javax.jmdns.impl.constants.DNSRecordClass;
import org.cpebridge.matter.dnssd.ServiceDescription;

/**
 * A JmDNS service carrying all of a Matter service's subtypes and all of the interface's addresses. JmDNS 3.6.1
 * knows one subtype per service and one address per host; this class adds the other subtype PTR records and the
 * AAAA records of the other addresses to every answer, announcement and goodbye JmDNS builds for the service.
 * JmDNS itself matches a direct query only against the first subtype; {@link SubtypeAlias} answers the others.
 */
final class MatterServiceInfo extends ServiceInfoImpl {

    private final ServiceDescription description;
    private final List<HostInfo> extraHosts;

    MatterServiceInfo(ServiceDescription description, List<HostInfo> extraHosts) {
        super(description.serviceType() + ".local.", description.instanceName(),
                description.subtypes().isEmpty() ? "" : description.subtypes().get(0), description.port(), 0, 0,
                false, description.encodedTxt());
        this.description = description;
        this.extraHosts = List.copyOf(extraHosts);
    }

    ServiceDescription description() {
        return description;
    }

    @Override
    public Collection<DNSRecord> answers(DNSRecordClass recordClass, boolean unique, int ttl, HostInfo localHost,
                                         String subType) {
        Set<DNSRecord> records = new LinkedHashSet<>();
        for (DNSRecord record : super.answers(recordClass, unique, ttl, localHost, subType)) {
            // JmDNS's own PTRs (service type, first subtype) are replaced by ones that keep their names apart.
            if (!(record instanceof DNSRecord.Pointer)) {
                records.add(record);
            }
        }
        if (recordClass == DNSRecordClass.CLASS_ANY || recordClass == DNSRecordClass.CLASS_IN) {
            records.add(new NamedPointer(getType(), DNSRecordClass.NOT_UNIQUE, ttl, getQualifiedName()));
            for (String subtypeName : description.qualifiedSubtypeNames()) {
                records.add(new NamedPointer(subtypeName, DNSRecordClass.NOT_UNIQUE, ttl, getQualifiedName()));
            }
            for (HostInfo host : extraHosts) {
                records.addAll(host.answers(recordClass, DNSRecordClass.UNIQUE, ttl));
            }
        }
        return records;
    }

    // ServiceInfoImpl defines equals by key only; identity is what JmDNS needs for the state machine.
    @Override
    public boolean equals(Object other) {
        return this == other;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }
}
