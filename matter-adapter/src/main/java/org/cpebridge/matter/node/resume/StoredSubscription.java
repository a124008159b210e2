package org.cpebridge.matter.node.resume;

import java.net.InetSocketAddress;
import java.util.Objects;

import org.cpebridge.matter.cluster.AccessSubject;
import org.cpebridge.matter.cluster.AuthMode;
import org.cpebridge.matter.cluster.Subscription;

/**
 * A subscription as kept across restarts: everything the IM server needs to re-install it under its own id (the
 * subscriber's fabric, node id and CASE Authenticated Tags, the paths, filters, fabric-filtered flag and intervals),
 * and where the subscriber was last heard from, so the bridge can open CASE to it.
 *
 * @param subscription the subscription as the server established it (its subscriber a CASE subject)
 * @param lastAddress the address of the subscriber's CASE session when it subscribed
 */
public record StoredSubscription(Subscription subscription, InetSocketAddress lastAddress) {

    /** Checks the subscriber is a CASE peer on a fabric. */
    public StoredSubscription {
        Objects.requireNonNull(subscription, "subscription");
        Objects.requireNonNull(lastAddress, "lastAddress");
        AccessSubject subscriber = subscription.subscriber();
        if (subscriber.authMode() != AuthMode.CASE || !subscriber.hasFabric()) {
            throw new IllegalArgumentException("only a CASE subscriber on a fabric can be resumed: " + subscriber);
        }
    }

    /** The subscription id. */
    public long id() {
        return subscription.id();
    }

    /** The subscriber's fabric index. */
    public int fabricIndex() {
        return subscription.subscriber().fabricIndex();
    }

    /** The subscriber's operational node id. */
    public long subscriberNodeId() {
        return subscription.subscriber().subject();
    }

    @Override
    public String toString() {
        return "subscription " + Long.toHexString(id()) + " of node " + Long.toHexString(subscriberNodeId())
                + " on fabric " + fabricIndex() + " at " + lastAddress;
    }
}
