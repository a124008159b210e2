package org.cpebridge.core.model;

import java.util.Locale;
import java.util.Optional;

/**
 * What a device is, when its adapter knows it from the device itself (a HAN-FUN profile, a Zigbee2MQTT definition)
 * rather than from its capabilities alone: a light and a plug both have only On/Off, a household sees them
 * differently. {@link #UNSPECIFIED} lets each face infer the type from the capabilities, as it did before kinds.
 * INVENTORY class, like the device's type in any face ({@link DeviceField}).
 */
public enum DeviceKind {
    UNSPECIFIED, LIGHT, PLUG, SWITCH, BUTTON, SENSOR, THERMOSTAT, ALARM, WINDOW_COVERING, METER;

    /** The stored and shown name: lower case ({@code light}, {@code window_covering}). */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The kind named {@code key}, if this build knows it. */
    public static Optional<DeviceKind> byKey(String key) {
        for (DeviceKind kind : values()) {
            if (kind.key().equals(key)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }
}
