package org.cpebridge.usp.agent.model;

import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;
import org.cpebridge.core.model.DeviceId;
import org.cpebridge.core.model.RadioNetwork;

/**
 * The first node of a radio network that stands for each core device, found by a map instead of a scan of the
 * network's nodes: {@code ProxiedDevice.{i}.InterfaceReference} asks for every device of a Get, and a scan per device
 * made the Get of 200 DECT plugs quadratic (issue 20). A map is made once per network object the registry holds
 * (an adapter's report replaces the object) and kept while that object is; a few networks are kept at a time.
 * Owning thread: the agent's (as the providers that use it).
 */
final class NodesByDevice {
    /** More networks than a router has radios: past this the kept maps start again. */
    private static final int MAX_KEPT = 8;

    private final Map<RadioNetwork, Map<DeviceId, RadioNetwork.Node>> kept = new IdentityHashMap<>();

    /** The first node of {@code network} whose device is {@code device}, as a scan in node order finds it. */
    Optional<RadioNetwork.Node> nodeOf(RadioNetwork network, DeviceId device) {
        Map<DeviceId, RadioNetwork.Node> byDevice = kept.get(network);
        if (byDevice == null) {
            byDevice = new HashMap<>();
            for (RadioNetwork.Node node : network.nodes()) {
                if (node.device().isPresent()) {
                    byDevice.putIfAbsent(node.device().get(), node);
                }
            }
            if (kept.size() >= MAX_KEPT) {
                kept.clear();
            }
            kept.put(network, byDevice);
        }
        return Optional.ofNullable(byDevice.get(device));
    }
}
