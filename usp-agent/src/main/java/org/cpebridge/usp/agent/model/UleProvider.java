package org.cpebridge.usp.agent.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.cpebridge.core.model.DeviceId;
import org.cpebridge.core.model.RadioNetwork;
import org.cpebridge.core.registry.DeviceRegistry;
import org.cpebridge.usp.datamodel.ObjectInstance;
import org.cpebridge.usp.datamodel.ObjectProvider;
import org.cpebridge.usp.datamodel.ObjectSchema;

/**
 * Serves the vendor object {@code Device.X_CPEBRIDGE_ULE.}: the DECT-ULE network behind the router's DECT base, as the
 * DECT adapter reports it to the core. TR-181 has no DECT or ULE object (DECT appears only in TR-104's VoiceService, for
 * handsets), so this follows TR-181's ZigBee.Interface pattern under the vendor prefix: a Status and one
 * {@code Node.{i}.} row per registered device with its UID (the IPUI or HAN-FUN UID), its HAN-FUN address, whether it
 * sleeps between transmissions, and whether it is reachable. Read-only. Instance numbers follow the order the nodes
 * are first seen and stay fixed while the agent runs. Owning thread: the agent's.
 */
public final class UleProvider implements ObjectProvider {
    private final DeviceRegistry registry;
    private final Map<String, Long> nodeNumbers = new HashMap<>();
    private final NodesByDevice nodesByDevice = new NodesByDevice();

    public UleProvider(DeviceRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    /** The {@code Node} row of a core device, for {@code ProxiedDevice.{i}.InterfaceReference}. */
    public Optional<String> nodePath(DeviceId device) {
        Optional<RadioNetwork> network = network();
        if (network.isEmpty()) {
            return Optional.empty();
        }
        // Only the node found gets a number here, as before: numbers follow the order nodes are first asked about.
        return nodesByDevice.nodeOf(network.get(), device)
                .map(node -> Tr181Schema.ULE + "Node." + nodeNumber(node) + ".");
    }

    @Override
    public List<Long> instances(ObjectInstance parent, ObjectSchema table) {
        List<Long> result = new ArrayList<>();
        network().ifPresent(network -> network.nodes().forEach(n -> result.add(nodeNumber(n))));
        result.sort(null);
        return result;
    }

    @Override
    public Map<String, String> values(ObjectInstance object) {
        Map<String, String> values = new LinkedHashMap<>();
        Optional<RadioNetwork> network = network();
        if (object.schema().name().equals("Node")) {
            long number = object.instanceNumbers().get(0);
            network.flatMap(n -> n.nodes().stream().filter(node -> nodeNumber(node) == number).findFirst())
                    .ifPresent(node -> {
                        values.put("UID", node.address());
                        values.put("Address", node.networkAddress().toUpperCase(Locale.ROOT));
                        values.put("Sleepy", Boolean.toString(node.role().equals("Sleepy")));
                        values.put("Active", Boolean.toString(node.active()));
                    });
        } else {
            values.put("Status", network.map(n -> n.up() ? "Up" : "Down").orElse("NotPresent"));
            values.put("NodeNumberOfEntries", Integer.toString(network.map(n -> n.nodes().size()).orElse(0)));
        }
        return values;
    }

    private Optional<RadioNetwork> network() {
        return registry.networksOf(RadioNetwork.DECT_ULE).stream().findFirst();
    }

    private long nodeNumber(RadioNetwork.Node node) {
        return nodeNumbers.computeIfAbsent(node.address(), k -> (long) nodeNumbers.size() + 1);
    }
}
