package org.cpebridge.matter.transport;

import io.netty.channel.EventLoopGroup;
import java.net.InetAddress;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.cpebridge.core.spi.FacePorts;

/**
 * Where the Matter UDP transport listens.
 *
 * @param bindAddresses the addresses to bind, one socket each on the same port (the face passes those of
 *                      {@code matter.interface}); the IPv6 wildcard {@code ::} gives one dual-stack socket for all
 * @param port UDP port, 0 for an ephemeral one (tests: the first socket picks it, the others share it); Matter's
 *             default is {@link #DEFAULT_PORT}
 * @param maxDatagramSize largest datagram accepted; bigger ones are truncated by the socket and then dropped
 * @param sharedLoop the service's I/O group to run on (one of its event loops), left running when the transport
 *                   closes; empty: the transport makes a loop thread of its own
 */
public record UdpTransportConfig(List<InetAddress> bindAddresses, int port, int maxDatagramSize,
                                 Optional<EventLoopGroup> sharedLoop) {

    /** The operational and commissioning port of Matter (Core spec 2.5.6.1); Alexa only finds nodes on it. */
    public static final int DEFAULT_PORT = 5540;
    /** Matter messages fit the IPv6 minimum MTU (Core spec 4.4.4: 1280 bytes, less IPv6/UDP headers). */
    public static final int DEFAULT_MAX_DATAGRAM_SIZE = 1280;

    public UdpTransportConfig {
        bindAddresses = List.copyOf(bindAddresses);
        Objects.requireNonNull(sharedLoop, "sharedLoop");
        if (bindAddresses.isEmpty()) {
            throw new IllegalArgumentException("no address to bind");
        }
        if (port < 0 || port > 0xFFFF) {
            throw new IllegalArgumentException("port out of range 0..65535: " + port);
        }
        if (maxDatagramSize < 64 || maxDatagramSize > 65_507) {
            throw new IllegalArgumentException("maxDatagramSize out of range 64..65507: " + maxDatagramSize);
        }
    }

    /** On a loop thread of its own. */
    public UdpTransportConfig(List<InetAddress> bindAddresses, int port, int maxDatagramSize) {
        this(bindAddresses, port, maxDatagramSize, Optional.empty());
    }

    /**
     * The same, on the service's shared I/O group when {@code ports} offers one ({@code io.netty.channel
     * .EventLoopGroup}), so that the face needs no netty type.
     */
    public UdpTransportConfig withSharedEventLoop(FacePorts ports) {
        return new UdpTransportConfig(bindAddresses, port, maxDatagramSize, ports.find(EventLoopGroup.class));
    }

    /** One socket on one address. */
    public UdpTransportConfig(InetAddress bindAddress, int port, int maxDatagramSize) {
        this(List.of(Objects.requireNonNull(bindAddress, "bindAddress")), port, maxDatagramSize);
    }

    /** Dual-stack wildcard on port 5540. */
    public static UdpTransportConfig defaults() {
        return new UdpTransportConfig(wildcard(), DEFAULT_PORT, DEFAULT_MAX_DATAGRAM_SIZE);
    }

    private static InetAddress wildcard() {
        try {
            return InetAddress.getByAddress(new byte[16]);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException("16 zero bytes are always a valid IPv6 address", e);
        }
    }
}
