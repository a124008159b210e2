package org.cpebridge.zigbee.z2m;

import java.util.Objects;

/**
 * Ties one key of a device's Zigbee2MQTT state JSON to one core attribute (or event), with the conversion between
 * the two.
 *
 * @param property   the key in the state JSON and in {@code /set} ({@code state_left}, {@code color})
 * @param subKey     for {@code color}, the member inside it ({@code x}, {@code hue}); "" otherwise
 * @param capability the core capability key ({@code onOff/left})
 * @param attribute  the core attribute name, or "" for an event-only binding ({@code action})
 * @param expose     the expose it came from, for value_on/value_off and ranges
 */
public record Binding(String property, String subKey, String capability, String attribute, Conversion conversion,
                      Expose expose) {

    /** How a Zigbee2MQTT value becomes a core value. */
    public enum Conversion {
        /** Binary compared to value_on (state ON/OFF, contact, occupancy, water_leak, smoke, tamper). */
        BINARY,
        /** Binary whose core meaning is the opposite of value_on; unused by the current models, kept for locks. */
        BINARY_INVERTED,
        /** brightness 0..value_max ↔ level 0–100 %. */
        BRIGHTNESS_PERCENT,
        /** A whole number taken as is (color_temp in mired, battery %, linkquality, position, hue). */
        INTEGER,
        /** A number taken as is (temperature °C, humidity %, power W, energy kWh, x, y, set-points). */
        DECIMAL,
        /** Pressure given in kPa, reported in hPa. */
        KILOPASCAL_TO_HECTOPASCAL,
        /** An enum value passed as text (system_mode). */
        ENUM,
        /** An action enum: each non-empty value is a button press event. */
        ACTION
    }

    public Binding {
        Objects.requireNonNull(property, "property");
        Objects.requireNonNull(subKey, "subKey");
        Objects.requireNonNull(capability, "capability");
        Objects.requireNonNull(attribute, "attribute");
        Objects.requireNonNull(conversion, "conversion");
        Objects.requireNonNull(expose, "expose");
    }
}
