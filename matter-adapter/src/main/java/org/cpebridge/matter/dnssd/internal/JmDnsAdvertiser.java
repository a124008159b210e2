package org.cpebridge.matter.dnssd.internal;

import java.io.IOException;
import java.lang.reflect.Field;
import java.net.MulticastSocket;
import java.net.StandardSocketOptions;
import java.net.Inet6Address;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.jmdns.impl.HostInfo;
import javax.jmdns.impl.JmDNSImpl;
import javax.jmdns.impl.ServiceInfoImpl;
import org.cpebridge.matter.dnssd.CommissionableService;
import org.cpebridge.matter.dnssd.DnsSdAdvertiser;
import org.cpebridge.matter.dnssd.DnsSdException;
import org.cpebridge.matter.dnssd.InterfaceAddresses;
import org.cpebridge.matter.dnssd.MatterServiceRecords;
import org.cpebridge.matter.dnssd.MrpParameters;
import org.cpebridge.matter.dnssd.OperationalService;
import org.cpebridge.matter.dnssd.ServiceDescription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link DnsSdAdvertiser} on JmDNS 3.6.1, restricted to one interface: JmDNS's socket joins ff02::fb on that
 * interface only and sends its multicast there. The host's identity is the interface's first ULA (else
 * link-local) address; the other addresses of the interface are added as AAAA records to every service answer.
 * Public methods are synchronized; JmDNS runs its own timer threads.
 */
public final class JmDnsAdvertiser implements DnsSdAdvertiser {

    private static final Logger LOG = LoggerFactory.getLogger(JmDnsAdvertiser.class);
    /** How long {@code advertise} waits for JmDNS to finish probing and announce (JmDNS's own service timeout). */
    private static final long ANNOUNCE_TIMEOUT_MS = 6_000;

    private final JmDNSImpl jmdns;
    private final InterfaceAddresses addresses;
    private final List<HostInfo> extraHosts;
    private Published commissionable;
    private final Map<String, Published> operational = new LinkedHashMap<>();
    private boolean closed;

    private JmDnsAdvertiser(JmDNSImpl jmdns, InterfaceAddresses addresses, List<HostInfo> extraHosts) {
        this.jmdns = jmdns;
        this.addresses = addresses;
        this.extraHosts = extraHosts;
    }

    /**
     * Starts mDNS on one interface.
     *
     * @param interfaceName the interface ({@code matter.interface})
     * @param hostLabel     the host name label without {@code .local}; Matter uses the MAC address as 12 or 16
     *                      upper-case hex digits
     */
    public static JmDnsAdvertiser start(String interfaceName, String hostLabel) throws DnsSdException {
        Objects.requireNonNull(hostLabel, "hostLabel");
        if (!hostLabel.matches("[0-9A-Za-z-]{1,63}")) {
            throw new IllegalArgumentException("host label must be 1..63 letters, digits or '-': " + hostLabel);
        }
        InterfaceAddresses addresses = InterfaceAddresses.of(interfaceName);
        JmDNSImpl jmdns;
        try {
            jmdns = new JmDNSImpl(addresses.primary(), hostLabel);
        } catch (IOException e) {
            throw new DnsSdException("cannot start mDNS on " + interfaceName, e);
        }
        List<HostInfo> extraHosts = new ArrayList<>();
        if (disableMulticastLoopback(jmdns)) {
            for (Inet6Address address : addresses.addresses().subList(1, addresses.addresses().size())) {
                extraHosts.add(HostInfo.newHostInfo(address, jmdns, hostLabel));
            }
        } else {
            LOG.warn("publishing only {} on {}: could not stop JmDNS hearing its own multicast",
                    addresses.primary(), interfaceName);
        }
        LOG.info("mDNS started on {} as {} with addresses {}", interfaceName, jmdns.getLocalHost().getName(),
                addresses.addresses());
        return new JmDnsAdvertiser(jmdns, addresses, extraHosts);
    }

    /**
     * Stops JmDNS receiving its own multicast. JmDNS 3.6.1 owns one address per host name and takes any AAAA record
     * for its name with another address as a conflict, renaming itself ({@code -1}) and probing again; hearing its
     * own announcement of our second address would trigger exactly that. Its socket is private, hence reflection;
     * the version is pinned and the interop test fails if this stops working.
     */
    private static boolean disableMulticastLoopback(JmDNSImpl jmdns) {
        try {
            Field field = JmDNSImpl.class.getDeclaredField("_socket");
            field.setAccessible(true);
            MulticastSocket socket = (MulticastSocket) field.get(jmdns);
            socket.setOption(StandardSocketOptions.IP_MULTICAST_LOOP, false);
            return true;
        } catch (ReflectiveOperationException | RuntimeException | IOException e) {
            LOG.debug("cannot reach JmDNS's socket: {}", e.toString());
            return false;
        }
    }

