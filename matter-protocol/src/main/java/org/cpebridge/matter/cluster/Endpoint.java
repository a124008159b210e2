package org.cpebridge.matter.cluster;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * One endpoint of the node: its device types, its parent in the composition tree and its server clusters.
 *
 * <p>Owned by the node's serial executor; not thread-safe.
 */
public final class Endpoint {

    private final int id;
    private final OptionalInt parent;
    private final List<DeviceType> deviceTypes;
    private final List<Long> clientClusters = new ArrayList<>();
    private final TreeMap<Long, ClusterInstance> clusters = new TreeMap<>();

    Endpoint(int id, OptionalInt parent, List<DeviceType> deviceTypes) {
        this.id = id;
        this.parent = parent;
        this.deviceTypes = List.copyOf(deviceTypes);
    }

    /** The endpoint number. */
    public int id() {
        return id;
    }

    /** The parent endpoint in the composition tree (none for endpoint 0). */
    public OptionalInt parent() {
        return parent;
    }

    /** Device types, as in Descriptor DeviceTypeList. */
    public List<DeviceType> deviceTypes() {
        return deviceTypes;
    }

    /** Server clusters, ascending by id. */
    public Collection<ClusterInstance> clusters() {
        return Collections.unmodifiableCollection(clusters.values());
    }

    /** The server cluster {@code clusterId}, if present. */
    public Optional<ClusterInstance> cluster(long clusterId) {
        return Optional.ofNullable(clusters.get(clusterId));
    }

    /** Client cluster ids, as in Descriptor ClientList. */
    public List<Long> clientClusters() {
        return Collections.unmodifiableList(clientClusters);
    }

    /** Declares a client cluster. */
    public void addClientCluster(long clusterId) {
        clientClusters.add(clusterId);
    }

    void put(ClusterInstance instance) {
        if (clusters.putIfAbsent(instance.id(), instance) != null) {
            throw new IllegalArgumentException("endpoint " + id + " already has cluster " + instance.id());
        }
    }
}
