package org.cpebridge.zigbee.z2m;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Parses the retained {@code <base>/bridge/devices} payload. Pure: no I/O. */
public final class BridgeDevices {

    private BridgeDevices() {
    }

    /**
     * Parses the whole list. An element without a valid IEEE address or with malformed exposes makes the whole
     * payload invalid, since a partial list would make the adapter remove devices that are still there.
     *
     * @throws Z2mFormatException when the payload is not a JSON array of device objects
     */
    public static List<Z2mDevice> parse(String payload) {
        List<Object> elements = Fields.list(Fields.parse(payload), "bridge/devices");
        List<Z2mDevice> devices = new ArrayList<>();
        for (int i = 0; i < elements.size(); i++) {
            devices.add(parseDevice(Fields.object(elements.get(i), "bridge/devices[" + i + "]"),
                    "bridge/devices[" + i + "]"));
        }
        return devices;
    }

    private static Optional<Integer> networkAddress(Map<String, Object> element) {
        Double address = Fields.optNumber(element, "network_address");
        return address != null && address >= 0 && address <= 0xffff && address == Math.floor(address)
                ? Optional.of(address.intValue()) : Optional.empty();
    }

    static Z2mDevice parseDevice(Map<String, Object> element, String what) {
        String ieee = Fields.string(element, "ieee_address", what);
        String friendlyName = Fields.string(element, "friendly_name", what);
        String interviewState = Fields.optString(element, "interview_state");
        if (interviewState.isEmpty()) {
            // Zigbee2MQTT 1.x has only the boolean flags.
            interviewState = Fields.optBoolean(element, "interview_completed", false) ? "SUCCESSFUL"
                    : Fields.optBoolean(element, "interviewing", false) ? "IN_PROGRESS" : "PENDING";
        }
        Object definitionValue = element.get("definition");
        List<Expose> exposes = new ArrayList<>();
        String vendor = "";
        String model = "";
        String description = "";
        if (definitionValue != null) {
            Map<String, Object> definition = Fields.object(definitionValue, what + ".definition");
            vendor = Fields.optString(definition, "vendor");
            model = Fields.optString(definition, "model");
            description = Fields.optString(definition, "description");
            Object exposesValue = definition.get("exposes");
            if (exposesValue != null) {
                List<Object> list = Fields.list(exposesValue, what + ".definition.exposes");
                for (int i = 0; i < list.size(); i++) {
                    exposes.add(Expose.fromJson(list.get(i), what + ".exposes[" + i + "]"));
                }
            }
        }
        try {
            return new Z2mDevice(ieee, friendlyName, Fields.optString(element, "type"), definitionValue != null,
                    vendor, model, description, Fields.optString(element, "model_id"),
                    Fields.optString(element, "manufacturer"), Fields.optString(element, "software_build_id"),
                    Fields.optString(element, "power_source"), interviewState,
                    Fields.optBoolean(element, "disabled", false), exposes, networkAddress(element));
        } catch (IllegalArgumentException e) {
            throw new Z2mFormatException(what + ": " + e.getMessage(), e);
        }
    }
}
