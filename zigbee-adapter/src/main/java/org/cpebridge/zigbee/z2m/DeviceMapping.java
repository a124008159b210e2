package org.cpebridge.zigbee.z2m;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.cpebridge.core.model.Capability;
import org.cpebridge.core.model.DeviceKind;

/**
 * What the bridge made of one Zigbee2MQTT device: its core capabilities, how state keys map onto them, what it
 * could not map, and which properties {@code /get} can refresh.
 *
 * @param skipped descriptions of the exposes no core capability covers (logged once per device)
 */
public record DeviceMapping(Z2mDevice device, List<Capability> capabilities, List<Binding> bindings,
                            List<String> skipped, List<String> gettable) {

    public DeviceMapping {
        Objects.requireNonNull(device, "device");
        capabilities = List.copyOf(capabilities);
        bindings = List.copyOf(bindings);
        skipped = List.copyOf(skipped);
        gettable = List.copyOf(gettable);
    }

    /**
     * A light when Zigbee2MQTT's definition exposes a {@code light} (even one with On/Off only, which the faces would
     * otherwise show as a plug); otherwise unspecified: a {@code switch} expose is a plug as often as a wall relay.
     */
    public DeviceKind kind() {
        return device.exposes().stream().anyMatch(e -> e.type().equals("light")) ? DeviceKind.LIGHT
                : DeviceKind.UNSPECIFIED;
    }

    public Optional<Capability> capability(String key) {
        return capabilities.stream().filter(c -> c.key().equals(key)).findFirst();
    }

    /** The binding of a core attribute, if the device has it. */
    public Optional<Binding> binding(String capabilityKey, String attribute) {
        return bindings.stream()
                .filter(b -> b.capability().equals(capabilityKey) && b.attribute().equals(attribute))
                .findFirst();
    }
}
