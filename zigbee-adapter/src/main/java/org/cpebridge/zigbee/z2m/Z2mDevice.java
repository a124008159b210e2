package org.cpebridge.zigbee.z2m;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One element of Zigbee2MQTT's retained {@code bridge/devices} list, reduced to what the bridge uses.
 *
 * @param ieeeAddress    {@code 0x} and 16 lower-case hex digits; the device's stable identity
 * @param friendlyName   the name in Zigbee2MQTT's topics; it changes on rename
 * @param type           Coordinator, Router, EndDevice, GreenPower or Unknown
 * @param definition     false when Zigbee2MQTT has no definition for the device (unsupported)
 * @param interviewState PENDING, IN_PROGRESS, SUCCESSFUL or FAILED
 * @param networkAddress the 16-bit NWK address (it changes when a device rejoins), or empty when not given
 */
public record Z2mDevice(String ieeeAddress, String friendlyName, String type, boolean definition, String vendor,
                        String model, String description, String modelId, String manufacturer,
                        String softwareBuildId, String powerSource, String interviewState, boolean disabled,
                        List<Expose> exposes, Optional<Integer> networkAddress) {

    private static final Pattern IEEE = Pattern.compile("0x[0-9a-fA-F]{16}");

    public Z2mDevice {
        Objects.requireNonNull(ieeeAddress, "ieeeAddress");
        if (!IEEE.matcher(ieeeAddress).matches()) {
            throw new IllegalArgumentException("IEEE address must be 0x and 16 hex digits: '" + ieeeAddress + "'");
        }
        ieeeAddress = ieeeAddress.toLowerCase(java.util.Locale.ROOT);
        Objects.requireNonNull(friendlyName, "friendlyName");
        type = Objects.requireNonNullElse(type, "Unknown");
        vendor = Objects.requireNonNullElse(vendor, "");
        model = Objects.requireNonNullElse(model, "");
        description = Objects.requireNonNullElse(description, "");
        modelId = Objects.requireNonNullElse(modelId, "");
        manufacturer = Objects.requireNonNullElse(manufacturer, "");
        softwareBuildId = Objects.requireNonNullElse(softwareBuildId, "");
        powerSource = Objects.requireNonNullElse(powerSource, "");
        interviewState = Objects.requireNonNullElse(interviewState, "");
        exposes = List.copyOf(exposes);
        Objects.requireNonNull(networkAddress, "networkAddress");
    }

    public boolean isCoordinator() {
        return "Coordinator".equals(type);
    }

    /** Whether the interview is over and the device can be offered to the faces. */
    public boolean isReady() {
        return "SUCCESSFUL".equals(interviewState) && !disabled && !isCoordinator();
    }
}
