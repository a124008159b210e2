package org.cpebridge.matter.node.resume;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

import org.cpebridge.matter.cluster.AccessSubject;
import org.cpebridge.matter.cluster.Subscription;
import org.cpebridge.matter.im.ImCodec;
import org.cpebridge.matter.im.ImException;
import org.cpebridge.matter.im.ImMessage;
import org.cpebridge.matter.im.ImOpcode;
import org.cpebridge.matter.store.RecordStore;
import org.cpebridge.matter.store.RecordStoreException;
import org.cpebridge.matter.tlv.TlvElement;
import org.cpebridge.matter.tlv.TlvException;
import org.cpebridge.matter.tlv.TlvTag;
import org.cpebridge.matter.tlv.TlvWriter;
import org.cpebridge.bytes.Bytes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The subscriptions to resume after a restart, in record {@value #RECORD_NAME} of the durable store (TLV, format
 * {@value #FORMAT_VERSION}), oldest first. Every change writes the whole record atomically before it becomes
 * current, so a kill at any moment leaves the old or the new list; a write that fails leaves the list as it was (the
 * subscription lives on, it just would not be resumed). At most {@code perFabric} per fabric (the IM server's own
 * bound, the spec's minimum of 3): a new one past it pushes out that fabric's oldest.
 *
 * <p>Each entry: 1 fabric index, 2 subscriber node id, 3 subscription id, 4 the subscriber's CATs (array), 5 the
 * subscription as a SubscribeRequest payload (paths, filters, fabric-filtered, KeepSubscriptions, MinIntervalFloor
 * and the agreed MaxInterval as the ceiling), 6 the subscriber's last IP address (4 or 16 bytes), 7 its UDP port,
 * 8 the IPv6 scope id when the address is link-local (optional: the interface index, the same after a restart).
 *
 * <p>Owned by the node loop.
 */
public final class SubscriptionStore {

    /** The record's name in the store. */
    public static final String RECORD_NAME = "matter/subscriptions";
    /** The record's payload format. */
    public static final int FORMAT_VERSION = 1;

    private static final Logger LOG = LoggerFactory.getLogger(SubscriptionStore.class);

    private final RecordStore store;
    private final int perFabric;
    private final List<StoredSubscription> entries;

    private SubscriptionStore(RecordStore store, int perFabric, List<StoredSubscription> entries) {
        this.store = store;
        this.perFabric = perFabric;
        this.entries = entries;
    }

    /**
     * Loads the record. A record that cannot be read is logged and treated as empty: subscriptions are the one
     * thing a controller can rebuild by itself (it subscribes again once its own timeout passes), so a damaged copy
     * must not stop the bridge; the next change overwrites it.
     */
    public static SubscriptionStore load(RecordStore store, int perFabric) {
        Objects.requireNonNull(store, "store");
        if (perFabric < 1) {
            throw new IllegalArgumentException("perFabric must be positive: " + perFabric);
        }
        List<StoredSubscription> entries = new ArrayList<>();
        try {
            Optional<byte[]> payload = store.read(RECORD_NAME, FORMAT_VERSION);
            if (payload.isPresent()) {
                entries.addAll(decode(payload.get()));
            }
        } catch (RecordStoreException e) {
            LOG.warn("[matter] {} cannot be read; no subscription will be resumed: {}", RECORD_NAME, e.getMessage());
            entries.clear();
        }
        SubscriptionStore loaded = new SubscriptionStore(store, perFabric, entries);
        loaded.trimInMemory();
        return loaded;
    }

    /** The subscriptions kept, oldest first. */
    public List<StoredSubscription> all() {
        return List.copyOf(entries);
    }

    /** Keeps {@code subscription} (replacing one with the same id), within the per-fabric bound. */
    public void put(StoredSubscription subscription) {
        Objects.requireNonNull(subscription, "subscription");
        List<StoredSubscription> next = new ArrayList<>(entries);
        next.removeIf(s -> s.id() == subscription.id());
        next.add(subscription);
        List<StoredSubscription> sameFabric = next.stream()
                .filter(s -> s.fabricIndex() == subscription.fabricIndex()).toList();
        for (int i = 0; i < sameFabric.size() - perFabric; i++) {
            next.remove(sameFabric.get(i));
        }
        replace(next);
    }

    /** Forgets the subscription with this id, if kept. */
    public void remove(long subscriptionId) {
        removeIf(s -> s.id() == subscriptionId);
    }

    /** Forgets every subscription that matches. */
    public void removeIf(Predicate<StoredSubscription> which) {
        List<StoredSubscription> next = new ArrayList<>(entries);
        if (next.removeIf(which)) {
            replace(next);
        }
    }

    private void replace(List<StoredSubscription> next) {
        try {
            store.write(RECORD_NAME, FORMAT_VERSION, encode(next));
        } catch (RecordStoreException e) {
            LOG.warn("[matter] {} not written; the subscription list stays as it was: {}", RECORD_NAME,
                    e.getMessage());
            return;
        }
        entries.clear();
        entries.addAll(next);
    }

    private void trimInMemory() {
        List<StoredSubscription> kept = new ArrayList<>();
        for (int i = entries.size() - 1; i >= 0; i--) {
            StoredSubscription candidate = entries.get(i);
            if (kept.stream().filter(s -> s.fabricIndex() == candidate.fabricIndex()).count() < perFabric) {
                kept.add(0, candidate);
            }
        }
        entries.clear();
        entries.addAll(kept);
    }

    static byte[] encode(List<StoredSubscription> subscriptions) {
        TlvWriter writer = new TlvWriter().startArray(TlvTag.anonymous());
        for (StoredSubscription stored : subscriptions) {
            Subscription s = stored.subscription();
            ImMessage.SubscribeRequest request = new ImMessage.SubscribeRequest(s.keepSubscriptions(),
                    s.minIntervalFloorSeconds(), s.maxIntervalSeconds(), s.attributePaths(), s.eventPaths(),
                    s.eventFilters(), s.fabricFiltered(), s.dataVersionFilters(), ImMessage.REVISION);
            writer.startStructure(TlvTag.anonymous());
            writer.putUnsigned(TlvTag.context(1), stored.fabricIndex());
            writer.putUnsigned(TlvTag.context(2), stored.subscriberNodeId());
            writer.putUnsigned(TlvTag.context(3), s.id());
            writer.startArray(TlvTag.context(4));
            for (long cat : s.subscriber().caseAuthenticatedTags()) {
                writer.putUnsigned(TlvTag.anonymous(), cat);
            }
            writer.endContainer();
            writer.putBytes(TlvTag.context(5), ImCodec.encode(request));
            writer.putBytes(TlvTag.context(6), stored.lastAddress().getAddress().getAddress());
            writer.putUnsigned(TlvTag.context(7), stored.lastAddress().getPort());
            if (stored.lastAddress().getAddress() instanceof java.net.Inet6Address v6 && v6.getScopeId() != 0) {
                writer.putUnsigned(TlvTag.context(8), v6.getScopeId());
            }
            writer.endContainer();
        }
        return writer.endContainer().toByteArray();
    }

    static List<StoredSubscription> decode(byte[] payload) {
        try {
            List<StoredSubscription> out = new ArrayList<>();
            for (TlvElement element : ((TlvElement.Array) TlvElement.decode(payload)).members()) {
                TlvElement.Structure entry = (TlvElement.Structure) element;
                int fabricIndex = (int) unsigned(entry, 1);
                long nodeId = unsigned(entry, 2);
                long id = unsigned(entry, 3);
                List<Long> cats = ((TlvElement.Array) entry.member(4).orElseThrow()).members().stream()
                        .map(m -> ((TlvElement.UnsignedInt) m).value()).toList();
                ImMessage.SubscribeRequest request = (ImMessage.SubscribeRequest) ImCodec.decode(
                        ImOpcode.SUBSCRIBE_REQUEST.code(), octets(entry, 5).toByteArray());
                byte[] raw = octets(entry, 6).toByteArray();
                Optional<TlvElement> scope = entry.member(8);
                InetAddress ip = scope.isPresent()
                        ? java.net.Inet6Address.getByAddress(null, raw, (int) ((TlvElement.UnsignedInt) scope.get())
                                .value())
                        : InetAddress.getByAddress(raw);
                int port = (int) unsigned(entry, 7);
                Subscription subscription = new Subscription(id, AccessSubject.ofCase(fabricIndex, nodeId, cats),
                        request.attributeRequests(), request.eventRequests(), request.eventFilters(),
                        request.dataVersionFilters(), request.fabricFiltered(), request.minIntervalFloorSeconds(),
                        request.maxIntervalCeilingSeconds(), request.keepSubscriptions());
                out.add(new StoredSubscription(subscription, new InetSocketAddress(ip, port)));
            }
            return out;
        } catch (TlvException | ImException | UnknownHostException | ClassCastException
                 | java.util.NoSuchElementException | IllegalArgumentException e) {
            throw new RecordStoreException(RECORD_NAME + " is corrupt: " + e.getMessage(), e);
        }
    }

    private static long unsigned(TlvElement.Structure entry, int tag) {
        return ((TlvElement.UnsignedInt) entry.member(tag).orElseThrow()).value();
    }

    private static Bytes octets(TlvElement.Structure entry, int tag) {
        return ((TlvElement.Octets) entry.member(tag).orElseThrow()).value();
    }
}
