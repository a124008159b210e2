package org.cpebridge.zigbee.z2m;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.cpebridge.core.model.Value;

/** What one Zigbee2MQTT state message says in core terms: attribute values, then events. */
public record StateReport(List<AttributeUpdate> updates, List<EventOccurrence> events) {

    public StateReport {
        updates = List.copyOf(updates);
        events = List.copyOf(events);
    }

    /** A new value for {@code capability.attribute}. */
    public record AttributeUpdate(String capability, String attribute, Value value) {
        public AttributeUpdate {
            Objects.requireNonNull(capability, "capability");
            Objects.requireNonNull(attribute, "attribute");
            Objects.requireNonNull(value, "value");
        }
    }

    /** Something that happened ({@code button.pressed}, {@code contact.opened}). */
    public record EventOccurrence(String capability, String event, Map<String, Value> fields) {
        public EventOccurrence {
            Objects.requireNonNull(capability, "capability");
            Objects.requireNonNull(event, "event");
            fields = Map.copyOf(fields);
        }
    }
}
