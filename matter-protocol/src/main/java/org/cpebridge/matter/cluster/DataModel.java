package org.cpebridge.matter.cluster;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.random.RandomGenerator;
import org.cpebridge.matter.cluster.standard.Descriptor;
import org.cpebridge.matter.tlv.TlvElement;
import org.cpebridge.matter.tlv.TlvTag;

/**
 * The node's endpoints and their server clusters: the store the read, write and invoke engines work on. New
 * cluster instances start at a random data version, as the spec asks, from the injected generator.
 *
 * <p>Owned by the node's serial executor; not thread-safe.
 */
public final class DataModel {

    private final RandomGenerator random;
    private final boolean exposeEventList;
    private final TreeMap<Integer, Endpoint> endpoints = new TreeMap<>();

    /**
     * A data model.
     *
     * @param exposeEventList whether clusters expose the EventList global attribute (deprecated in Matter 1.4)
     */
    public DataModel(RandomGenerator random, boolean exposeEventList) {
        this.random = Objects.requireNonNull(random, "random");
        this.exposeEventList = exposeEventList;
    }

    /** A data model without EventList. */
    public DataModel(RandomGenerator random) {
        this(random, false);
    }

    /** Adds an endpoint; {@code parent} empty only for endpoint 0. */
    public Endpoint addEndpoint(int id, OptionalInt parent, List<DeviceType> deviceTypes) {
        if (id < 0 || id > 0xFFFE) {
            throw new IllegalArgumentException("endpoint id out of range 0..0xFFFE: " + id);
        }
        if (parent.isPresent() && !endpoints.containsKey(parent.getAsInt())) {
            throw new IllegalArgumentException("parent endpoint " + parent.getAsInt() + " does not exist");
        }
        Endpoint endpoint = new Endpoint(id, parent, deviceTypes);
        if (endpoints.putIfAbsent(id, endpoint) != null) {
            throw new IllegalArgumentException("endpoint " + id + " exists");
        }
        return endpoint;
    }

    /** Adds a server cluster to an existing endpoint. */
    public ClusterInstance addCluster(int endpointId, ClusterSpec spec) {
        return addCluster(endpointId, spec, null);
    }

    /**
     * Adds a server cluster whose values live in {@code store} (null: in the instance), to an existing endpoint.
     */
    public ClusterInstance addCluster(int endpointId, ClusterSpec spec, ClusterInstance.AttributeStore store) {
        Endpoint endpoint = endpoint(endpointId)
                .orElseThrow(() -> new IllegalArgumentException("no endpoint " + endpointId));
        ClusterInstance instance = new ClusterInstance(endpointId, spec, random.nextLong(), exposeEventList, store);
        endpoint.put(instance);
        return instance;
    }

    /** Removes an endpoint and its children. */
    public void removeEndpoint(int id) {
        for (Endpoint child : List.copyOf(endpoints.values())) {
            if (child.parent().isPresent() && child.parent().getAsInt() == id) {
                removeEndpoint(child.id());
            }
        }
        endpoints.remove(id);
    }

    /** The endpoint {@code id}. */
    public Optional<Endpoint> endpoint(int id) {
        return Optional.ofNullable(endpoints.get(id));
    }

    /** All endpoints, ascending. */
    public Collection<Endpoint> endpoints() {
        return Collections.unmodifiableCollection(endpoints.values());
    }

    /** The cluster instance at a concrete path. */
    public Optional<ClusterInstance> cluster(int endpointId, long clusterId) {
        return endpoint(endpointId).flatMap(e -> e.cluster(clusterId));
    }

    /**
     * Writes the Descriptor attributes of every endpoint that has a Descriptor cluster: DeviceTypeList, ServerList,
     * ClientList and PartsList (endpoint 0 lists every other endpoint; others list all their descendants).
     */
    public void updateDescriptors() {
        for (Endpoint endpoint : endpoints.values()) {
            Optional<ClusterInstance> descriptor = endpoint.cluster(Descriptor.ID);
            if (descriptor.isEmpty()) {
                continue;
            }
            ClusterInstance d = descriptor.get();
            d.set(Descriptor.DEVICE_TYPE_LIST, array(endpoint.deviceTypes().stream().map(DeviceType::toTlv).toList()));
            d.set(Descriptor.SERVER_LIST, numbers(endpoint.clusters().stream().map(ClusterInstance::id).toList()));
            d.set(Descriptor.CLIENT_LIST, numbers(endpoint.clientClusters()));
            List<Long> parts = new ArrayList<>();
            for (Endpoint other : endpoints.values()) {
                if (other.id() != endpoint.id() && (endpoint.id() == 0 || isDescendant(other, endpoint.id()))) {
                    parts.add((long) other.id());
                }
            }
            d.set(Descriptor.PARTS_LIST, numbers(parts));
        }
    }

    private boolean isDescendant(Endpoint endpoint, int ancestor) {
        OptionalInt parent = endpoint.parent();
        while (parent.isPresent()) {
            if (parent.getAsInt() == ancestor) {
                return true;
            }
            Endpoint next = endpoints.get(parent.getAsInt());
            parent = next == null ? OptionalInt.empty() : next.parent();
        }
        return false;
    }

    private static TlvElement array(List<TlvElement> members) {
        return new TlvElement.Array(TlvTag.anonymous(), members);
    }

    private static TlvElement numbers(List<Long> values) {
        return array(values.stream().map(v -> (TlvElement) new TlvElement.UnsignedInt(TlvTag.anonymous(), v))
                .toList());
    }
}
