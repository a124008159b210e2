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

    /**
     * Asks the base to open its registration window for {@code seconds} (0 closes it): a DECT base registers a new
     * device only while the window is open. The base answers with {@link BaseLinkListener#onRegistrationWindow}.
     * Returns false if the link is not up (nothing was sent).
     *
     * @param seconds 0..{@link Frame#MAX_REGISTRATION_SECONDS}
     */
    boolean requestRegistrationWindow(int seconds);

    /** Stops the link and detaches every device. */
    @Override
    void close();
}
