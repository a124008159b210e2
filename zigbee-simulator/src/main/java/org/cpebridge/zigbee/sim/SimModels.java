package org.cpebridge.zigbee.sim;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The device models the simulator knows: the {@code bridge/devices} element of each (resources next to this
 * class, see SOURCES.md there) and the state Zigbee2MQTT reports for it when it starts (examples of
 * shared/reference/adapters.md C.6).
 */
public final class SimModels {

    /** Model keys accepted by {@code zigbee.simulator.devices}. */
    public static final List<String> KEYS = List.of("hue-color", "ikea-plug", "aqara-contact", "aqara-climate",
            "sonoff-button", "trv");

    private static final Map<String, String> INITIAL_STATE = Map.of(
            "hue-color", "{\"brightness\":200,\"color\":{\"hue\":35,\"saturation\":76,\"x\":0.4575,\"y\":0.4099},"
                    + "\"color_mode\":\"color_temp\",\"color_temp\":370,\"linkquality\":144,\"state\":\"ON\"}",
            "ikea-plug", "{\"current\":0.19,\"energy\":12.43,\"linkquality\":120,\"power\":42.5,\"state\":\"ON\","
                    + "\"voltage\":231}",
            "aqara-contact", "{\"battery\":100,\"contact\":true,\"device_temperature\":24,\"linkquality\":87,"
                    + "\"power_outage_count\":3,\"trigger_count\":0,\"voltage\":3035}",
            "aqara-climate", "{\"battery\":91,\"humidity\":47.52,\"linkquality\":102,\"pressure\":1003.4,"
                    + "\"temperature\":21.37,\"voltage\":2985}",
            "sonoff-button", "{\"battery\":100,\"linkquality\":69,\"voltage\":3000}",
            "trv", "{\"battery\":80,\"linkquality\":63,\"local_temperature\":19.5,\"occupied_heating_setpoint\":21,"
                    + "\"pi_heating_demand\":35,\"running_state\":\"heat\",\"system_mode\":\"heat\"}");

    private SimModels() {
    }

    /** The model's bridge/devices element as JSON text. */
    public static String element(String key) {
        requireKnown(key);
        try (InputStream in = SimModels.class.getResourceAsStream(key + ".json")) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + key + ".json");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String initialState(String key) {
        requireKnown(key);
        return INITIAL_STATE.get(key);
    }

    private static void requireKnown(String key) {
        if (!KEYS.contains(key)) {
            throw new IllegalArgumentException("unknown simulator model '" + key + "'; known: " + KEYS);
        }
    }

    /**
     * Parses {@code model:count,...} (count defaults to 1).
     *
     * @throws IllegalArgumentException naming the bad entry
     */
    public static Map<String, Integer> parseCounts(List<String> entries) {
        Map<String, Integer> counts = new java.util.LinkedHashMap<>();
        for (String entry : entries) {
            String[] parts = entry.split(":", 2);
            String key = parts[0].trim();
            requireKnown(key);
            int count;
            try {
                count = parts.length == 2 ? Integer.parseInt(parts[1].trim()) : 1;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad count in '" + entry + "'");
            }
            if (count < 0 || count > 200) {
                throw new IllegalArgumentException("count in '" + entry + "' must be 0..200");
            }
            counts.merge(key, count, Integer::sum);
        }
        return counts;
    }
}
