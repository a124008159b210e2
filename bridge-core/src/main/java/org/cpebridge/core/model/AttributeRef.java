package org.cpebridge.core.model;

import java.util.Objects;

/** Names one attribute of one capability of one device. */
public record AttributeRef(DeviceId device, String capability, String attribute) {
    public AttributeRef {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(capability, "capability");
        Objects.requireNonNull(attribute, "attribute");
    }

    @Override
    public String toString() {
        return device + "/" + capability + "." + attribute;
    }
}
