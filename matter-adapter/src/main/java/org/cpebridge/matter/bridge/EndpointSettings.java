package org.cpebridge.matter.bridge;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.cpebridge.core.store.DurableStore;
import org.cpebridge.core.store.StoreException;
import org.cpebridge.matter.cluster.ClusterInstance;
import org.cpebridge.matter.im.ImStatus;
import org.cpebridge.matter.im.ImTlv;
import org.cpebridge.matter.tlv.TlvElement;
import org.cpebridge.matter.tlv.TlvException;
import org.cpebridge.matter.tlv.TlvTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Matter-only settings a controller wrote on bridged endpoints (StartUpOnOff, OnTime, OffWaitTime, Level
 * Control's Options, OnLevel and StartUpCurrentLevel, Color Control's Options and StartUpColorTemperatureMireds, Window
 * Covering's Mode), kept in the core's durable store so that a restart keeps them: the spec gives the StartUp values
 * the non-volatile quality, and a household's app that set "on after power loss" must not find it forgotten after the
 * router rebooted. One record per endpoint with a written setting, {@value #PREFIX}{@code <endpoint number>}, format
 * 1: a TLV array of structures {@code {0: cluster id, 1: attribute id, 2: value}}. Endpoint numbers are stable per
 * device ({@link EndpointNumbers}), so a setting follows its device.
 *
 * <p>A write goes to disk (atomically, by the store) before the value changes in memory: a write that fails throws
 * {@link StoreException} and leaves everything as it was. A record that cannot be read at start is logged and ignored
 * (the endpoint starts from the defaults; the bridge must not stay down for it) and replaced at the next write.
 * Values that no longer fit the endpoint (its device now maps to other clusters) are left out when it is mounted. A
 * device removed or left out of Matter takes its endpoint's settings with it, also when that happened while the
 * bridge was down (at start, records of endpoints not mounted are deleted).
 *
 * <p>Owned by the node loop.
 */
final class EndpointSettings {

    static final String PREFIX = "matter/settings/";
    static final int FORMAT_VERSION = 1;

    private static final Logger LOG = LoggerFactory.getLogger(EndpointSettings.class);

    private final DurableStore store;
    // endpoint -> cluster -> attribute -> anonymous value; sorted, so that a record's bytes follow from its content.
    private final Map<Integer, Map<Long, Map<Long, TlvElement>>> byEndpoint = new HashMap<>();

    private EndpointSettings(DurableStore store) {
        this.store = store;
    }

    /** Loads every endpoint's settings. */
    static EndpointSettings load(DurableStore store) {
        EndpointSettings settings = new EndpointSettings(Objects.requireNonNull(store, "store"));
        for (String name : store.list(PREFIX)) {
            try {
                int endpoint = Integer.parseInt(name.substring(PREFIX.length()));
                store.read(name).ifPresent(record -> {
                    Map<Long, Map<Long, TlvElement>> values = decode(record.payloadOfFormat(FORMAT_VERSION));
                    if (!values.isEmpty()) {
                        settings.byEndpoint.put(endpoint, values);
                    }
                });
            } catch (RuntimeException e) {
                LOG.warn("[matter] ignoring unreadable settings record {}: {}", name, e.getMessage());
            }
        }
        return settings;
    }

    /**
     * Stores {@code value} (anonymous) as the setting's new value.
     *
     * @throws StoreException when it could not be written; nothing changed then
     */
    private void write(int endpoint, long cluster, long attribute, TlvElement value) {
        Map<Long, Map<Long, TlvElement>> next = copy(byEndpoint.getOrDefault(endpoint, Map.of()));
        next.computeIfAbsent(cluster, id -> new TreeMap<>()).put(attribute, ImTlv.anonymous(value));
        store.write(PREFIX + endpoint, FORMAT_VERSION, encode(next));
        byEndpoint.put(endpoint, next);
    }

    /**
     * A controller's write of a Matter-only setting of {@code cluster}: on disk first, then in the cluster (its data
     * version moves), then {@code changed} runs so that it is reported. Writing the value it already has does nothing.
     *
     * @return SUCCESS, or FAILURE when the store refused it (nothing changed then)
     */
    ImStatus apply(ClusterInstance cluster, long attributeId, TlvElement value, Runnable changed) {
        if (cluster.value(attributeId).filter(ImTlv.anonymous(value)::equals).isPresent()) {
            return ImStatus.SUCCESS;
        }
        try {
            write(cluster.endpoint(), cluster.spec().id(), attributeId, value);
        } catch (StoreException e) {
            LOG.warn("[matter] setting {}/0x{}/0x{} not stored; the write fails: {}", cluster.endpoint(),
                    Long.toHexString(cluster.spec().id()), Long.toHexString(attributeId), e.getMessage());
            return ImStatus.FAILURE;
        }
        cluster.set(attributeId, value);
        changed.run();
        return ImStatus.SUCCESS;
    }

    /** Puts back what controllers wrote to this endpoint's settings before {@code bound} is mounted. */
    void restore(int endpoint, BoundCluster bound) {
        long cluster = bound.spec().id();
        byEndpoint.getOrDefault(endpoint, Map.of()).getOrDefault(cluster, Map.of()).forEach((attribute, value) -> {
            if (!bound.restoreSetting(attribute, value)) {
                LOG.debug("[matter] stored setting {}/0x{}/0x{} no longer fits; left out", endpoint,
                        Long.toHexString(cluster), Long.toHexString(attribute));
            }
        });
    }

    /** The endpoint went away for good (its device left): its settings go with it. */
    void endpointRemoved(int endpoint) {
        if (byEndpoint.remove(endpoint) != null) {
            try {
                store.delete(PREFIX + endpoint);
            } catch (StoreException e) {
                // Harmless: endpoint numbers are never given to another device, so the record is never read again.
                LOG.warn("[matter] settings of removed endpoint {} could not be deleted: {}", endpoint,
                        e.getMessage());
            }
        }
    }

    /** Forgets the settings of every endpoint not in {@code mounted} (devices removed while the bridge was down). */
    void retainEndpoints(java.util.Collection<Integer> mounted) {
        for (int endpoint : List.copyOf(byEndpoint.keySet())) {
            if (!mounted.contains(endpoint)) {
                endpointRemoved(endpoint);
            }
        }
    }

    private static Map<Long, Map<Long, TlvElement>> copy(Map<Long, Map<Long, TlvElement>> values) {
        Map<Long, Map<Long, TlvElement>> copy = new TreeMap<>();
        values.forEach((cluster, attributes) -> copy.put(cluster, new TreeMap<>(attributes)));
        return copy;
    }

    static byte[] encode(Map<Long, Map<Long, TlvElement>> values) {
        List<TlvElement> entries = new ArrayList<>();
        values.forEach((cluster, attributes) -> attributes.forEach((attribute, value) -> entries.add(
                new TlvElement.Structure(TlvTag.anonymous(), List.of(
                        new TlvElement.UnsignedInt(TlvTag.context(0), cluster),
                        new TlvElement.UnsignedInt(TlvTag.context(1), attribute),
                        ImTlv.withTag(value, TlvTag.context(2)))))));
        return new TlvElement.Array(TlvTag.anonymous(), entries).encode();
    }

    static Map<Long, Map<Long, TlvElement>> decode(byte[] payload) {
        try {
            Map<Long, Map<Long, TlvElement>> values = new TreeMap<>();
            for (TlvElement element : ((TlvElement.Array) TlvElement.decode(payload)).members()) {
                TlvElement.Structure entry = (TlvElement.Structure) element;
                long cluster = ((TlvElement.UnsignedInt) entry.member(0).orElseThrow()).value();
                long attribute = ((TlvElement.UnsignedInt) entry.member(1).orElseThrow()).value();
                TlvElement value = ImTlv.anonymous(entry.member(2).orElseThrow());
                values.computeIfAbsent(cluster, id -> new TreeMap<>()).put(attribute, value);
            }
            return values;
        } catch (TlvException | ClassCastException | java.util.NoSuchElementException e) {
            throw new IllegalArgumentException("corrupt settings record: " + e.getMessage(), e);
        }
    }
}
