package org.cpebridge.core.model;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What an adapter knows of the radio network behind it: the coordinator or base station, the network's settings, and
 * each node's link-level identity. Faces show it (USP {@code Device.ZigBee.}); nothing here is the household's
 * activity, so it counts as inventory and health.
 *
 * @param adapterId  the reporting adapter ({@code zigbee}, {@code dect})
 * @param technology {@link #ZIGBEE} or {@link #DECT_ULE}
 * @param up         whether the adapter is connected to its network now
 * @param address    the coordinator's or base's own address (an IEEE EUI-64 for Zigbee), empty when unknown
 * @param facts      further settings by well-known key ({@link #CHANNEL}, {@link #PAN_ID}, ...), values as text
 * @param nodes      the devices on the network, in the adapter's order
 */
public record RadioNetwork(String adapterId, String technology, boolean up, String address, Map<String, String> facts,
        List<Node> nodes) {

    public static final String ZIGBEE = "zigbee";
    public static final String DECT_ULE = "dect-ule";
    /** Radio channel number. */
    public static final String CHANNEL = "channel";
    /** 16-bit PAN identifier, as 4 hex digits. */
    public static final String PAN_ID = "panId";
    /** 64-bit extended PAN identifier, as 16 hex digits. */
    public static final String EXTENDED_PAN_ID = "extendedPanId";
    /** The coordinator's or base's stack/firmware type. */
    public static final String COORDINATOR_TYPE = "coordinatorType";
    /** The network software's version (Zigbee2MQTT, the ULE stack). */
    public static final String SOFTWARE_VERSION = "softwareVersion";

    /**
     * One device on the network.
     *
     * @param device         the core device, when the node is one (a router that is not a device still appears)
     * @param address        its long address (IEEE EUI-64, IPUI), as text
     * @param networkAddress its short network address (Zigbee NWK address, HAN-FUN device address), as text; empty
     *                       when unknown
     * @param role           the node's role in the network (Zigbee: {@code Router}, {@code EndDevice})
     * @param active         whether the node is reachable now
     */
    public record Node(Optional<DeviceId> device, String address, String networkAddress, String role, boolean active) {
        public Node {
            Objects.requireNonNull(device, "device");
            Objects.requireNonNull(address, "address");
            networkAddress = Objects.requireNonNullElse(networkAddress, "");
            role = Objects.requireNonNullElse(role, "");
        }
    }

    public RadioNetwork {
        Objects.requireNonNull(adapterId, "adapterId");
        Objects.requireNonNull(technology, "technology");
        address = Objects.requireNonNullElse(address, "");
        facts = Map.copyOf(new TreeMap<>(facts));
        nodes = List.copyOf(nodes);
    }

    /** A fact, if the adapter reported it. */
    public Optional<String> fact(String key) {
        return Optional.ofNullable(facts.get(key));
    }
}