    /** The addresses published as AAAA records. */
    public InterfaceAddresses addresses() {
        return addresses;
    }

    @Override
    public synchronized void advertise(CommissionableService service) throws DnsSdException {
        ensureOpen();
        ServiceDescription description = MatterServiceRecords.commissionable(service);
        if (commissionable != null && commissionable.description.equals(description)) {
            return;
        }
        withdrawCommissionable();
        commissionable = publish(description);
    }

    @Override
    public synchronized void withdrawCommissionable() {
        if (commissionable != null) {
            unpublish(commissionable);
            commissionable = null;
        }
    }

    @Override
    public synchronized void advertise(OperationalService service) throws DnsSdException {
        ensureOpen();
        ServiceDescription description = MatterServiceRecords.operational(service);
        Published current = operational.get(description.instanceName());
        if (current != null && current.description.equals(description)) {
            return;
        }
        withdrawOperational(service.compressedFabricId(), service.nodeId());
        operational.put(description.instanceName(), publish(description));
    }

    @Override
    public synchronized void withdrawOperational(long compressedFabricId, long nodeId) {
        String instanceName = new OperationalService(compressedFabricId, nodeId, 1, MrpParameters.DEFAULTS)
                .instanceName();
        Published published = operational.remove(instanceName);
        if (published != null) {
            unpublish(published);
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        // JmDNS withdraws one service at a time, each after two goodbyes a second apart (about 2 s apiece, 6 s
        // with two fabrics and the commissionable record). Its close() says goodbye for all of them in one round,
        // so the whole stop takes one such round.
        List<Published> all = new ArrayList<>(operational.values());
        if (commissionable != null) {
            all.add(commissionable);
        }
        for (Published published : all) {
            for (ServiceInfoImpl alias : published.aliases) {
                jmdns.getServices().remove(alias.getKey(), alias);
            }
        }
        operational.clear();
        commissionable = null;
        closed = true;
        jmdns.close();
        LOG.info("mDNS stopped on {}", addresses.interfaceName());
    }

    private Published publish(ServiceDescription description) throws DnsSdException {
        MatterServiceInfo info = new MatterServiceInfo(description, extraHosts);
        try {
            jmdns.registerService(info);
        } catch (IOException | IllegalStateException e) {
            throw new DnsSdException("cannot register " + description.qualifiedInstanceName(), e);
        }
        if (!info.waitForAnnounced(ANNOUNCE_TIMEOUT_MS)) {
            LOG.warn("{} not announced within {} ms; JmDNS keeps trying", description.qualifiedInstanceName(),
                    ANNOUNCE_TIMEOUT_MS);
        }
        if (!info.getQualifiedName().equalsIgnoreCase(description.qualifiedInstanceName())) {
            // JmDNS renamed the instance after a name conflict; the Matter name carries meaning, so give up.
            jmdns.unregisterService(info);
            throw new DnsSdException("instance name conflict on the link: " + description.qualifiedInstanceName());
        }
        List<ServiceInfoImpl> aliases = new ArrayList<>();
        for (String subtype : description.subtypes().subList(Math.min(1, description.subtypes().size()),
                description.subtypes().size())) {
            SubtypeAlias alias = new SubtypeAlias(info, subtype);
            jmdns.getServices().put(alias.getKey(), alias);
            aliases.add(alias);
        }
        LOG.debug("published {} subtypes {} TXT {}", description.qualifiedInstanceName(), description.subtypes(),
                description.txt().keySet());
        return new Published(description, info, aliases);
    }

    private void unpublish(Published published) {
        for (ServiceInfoImpl alias : published.aliases) {
            jmdns.getServices().remove(alias.getKey(), alias);
        }
        jmdns.unregisterService(published.info);
        LOG.debug("withdrew {}", published.description.qualifiedInstanceName());
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("advertiser is closed");
        }
    }

    private record Published(ServiceDescription description, MatterServiceInfo info, List<ServiceInfoImpl> aliases) {
    }
}
