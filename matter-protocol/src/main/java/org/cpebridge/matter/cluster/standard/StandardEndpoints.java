package org.cpebridge.matter.cluster.standard;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.cpebridge.matter.cluster.ClusterSpec;
import org.cpebridge.matter.cluster.DataModel;
import org.cpebridge.matter.cluster.DeviceType;
import org.cpebridge.matter.cluster.Endpoint;

/**
 * The bridge's fixed topology (Core spec "Bridge for non-Matter devices"; Device Library Root Node, Aggregator,
 * Bridged Node): endpoint 0 with the commissioning clusters, endpoint 1 an Aggregator, bridged devices below it.
 * Values other than the Descriptor's are left to the clusters' owners.
 */
public final class StandardEndpoints {

    /** The Aggregator's endpoint; Alexa expects endpoint 1 (matter.js docs/ECOSYSTEMS.md). */
    public static final int AGGREGATOR_ENDPOINT = 1;

    /** Server clusters of the Root Node endpoint, in ascending id order. */
    public static final List<ClusterSpec> ROOT_CLUSTERS = List.of(
            Descriptor.SPEC, AccessControl.SPEC, BasicInformation.SPEC, GeneralCommissioning.SPEC,
            NetworkCommissioning.ETHERNET, TimeSynchronization.SPEC, AdministratorCommissioning.SPEC,
            OperationalCredentials.SPEC,
            GroupKeyManagement.SPEC);

    private StandardEndpoints() {
    }

    /** Adds endpoint 0 (Root Node) with {@link #ROOT_CLUSTERS}. */
    public static Endpoint addRootNode(DataModel model) {
        Endpoint root = model.addEndpoint(0, OptionalInt.empty(), List.of(DeviceType.ROOT_NODE));
        ROOT_CLUSTERS.forEach(spec -> model.addCluster(0, spec));
        return root;
    }

    /** Adds endpoint 1, an Aggregator with a Descriptor, under endpoint 0. */
    public static Endpoint addAggregator(DataModel model) {
        Endpoint aggregator = model.addEndpoint(AGGREGATOR_ENDPOINT, OptionalInt.of(0),
                List.of(DeviceType.AGGREGATOR));
        model.addCluster(AGGREGATOR_ENDPOINT, Descriptor.SPEC);
        return aggregator;
    }

    /**
     * Adds a bridged device endpoint under the Aggregator: Bridged Node plus the device's own types, with Descriptor,
     * Bridged Device Basic Information and the device's clusters.
     */
    public static Endpoint addBridgedDevice(DataModel model, int endpointId, List<DeviceType> deviceTypes,
            List<ClusterSpec> clusters) {
        List<DeviceType> types = new ArrayList<>(deviceTypes);
        types.add(DeviceType.BRIDGED_NODE);
        Endpoint endpoint = model.addEndpoint(endpointId, OptionalInt.of(AGGREGATOR_ENDPOINT), types);
        model.addCluster(endpointId, Descriptor.SPEC);
        model.addCluster(endpointId, BridgedDeviceBasicInformation.SPEC);
        clusters.forEach(spec -> model.addCluster(endpointId, spec));
        return endpoint;
    }
}
