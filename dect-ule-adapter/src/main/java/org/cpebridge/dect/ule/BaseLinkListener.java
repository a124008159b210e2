package org.cpebridge.dect.ule;

import org.cpebridge.dect.hanfun.HanfunException;
import org.cpebridge.dect.hanfun.Packet;
import org.cpebridge.dect.hanfun.Uid;

/**
 * Events from a {@link BaseLink}, delivered in order on the link's own thread; implementations hand them to their
 * serial executor and return quickly.
 */
public interface BaseLinkListener {
    /** The base is ready (listening, or the simulated base is up). */
    void onLinkUp();

    /** The base went away (stopped, reset); registered devices stay registered in the adapter. */
    void onLinkDown(String reason);

    /**
     * A device is attached at the DECT level and known by its UID (the IPUI on a real base, the HELLO UID on the
     * example transport). HAN-FUN registration (Device Management) follows as packets.
     */
    void onDeviceRegistered(LinkId link, Uid uid);

    /** The device's link is gone (connection closed, device left the base). */
    void onDeviceDeregistered(LinkId link);

    /** One HAN-FUN packet from the device. */
    void onPacket(LinkId link, Packet packet);

    /**
     * The base's registration window: open for {@code seconds} more (the base's confirmation of an open), or 0,
     * closed (its confirmation of a close, or the window ran out).
     */
    default void onRegistrationWindow(int seconds) {
    }

    /** A DATA frame that is not a valid HAN-FUN packet; the link stays up. */
    default void onMalformedPacket(LinkId link, HanfunException error) {
    }
}
