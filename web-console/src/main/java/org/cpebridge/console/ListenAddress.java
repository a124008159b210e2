package org.cpebridge.console;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Turns {@code web.listen} into the address to bind: an IP literal as it is; an interface name to that interface's
 * first IPv4 address (else its first address); an interface that is missing or down to 127.0.0.1, so the console is
 * never bound to the wildcard and so never answers on a WAN address.
 *
 * @param fallback whether the configured interface was missing and loopback is used instead
 */
record ListenAddress(InetSocketAddress address, boolean fallback) {

    private static final Pattern IP_LITERAL = Pattern.compile("[0-9.]+|.*:.*");

    static ListenAddress resolve(InetSocketAddress configured) {
        String host = configured.getHostString();
        int port = configured.getPort();
        if (IP_LITERAL.matcher(host).matches()) {
            return new ListenAddress(new InetSocketAddress(literal(host), port), false);
        }
        return interfaceAddress(host).map(a -> new ListenAddress(new InetSocketAddress(a, port), false))
                .orElseGet(() -> new ListenAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), port),
                        true));
    }

    private static InetAddress literal(String host) {
        try {
            return InetAddress.getByName(host);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException("key '" + WebSettings.LISTEN.name() + "': bad address " + host, e);
        }
    }

    private static Optional<InetAddress> interfaceAddress(String name) {
        try {
            NetworkInterface nif = NetworkInterface.getByName(name);
            if (nif == null || !nif.isUp()) {
                return Optional.empty();
            }
            var addresses = Collections.list(nif.getInetAddresses());
            return addresses.stream().filter(a -> a instanceof Inet4Address).findFirst()
                    .or(() -> addresses.stream().filter(a -> !a.isLinkLocalAddress()).findFirst());
        } catch (SocketException e) {
            return Optional.empty();
        }
    }
}
