package org.cpebridge.matter.dnssd.internal;

import java.util.Collection;
import java.util.Locale;
import javax.jmdns.impl.DNSRecord;
import javax.jmdns.impl.HostInfo;
import javax.jmdns.impl.ServiceInfoImpl;
import javax.jmdns.impl.constants.DNSRecordClass;
import javax.jmdns.impl.constants.DNSState;
import javax.jmdns.impl.tasks.DNSTask;

/**
 * Lets JmDNS answer a query for one more subtype of a {@link MatterServiceInfo} (JmDNS matches a PTR question
 * against a single subtype per service). It sits in JmDNS's service map under its own key, takes no part in
 * probing, announcing or cancelling, counts as announced when its primary is, and answers with its primary's
 * records. It must leave the map before its primary is unregistered.
 */
final class SubtypeAlias extends ServiceInfoImpl {

    private final MatterServiceInfo primary;
    private final String key;

    SubtypeAlias(MatterServiceInfo primary, String subtype) {
        super(primary.getType(), primary.getName(), subtype, primary.getPort(), 0, 0, false,
                primary.getTextBytes());
        this.primary = primary;
        this.key = primary.getKey() + "#" + subtype.toLowerCase(Locale.ROOT);
    }

    @Override
    public String getKey() {
        return key;
    }

    @Override
    public boolean isAnnounced() {
        return primary.isAnnounced();
    }

    @Override
    public Collection<DNSRecord> answers(DNSRecordClass recordClass, boolean unique, int ttl, HostInfo localHost,
                                         String subType) {
        return primary.answers(recordClass, unique, ttl, localHost, null);
    }

    @Override
    public void associateWithTask(DNSTask task, DNSState state) {
        // Never probed, announced or cancelled on its own: the primary carries all records.
    }

    @Override
    public boolean isAssociatedWithTask(DNSTask task, DNSState state) {
        return false;
    }

    @Override
    public boolean equals(Object other) {
        return this == other;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }
}
