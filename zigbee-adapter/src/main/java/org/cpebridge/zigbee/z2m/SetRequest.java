package org.cpebridge.zigbee.z2m;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.cpebridge.core.model.Value;

/**
 * A {@code /set} payload and what the device's next state must show for the command to count as done.
 *
 * @param payload      the JSON object to publish on {@code <base>/<friendly_name>/set}
 * @param expectations empty when any next state message confirms (cover movements, relative steps)
 */
public record SetRequest(Map<String, Object> payload, List<Expectation> expectations) {

    public SetRequest {
        payload = Map.copyOf(payload);
        expectations = List.copyOf(expectations);
    }

    /** Whether a mapped state message confirms the command. */
    public boolean confirmedBy(StateReport report) {
        for (Expectation expectation : expectations) {
            boolean met = report.updates().stream().anyMatch(u -> u.capability().equals(expectation.capability())
                    && u.attribute().equals(expectation.attribute()) && expectation.accepts(u.value()));
            if (!met) {
                return false;
            }
        }
        return true;
    }

    /**
     * One attribute the next state must show.
     *
     * @param expected  null when any value will do
     * @param tolerance how far a number may be off (Zigbee2MQTT and the device round)
     */
    public record Expectation(String capability, String attribute, Value expected, double tolerance) {
        public Expectation {
            Objects.requireNonNull(capability, "capability");
            Objects.requireNonNull(attribute, "attribute");
        }

        boolean accepts(Value value) {
            if (expected == null) {
                return true;
            }
            if ((expected instanceof Value.Int || expected instanceof Value.Decimal)
                    && (value instanceof Value.Int || value instanceof Value.Decimal)) {
                return Math.abs(expected.asDouble() - value.asDouble()) <= tolerance + 1e-9;
            }
            return expected.equals(value);
        }
    }
}
