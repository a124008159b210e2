package org.cpebridge.dect.sim;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which virtual devices to create, parsed from {@code TYPE:COUNT,...} (e.g. {@code plug:2,contact:1}).
 *
 * @param counts device count per type, in the order given
 */
public record SimulatorConfig(Map<DeviceType, Integer> counts) {
    /** Upper bound per type, to keep a typo from creating a million devices. */
    public static final int MAX_PER_TYPE = 1000;

    public SimulatorConfig {
        counts = Collections.unmodifiableMap(new LinkedHashMap<>(counts));
        counts.forEach((type, count) -> {
            if (count < 0 || count > MAX_PER_TYPE) {
                throw new IllegalArgumentException("count for " + type.configName() + " out of range: " + count);
            }
        });
    }

    /** One device of every type. */
    public static SimulatorConfig oneOfEach() {
        Map<DeviceType, Integer> counts = new LinkedHashMap<>();
        for (DeviceType type : DeviceType.values()) {
            counts.put(type, 1);
        }
        return new SimulatorConfig(counts);
    }

    /**
     * Parses {@code TYPE:COUNT[,TYPE:COUNT...]}; blank means no devices. A type listed twice adds up.
     *
     * @throws IllegalArgumentException naming the bad entry
     */
    public static SimulatorConfig parse(String text) {
        Map<DeviceType, Integer> counts = new LinkedHashMap<>();
        if (text == null || text.isBlank()) {
            return new SimulatorConfig(counts);
        }
        for (String entry : text.split(",")) {
            String trimmed = entry.trim();
            int colon = trimmed.indexOf(':');
            if (colon <= 0 || colon == trimmed.length() - 1) {
                throw new IllegalArgumentException("expected TYPE:COUNT, got '" + trimmed + "'");
            }
            String name = trimmed.substring(0, colon).trim();
            DeviceType type = DeviceType.fromConfigName(name).orElseThrow(() -> new IllegalArgumentException(
                    "unknown device type '" + name + "' (known: plug, light, thermostat, contact, motion, smoke,"
                            + " climate, button, switch)"));
            int count;
            try {
                count = Integer.parseInt(trimmed.substring(colon + 1).trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad count in '" + trimmed + "'");
            }
            if (count < 0 || count > MAX_PER_TYPE) {
                throw new IllegalArgumentException("count in '" + trimmed + "' must be 0.." + MAX_PER_TYPE);
            }
            counts.merge(type, count, Integer::sum);
        }
        return new SimulatorConfig(counts);
    }

    public int total() {
        return counts.values().stream().mapToInt(Integer::intValue).sum();
    }

    @Override
    public String toString() {
        return format();
    }

    /** The config string form, e.g. {@code plug:2,contact:1}. */
    public String format() {
        StringBuilder text = new StringBuilder();
        counts.forEach((type, count) -> {
            if (text.length() > 0) {
                text.append(',');
            }
            text.append(type.configName()).append(':').append(count);
        });
        return text.toString();
    }
}
