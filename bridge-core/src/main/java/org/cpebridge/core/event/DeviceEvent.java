package org.cpebridge.core.event;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import org.cpebridge.core.model.AttributeRef;
import org.cpebridge.core.model.Device;
import org.cpebridge.core.model.DeviceId;
import org.cpebridge.core.model.PrivacyClass;
import org.cpebridge.core.model.Value;

/**
 * What the core tells the faces. Events of one device reach each subscriber in the order the registry applied
 * them.
 */
public sealed interface DeviceEvent {

    DeviceId device();

    /** A device the core did not know before. */
    record DeviceAdded(Device added) implements DeviceEvent {
        public DeviceAdded {
            Objects.requireNonNull(added, "added");
        }

        @Override
        public DeviceId device() {
            return added.id();
        }
    }

    /** A device left (unpaired, removed by its adapter or by the household). */
    record DeviceRemoved(Device removed) implements DeviceEvent {
        public DeviceRemoved {
            Objects.requireNonNull(removed, "removed");
        }

        @Override
        public DeviceId device() {
            return removed.id();
        }
    }

    /** Identity, name, room or capabilities changed. */
    record DeviceChanged(Device before, Device after) implements DeviceEvent {
        public DeviceChanged {
            Objects.requireNonNull(before, "before");
            Objects.requireNonNull(after, "after");
        }

        @Override
        public DeviceId device() {
            return after.id();
        }
    }

    /**
     * An attribute's value changed.
     *
     * @param previous the value before, or null when the attribute had none
     */
    record StateChanged(AttributeRef attribute, Value previous, Value current, PrivacyClass privacy, Instant at)
            implements DeviceEvent {
        public StateChanged {
            Objects.requireNonNull(attribute, "attribute");
            Objects.requireNonNull(current, "current");
            Objects.requireNonNull(privacy, "privacy");
            Objects.requireNonNull(at, "at");
        }

        @Override
        public DeviceId device() {
            return attribute.device();
        }
    }

    record ReachabilityChanged(DeviceId device, boolean reachable, String reason, Instant at) implements DeviceEvent {
        public ReachabilityChanged {
            Objects.requireNonNull(device, "device");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(at, "at");
        }
    }

    /** Something happened at the device (a button press, a door opening) that is not just a new state value. */
    record CapabilityEvent(DeviceId device, String capability, String event, Map<String, Value> fields,
                           PrivacyClass privacy, Instant at) implements DeviceEvent {
        public CapabilityEvent {
            Objects.requireNonNull(device, "device");
            Objects.requireNonNull(capability, "capability");
            Objects.requireNonNull(event, "event");
            fields = Map.copyOf(fields);
            Objects.requireNonNull(privacy, "privacy");
            Objects.requireNonNull(at, "at");
        }
    }
}
