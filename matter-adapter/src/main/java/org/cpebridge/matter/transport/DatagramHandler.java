package org.cpebridge.matter.transport;

import java.net.InetSocketAddress;

/**
 * Receives the datagrams of a {@link UdpTransport}. Called on the transport's event-loop thread with a private copy of
 * the bytes: decode there, but hand anything slow (crypto, sessions) to the session's serial executor.
 */
@FunctionalInterface
public interface DatagramHandler {

    /**
     * One datagram arrived.
     *
     * @param sender the peer's address and port
     * @param datagram the payload, owned by the callee
     */
    void onDatagram(InetSocketAddress sender, byte[] datagram);
}
