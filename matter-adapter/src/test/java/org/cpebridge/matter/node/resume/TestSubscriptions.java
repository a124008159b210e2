package org.cpebridge.matter.node.resume;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.OptionalLong;

import org.cpebridge.matter.cluster.AccessSubject;
import org.cpebridge.matter.cluster.Subscription;
import org.cpebridge.matter.im.AttributePathIb;
import org.cpebridge.matter.im.ClusterPathIb;
import org.cpebridge.matter.im.DataVersionFilterIb;
import org.cpebridge.matter.im.EventFilterIb;
import org.cpebridge.matter.im.EventPathIb;

/** Subscriptions as a controller makes them, for the store and resumer tests. */
final class TestSubscriptions {

    static final InetSocketAddress CONTROLLER = new InetSocketAddress("fd00::2", 5540);

    private TestSubscriptions() {
    }

    /** A wildcard subscription to everything, as matter.js makes it. */
    static Subscription wildcard(long id, int fabricIndex, long nodeId, int maxInterval, boolean keep) {
        return new Subscription(id, AccessSubject.ofCase(fabricIndex, nodeId, List.of(0xFFFF0001L)),
                List.of(AttributePathIb.wildcard(null, null, null)), List.of(new EventPathIb(java.util.OptionalLong.empty(), java.util.OptionalInt.empty(),
                        java.util.OptionalLong.empty(), java.util.OptionalLong.empty(), true)),
                List.of(new EventFilterIb(OptionalLong.empty(), 17)),
                List.of(new DataVersionFilterIb(ClusterPathIb.of(2, 6), 99)), true, 0, maxInterval, keep);
    }

    static StoredSubscription stored(long id, int fabricIndex, long nodeId) {
        return new StoredSubscription(wildcard(id, fabricIndex, nodeId, 60, false), CONTROLLER);
    }
}
