package org.cpebridge.console;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cpebridge.core.model.AttributeRef;
import org.cpebridge.core.model.AttributeState;
import org.cpebridge.core.model.Capability;
import org.cpebridge.core.model.Device;
import org.cpebridge.core.model.Value;
import org.cpebridge.core.registry.DeviceRegistry;

/** A device as the console's pages show it: a JSON object of plain words and values. Stateless. */
final class DeviceViews {

    private DeviceViews() {
    }

    static Map<String, Object> view(Device device, DeviceRegistry registry) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", device.id().toString());
        view.put("name", device.name());
        view.put("room", device.room());
        view.put("vendor", device.vendor());
        view.put("model", device.model());
        view.put("radio", radioName(device.id().adapter()));
        view.put("reachable", device.reachable());
        view.put("reason", device.statusReason());
        // The household's own choice; a device left out by the Matter face's matter.exclude is not shown as such.
        view.put("inMatter", !device.excludedFromMatter());
        Map<AttributeRef, AttributeState> states = registry.states(device.id());
        Object battery = null;
        List<Map<String, Object>> values = new ArrayList<>();
        for (Capability capability : device.capabilities()) {
            for (var attribute : capability.attributes()) {
                AttributeState state = states.get(new AttributeRef(device.id(), capability.key(), attribute.name()));
                if (state == null) {
                    continue;
                }
                if (attribute.name().equals("batteryLevel")) {
                    battery = jsonValue(state.value());
                }
                Map<String, Object> value = new LinkedHashMap<>();
                value.put("key", capability.key() + "." + attribute.name());
                value.put("value", jsonValue(state.value()));
                values.add(value);
            }
        }
        view.put("battery", battery);
        view.put("values", values);
        return view;
    }

    static List<Map<String, Object>> all(DeviceRegistry registry) {
        return registry.devices().stream().map(device -> view(device, registry)).toList();
    }

    /** The radio a device came from, in words, from the id of the adapter that owns it. */
    static String radioName(String adapterId) {
        return switch (adapterId) {
            case "dect" -> "DECT-ULE";
            case "zigbee" -> "Zigbee";
            default -> adapterId;
        };
    }

    private static Object jsonValue(Value value) {
        if (value instanceof Value.Bool bool) {
            return bool.value();
        }
        if (value instanceof Value.Int integer) {
            return integer.value();
        }
        if (value instanceof Value.Decimal decimal) {
            return decimal.value();
        }
        return value.toString();
    }
}
