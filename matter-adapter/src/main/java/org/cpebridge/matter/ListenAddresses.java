package org.cpebridge.matter;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Where the Matter UDP socket listens: every address of {@code matter.interface} (the LAN side of the router), never
 * the wildcard, so the node is not reachable from the WAN or from another interface. When that interface is missing
 * or has no address, the socket is bound to loopback only ({@code ::1} and {@code 127.0.0.1}): the bridge is then
 * off mDNS too, and only a local controller (tests, the bench) can reach it. Immutable.
 *
 * @param addresses   the addresses to bind, never empty
 * @param description what was chosen and why, for the log
 */
record ListenAddresses(List<InetAddress> addresses, String description) {

    ListenAddresses {
        addresses = List.copyOf(addresses);
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("no address to listen on");
        }
    }

    /** Reads the live interface's addresses and chooses. */
    static ListenAddresses of(String interfaceName) {
        Optional<List<InetAddress>> found;
        try {
            NetworkInterface networkInterface = NetworkInterface.getByName(interfaceName);
            found = networkInterface == null ? Optional.empty()
                    : Optional.of(Collections.list(networkInterface.getInetAddresses()));
        } catch (SocketException e) {
            found = Optional.empty();
        }
        return choose(interfaceName, found);
    }

    /** The choice for an interface's address list (empty when the interface does not exist). */
    static ListenAddresses choose(String interfaceName, Optional<List<InetAddress>> interfaceAddresses) {
        if (interfaceAddresses.isPresent() && !interfaceAddresses.get().isEmpty()) {
            return new ListenAddresses(interfaceAddresses.get(), "the addresses of interface '" + interfaceName
                    + "' (key '" + org.cpebridge.matter.dnssd.DnsSdSettings.INTERFACE.name() + "')");
        }
        String why = interfaceAddresses.isPresent() ? "has no address" : "does not exist";
        return new ListenAddresses(List.of(loopback("::1"), loopback("127.0.0.1")), "loopback only: interface '"
                + interfaceName + "' (key '" + org.cpebridge.matter.dnssd.DnsSdSettings.INTERFACE.name() + "') "
                + why + ", so no controller on a network can reach the node");
    }

    private static InetAddress loopback(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("a literal loopback address always parses", e);
        }
    }
}
