package org.cpebridge.zigbee.z2m;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.cpebridge.core.model.CapabilityType;
import org.cpebridge.core.model.Value;
import org.cpebridge.zigbee.z2m.StateReport.AttributeUpdate;
import org.cpebridge.zigbee.z2m.StateReport.EventOccurrence;

/**
 * Turns a device's state JSON ({@code <base>/<friendly_name>}) into core attribute values and events. Pure.
 *
 * <p>Zigbee2MQTT publishes the device's whole cached state each time, so a key that did not change is reported
 * again; the registry drops unchanged values. Events that a state change implies (a contact opening, motion
 * starting) are derived by comparing with the previous core value, and only when there is one, so a replayed
 * retained state after a reconnect fires nothing.
 */
public final class StateMapper {

    private StateMapper() {
    }

    /**
     * @param previous the registry's last value of {@code (capability, attribute)}, or null
     * @throws Z2mFormatException when the payload is not a JSON object
     */
    public static StateReport map(DeviceMapping mapping, String payload,
                                  BiFunction<String, String, Value> previous) {
        return map(mapping, Fields.parseObject(payload, "state"), previous);
    }

    public static StateReport map(DeviceMapping mapping, Map<String, Object> state,
                                  BiFunction<String, String, Value> previous) {
        List<AttributeUpdate> updates = new ArrayList<>();
        List<EventOccurrence> events = new ArrayList<>();
        for (Binding binding : mapping.bindings()) {
            Object raw = state.get(binding.property());
            if (!binding.subKey().isEmpty()) {
                raw = raw instanceof Map<?, ?> map ? map.get(binding.subKey()) : null;
            }
            if (raw == null) {
                continue;
            }
            if (binding.conversion() == Binding.Conversion.ACTION) {
                if (raw instanceof String action && !action.isEmpty()) {
                    events.add(new EventOccurrence(binding.capability(), "pressed", Map.of("action", Value.of(action))));
                }
                continue;
            }
            if (binding.attribute().isEmpty()) {
                continue;
            }
            Value value = toCore(binding, raw);
            if (value == null) {
                continue;
            }
            updates.add(new AttributeUpdate(binding.capability(), binding.attribute(), value));
            Value before = previous.apply(binding.capability(), binding.attribute());
            derivedEvent(binding, before, value).ifPresent(events::add);
        }
        return new StateReport(updates, events);
    }

    /** The core value of one Zigbee2MQTT value, or null when it has the wrong type or is not a known state. */
    public static Value toCore(Binding binding, Object raw) {
        Expose expose = binding.expose();
        return switch (binding.conversion()) {
            case BINARY, BINARY_INVERTED -> {
                Boolean on = sameJson(raw, expose.valueOn()) ? Boolean.TRUE
                        : sameJson(raw, expose.valueOff()) ? Boolean.FALSE : null;
                if (on == null) {
                    yield null;
                }
                yield Value.of(binding.conversion() == Binding.Conversion.BINARY ? on : !on);
            }
            case BRIGHTNESS_PERCENT -> {
                if (!(raw instanceof Number n)) {
                    yield null;
                }
                double max = expose.max() == null || expose.max() <= 0 ? 254 : expose.max();
                long percent = Math.round(n.doubleValue() * 100.0 / max);
                yield Value.of(Math.max(0, Math.min(100, percent)));
            }
            case INTEGER -> raw instanceof Number n ? Value.of(Math.round(n.doubleValue())) : null;
            case DECIMAL -> raw instanceof Number n && Double.isFinite(n.doubleValue())
                    ? Value.of(n.doubleValue()) : null;
            case KILOPASCAL_TO_HECTOPASCAL -> raw instanceof Number n ? Value.of(n.doubleValue() * 10.0) : null;
            case ENUM -> raw instanceof String s ? Value.of(s) : null;
            case ACTION -> null;
        };
    }

    /** Whether two parsed JSON scalars are equal, comparing numbers by value (1 equals 1.0). */
    static boolean sameJson(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return x.doubleValue() == y.doubleValue();
        }
        return a != null && a.equals(b);
    }

    private static java.util.Optional<EventOccurrence> derivedEvent(Binding binding, Value before, Value now) {
        if (before == null || before.equals(now)) {
            return java.util.Optional.empty();
        }
        String typeKey = binding.capability().split("/", 2)[0];
        boolean on = now instanceof Value.Bool b && b.value();
        String event = null;
        if (typeKey.equals(CapabilityType.CONTACT.key())) {
            event = on ? "opened" : "closed";
        } else if (typeKey.equals(CapabilityType.OCCUPANCY.key()) && on) {
            event = "motion";
        } else if (typeKey.equals(CapabilityType.WATER_LEAK.key()) && on) {
            event = "leakDetected";
        } else if (typeKey.equals(CapabilityType.SMOKE_ALARM.key()) && binding.attribute().equals("smoke") && on) {
            event = "alarm";
        }
        return event == null ? java.util.Optional.empty()
                : java.util.Optional.of(new EventOccurrence(binding.capability(), event, Map.of()));
    }
}
