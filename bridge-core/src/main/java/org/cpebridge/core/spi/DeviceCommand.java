package org.cpebridge.core.spi;

import java.util.Map;
import java.util.Objects;
import org.cpebridge.core.model.AttributeRef;
import org.cpebridge.core.model.DeviceId;
import org.cpebridge.core.model.Value;

/** A request the core routes to the adapter that owns the device, already checked against the capability's spec. */
public sealed interface DeviceCommand {

    DeviceId device();

    /** Invoke a capability command, e.g. {@code onOff.toggle} or {@code level.setLevel(level=40)}. */
    record Invoke(DeviceId device, String capability, String command, Map<String, Value> arguments)
            implements DeviceCommand {
        public Invoke {
            Objects.requireNonNull(device, "device");
            Objects.requireNonNull(capability, "capability");
            Objects.requireNonNull(command, "command");
            arguments = Map.copyOf(arguments);
        }
    }

    /** Write a writable attribute, e.g. {@code thermostat.heatingSetpoint = 21.5}. */
    record WriteAttribute(AttributeRef attribute, Value value) implements DeviceCommand {
        public WriteAttribute {
            Objects.requireNonNull(attribute, "attribute");
            Objects.requireNonNull(value, "value");
        }

        @Override
        public DeviceId device() {
            return attribute.device();
        }
    }
}
