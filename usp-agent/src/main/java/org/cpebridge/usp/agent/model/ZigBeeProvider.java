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
 * Serves {@code Device.ZigBee.} from the radio networks the Zigbee adapters report to the core: one
 * {@code Interface.{i}.} per Zigbee network (the coordinator behind Zigbee2MQTT), with its {@code AssociatedDevice.{i}.}
 * rows, and the channel and PAN IDs as {@code X_CPEBRIDGE_} parameters (TR-181 keeps those in ZDO objects we cannot
 * fill). Everything is read-only: Zigbee2MQTT owns the network. Instance numbers are handed out in the order networks
 * and nodes are first seen and stay fixed while the agent runs (they are not stored: nothing refers to them across a
 * restart except {@code ProxiedDevice.{i}.InterfaceReference}, which is recomputed). Owning thread: the agent's.
 */
public final class ZigBeeProvider implements ObjectProvider {
    private final DeviceRegistry registry;
    private final Map<String, Long> interfaceNumbers = new HashMap<>();
    private final Map<String, Long> nodeNumbers = new HashMap<>();
    private final NodesByDevice nodesByDevice = new NodesByDevice();

    public ZigBeeProvider(DeviceRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    /**
     * The {@code AssociatedDevice} row of a core device, for {@code ProxiedDevice.{i}.InterfaceReference}, if the
     * device is on a Zigbee network.
     */
    public Optional<String> associatedDevicePath(DeviceId device) {
        for (RadioNetwork network : networks()) {
            Optional<RadioNetwork.Node> node = nodesByDevice.nodeOf(network, device);
            if (node.isPresent()) {
                return Optional.of(Tr181Schema.ZIGBEE + "Interface." + interfaceNumber(network)
                        + ".AssociatedDevice." + nodeNumber(network, node.get()) + ".");
            }
        }
        return Optional.empty();
    }

    @Override
    public List<Long> instances(ObjectInstance parent, ObjectSchema table) {
        List<Long> result = new ArrayList<>();
        if (table.name().equals("Interface")) {
            for (RadioNetwork network : networks()) {
                result.add(interfaceNumber(network));
            }
        } else if (table.name().equals("AssociatedDevice")) {
            network(parent).ifPresent(network -> network.nodes().forEach(n -> result.add(nodeNumber(network, n))));
        }
        result.sort(null);
        return result;
    }

    @Override
    public Map<String, String> values(ObjectInstance object) {
        Map<String, String> values = new LinkedHashMap<>();
        String name = object.schema().name();
        if (name.equals("ZigBee")) {
            values.put("InterfaceNumberOfEntries", Integer.toString(networks().size()));
        } else if (name.equals("Interface")) {
            network(object).ifPresent(network -> {
                values.put("Enable", "true");
                values.put("Status", network.up() ? "Up" : "Down");
                values.put("Alias", "cpe-" + object.instanceNumbers().get(0));
                values.put("Name", network.adapterId());
                values.put("IEEEAddress", eui64(network.address()));
                // The coordinator's NWK address is always 0x0000.
                values.put("NetworkAddress", network.address().isEmpty() ? "" : "0000");
                values.put("AssociatedDeviceNumberOfEntries", Integer.toString(network.nodes().size()));
                values.put("X_CPEBRIDGE_Channel", network.fact(RadioNetwork.CHANNEL).orElse("0"));
                values.put("X_CPEBRIDGE_PANID", network.fact(RadioNetwork.PAN_ID).orElse(""));
                values.put("X_CPEBRIDGE_ExtendedPANID", network.fact(RadioNetwork.EXTENDED_PAN_ID).orElse(""));
                values.put("X_CPEBRIDGE_CoordinatorType", network.fact(RadioNetwork.COORDINATOR_TYPE).orElse(""));
                values.put("X_CPEBRIDGE_SoftwareVersion", network.fact(RadioNetwork.SOFTWARE_VERSION).orElse(""));
            });
        } else if (name.equals("AssociatedDevice")) {
            long number = object.instanceNumbers().get(1);
            network(object).flatMap(network -> network.nodes().stream()
                    .filter(n -> nodeNumber(network, n) == number).findFirst()).ifPresent(node -> {
                        values.put("IEEEAddress", eui64(node.address()));
                        values.put("NetworkAddress", node.networkAddress().toUpperCase(Locale.ROOT));
                        values.put("Active", Boolean.toString(node.active()));
                        values.put("X_CPEBRIDGE_Role", node.role());
                    });
        }
        return values;
    }

    /** TR-106 IEEE_EUI64: eight colon-separated hex pairs; Zigbee2MQTT writes {@code 0x} and 16 digits. */
    static String eui64(String address) {
        String digits = address.toLowerCase(Locale.ROOT).replaceFirst("^0x", "");
        if (!digits.matches("[0-9a-f]{16}")) {
            return "";
        }
        StringBuilder text = new StringBuilder(23);
        for (int i = 0; i < 16; i += 2) {
            if (i > 0) {
                text.append(':');
            }
            text.append(digits, i, i + 2);
        }
        return text.toString().toUpperCase(Locale.ROOT);
    }

    private List<RadioNetwork> networks() {
        return registry.networksOf(RadioNetwork.ZIGBEE);
    }

    private Optional<RadioNetwork> network(ObjectInstance object) {
        long number = object.instanceNumbers().get(0);
        return networks().stream().filter(n -> interfaceNumber(n) == number).findFirst();
    }

    private long interfaceNumber(RadioNetwork network) {
        return interfaceNumbers.computeIfAbsent(network.adapterId(), k -> (long) interfaceNumbers.size() + 1);
    }

    private long nodeNumber(RadioNetwork network, RadioNetwork.Node node) {
        String key = nodeKey(network, node);
        Long number = nodeNumbers.get(key);
        if (number == null) {
            long next = 1;
            String prefix = network.adapterId() + "/";
            for (Map.Entry<String, Long> entry : nodeNumbers.entrySet()) {
                if (entry.getKey().startsWith(prefix)) {
                    next = Math.max(next, entry.getValue() + 1);
                }
            }
            number = next;
            nodeNumbers.put(key, number);
        }
        return number;
    }

    private static String nodeKey(RadioNetwork network, RadioNetwork.Node node) {
        return network.adapterId() + "/" + node.address();
    }
}
