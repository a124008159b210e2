package org.cpebridge.privacy.policy;

import java.util.Objects;
import org.cpebridge.core.model.DeviceId;
import org.cpebridge.core.model.PrivacyClass;

/**
 * The core data a USP path stands for, in core terms only.
 *
 * @param device     the core device
 * @param capability the capability key ({@code onOff}, {@code thermostat/l1}); "" for device-level data (name,
 *                   reachability, the device object itself)
 * @param member     the attribute, command or event name in that capability, or the {@link
 *                   org.cpebridge.core.model.DeviceField} name in lower case for device-level data; "" for the device
 *                   or capability object as a whole
 * @param privacy    what the data reveals about the household
 */
public record DeviceTarget(DeviceId device, String capability, String member, PrivacyClass privacy) {
    public DeviceTarget {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(capability, "capability");
        Objects.requireNonNull(member, "member");
        Objects.requireNonNull(privacy, "privacy");
    }
}
