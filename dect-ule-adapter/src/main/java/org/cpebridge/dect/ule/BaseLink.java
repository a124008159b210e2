package org.cpebridge.dect.ule;

import java.io.IOException;

import org.cpebridge.dect.hanfun.Packet;

/**
 * The host side of the link between the router CPU and the DECT-ULE base: device attach/detach, packets in and out.
 * Two implementations: {@link TcpBaseLink} (HAN-FUN example-app framing, for nodes built on the reference
 * implementation) and the simulator's in-process link (module dect-ule-simulator, through {@link SimulatedBase}).
 */
public interface BaseLink extends AutoCloseable {
    /** Starts the link; events go to {@code listener}. Returns quickly. */
    void start(BaseLinkListener listener) throws IOException;

    /**
     * Queues {@code packet} for the device on {@code link}. Returns false if the link is unknown or closed, or its
     * bounded send queue is full (the caller treats it like a lost packet).
     */
    boolean send(LinkId link, Packet packet);

    /** Stops the link and detaches every device. */
    @Override
    void close();
}
