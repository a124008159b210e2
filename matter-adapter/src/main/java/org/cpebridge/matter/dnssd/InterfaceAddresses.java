package org.cpebridge.matter.dnssd;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * The addresses of the one interface Matter is restricted to ({@code matter.interface}) that we publish as AAAA
 * records: unique local (fc00::/7) first, then link-local (fe80::/10). IPv4 and global IPv6 addresses are left out:
 * Matter controllers on the home LAN reach the bridge over IPv6, and a router must not announce its WAN side.
 *
 * @param interfaceName the interface
 * @param addresses     the IPv6 addresses to publish, ULA first, never empty
 */
public record InterfaceAddresses(String interfaceName, List<Inet6Address> addresses) {

    public InterfaceAddresses {
        Objects.requireNonNull(interfaceName, "interfaceName");
        addresses = List.copyOf(addresses);
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("no IPv6 address to advertise on " + interfaceName);
        }
    }

    /** Reads the addresses of a live interface; it must exist, be up and have a link-local or ULA address. */
    public static InterfaceAddresses of(String interfaceName) throws DnsSdException {
        NetworkInterface networkInterface;
        try {
            networkInterface = NetworkInterface.getByName(interfaceName);
            if (networkInterface == null) {
                throw new DnsSdException("no network interface named '" + interfaceName + "' (matter.interface)");
            }
            if (!networkInterface.isUp() || !networkInterface.supportsMulticast()) {
                throw new DnsSdException("interface " + interfaceName + " is down or cannot multicast");
            }
        } catch (SocketException e) {
            throw new DnsSdException("cannot read interface " + interfaceName, e);
        }
        List<Inet6Address> selected = select(Collections.list(networkInterface.getInetAddresses()));
        if (selected.isEmpty()) {
            throw new DnsSdException("interface " + interfaceName + " has no link-local or ULA IPv6 address");
        }
        return new InterfaceAddresses(interfaceName, selected);
    }

    /** Picks the publishable addresses from an interface's list, ULA before link-local, each group in list order. */
    public static List<Inet6Address> select(Collection<? extends InetAddress> interfaceAddresses) {
        List<Inet6Address> uniqueLocal = new ArrayList<>();
        List<Inet6Address> linkLocal = new ArrayList<>();
        for (InetAddress address : interfaceAddresses) {
            if (address instanceof Inet6Address v6) {
                if (isUniqueLocal(v6)) {
                    uniqueLocal.add(v6);
                } else if (v6.isLinkLocalAddress()) {
                    linkLocal.add(v6);
                }
            }
        }
        List<Inet6Address> result = new ArrayList<>(uniqueLocal);
        result.addAll(linkLocal);
        return result;
    }

    /** The address the mDNS socket binds its identity to: the first ULA, else the first link-local address. */
    public Inet6Address primary() {
        return addresses.get(0);
    }

    static boolean isUniqueLocal(Inet6Address address) {
        return (address.getAddress()[0] & 0xFE) == 0xFC;
    }
}
