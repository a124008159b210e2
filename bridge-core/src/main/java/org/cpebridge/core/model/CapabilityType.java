package org.cpebridge.core.model;

import static org.cpebridge.core.model.PrivacyClass.ACTIVITY;
import static org.cpebridge.core.model.PrivacyClass.ENERGY;
import static org.cpebridge.core.model.PrivacyClass.HEALTH;
import static org.cpebridge.core.model.PrivacyClass.STATE;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The kinds of capability a device can have, each with its attributes, commands and events as data, including
 * their privacy classes. Adapters pick the types that fit a device; faces map each type to their protocol
 * (Matter clusters, TR-181 IoTCapability objects). A device may leave out attributes it lacks or narrow ranges
 * (see {@link Capability}).
 */
public enum CapabilityType {

    ON_OFF("onOff",
            List.of(AttributeSpec.writable("on", ValueSpec.bool(), STATE)),
            List.of(CommandSpec.control("on"), CommandSpec.control("off"), CommandSpec.control("toggle")),
            List.of()),

    /** Brightness or any other 0–100 % level. */
    LEVEL("level",
            List.of(AttributeSpec.writable("level", ValueSpec.integer("%", 0, 100), STATE)),
            List.of(CommandSpec.control("setLevel",
                            ParameterSpec.required("level", ValueSpec.integer("%", 0, 100)),
                            ParameterSpec.optional("transitionSeconds", ValueSpec.decimal("s", 0.0, 6553.5))),
                    CommandSpec.control("stepUp", ParameterSpec.optional("step", ValueSpec.integer("%", 1, 100))),
                    CommandSpec.control("stepDown", ParameterSpec.optional("step", ValueSpec.integer("%", 1, 100)))),
            List.of()),

    COLOR_TEMPERATURE("colorTemperature",
            List.of(AttributeSpec.writable("colorTemperature", ValueSpec.integer("mired", 50, 1000), STATE)),
            List.of(),
            List.of()),

    /** CIE 1931 chromaticity. */
    COLOR_XY("colorXy",
            List.of(AttributeSpec.writable("x", ValueSpec.decimal("", 0.0, 1.0), STATE),
                    AttributeSpec.writable("y", ValueSpec.decimal("", 0.0, 1.0), STATE)),
            List.of(CommandSpec.control("setXy",
                    ParameterSpec.required("x", ValueSpec.decimal("", 0.0, 1.0)),
                    ParameterSpec.required("y", ValueSpec.decimal("", 0.0, 1.0)))),
            List.of()),

    COLOR_HUE_SATURATION("colorHueSaturation",
            List.of(AttributeSpec.writable("hue", ValueSpec.integer("deg", 0, 360), STATE),
                    AttributeSpec.writable("saturation", ValueSpec.integer("%", 0, 100), STATE)),
            List.of(CommandSpec.control("setHueSaturation",
                    ParameterSpec.required("hue", ValueSpec.integer("deg", 0, 360)),
                    ParameterSpec.required("saturation", ValueSpec.integer("%", 0, 100)))),
            List.of()),

    TEMPERATURE("temperature",
            List.of(AttributeSpec.readOnly("temperature", ValueSpec.decimal("Cel", -273.15, 1000.0), STATE)),
            List.of(), List.of()),

    HUMIDITY("humidity",
            List.of(AttributeSpec.readOnly("humidity", ValueSpec.decimal("%", 0.0, 100.0), STATE)),
            List.of(), List.of()),

    PRESSURE("pressure",
            List.of(AttributeSpec.readOnly("pressure", ValueSpec.decimal("hPa", 0.0, 2000.0), STATE)),
            List.of(), List.of()),

    ILLUMINANCE("illuminance",
            List.of(AttributeSpec.readOnly("illuminance", ValueSpec.decimal("lx", 0.0, null), STATE)),
            List.of(), List.of()),

    /** A door or window contact; {@code open} is true when the contact is apart. */
    CONTACT("contact",
            List.of(AttributeSpec.readOnly("open", ValueSpec.bool(), STATE)),
            List.of(),
            List.of(EventSpec.activity("opened"), EventSpec.activity("closed"))),

    OCCUPANCY("occupancy",
            List.of(AttributeSpec.readOnly("occupied", ValueSpec.bool(), STATE)),
            List.of(),
            List.of(EventSpec.activity("motion"))),

    WATER_LEAK("waterLeak",
            List.of(AttributeSpec.readOnly("leak", ValueSpec.bool(), STATE)),
            List.of(),
            List.of(EventSpec.activity("leakDetected"))),

    SMOKE_ALARM("smokeAlarm",
            List.of(AttributeSpec.readOnly("smoke", ValueSpec.bool(), STATE),
                    AttributeSpec.readOnly("tamper", ValueSpec.bool(), HEALTH)),
            List.of(),
            List.of(EventSpec.activity("alarm"))),

    ELECTRICAL_POWER("electricalPower",
            List.of(AttributeSpec.readOnly("power", ValueSpec.decimal("W", null, null), ENERGY),
                    AttributeSpec.readOnly("voltage", ValueSpec.decimal("V", 0.0, null), ENERGY),
                    AttributeSpec.readOnly("current", ValueSpec.decimal("A", null, null), ENERGY)),
            List.of(), List.of()),

    ENERGY_METER("energy",
            List.of(AttributeSpec.readOnly("energy", ValueSpec.decimal("kWh", 0.0, null), ENERGY)),
            List.of(), List.of()),

    /** A heating thermostat or radiator valve. */
    THERMOSTAT("thermostat",
            List.of(AttributeSpec.readOnly("localTemperature", ValueSpec.decimal("Cel", -273.15, 1000.0), STATE),
                    AttributeSpec.writable("heatingSetpoint", ValueSpec.decimal("Cel", 4.0, 35.0), STATE),
                    AttributeSpec.writable("mode", ValueSpec.oneOf("off", "heat", "auto"), STATE)),
            List.of(CommandSpec.control("raiseLowerSetpoint",
                    ParameterSpec.required("delta", ValueSpec.decimal("Cel", -30.0, 30.0)))),
            List.of()),

    BATTERY("battery",
            List.of(AttributeSpec.readOnly("batteryLevel", ValueSpec.integer("%", 0, 100), HEALTH),
                    AttributeSpec.readOnly("batteryLow", ValueSpec.bool(), HEALTH)),
            List.of(), List.of()),

    /** Radio link quality as the adapter reports it (Zigbee LQI 0–255, DECT RSSI mapped to that range). */
    LINK_QUALITY("linkQuality",
            List.of(AttributeSpec.readOnly("linkQuality", ValueSpec.integer("", 0, 255), HEALTH)),
            List.of(), List.of()),

    /** A button or switch that reports presses; {@code action} is the device's word for the press. */
    BUTTON("button",
            List.of(),
            List.of(),
            List.of(EventSpec.activity("pressed", ParameterSpec.required("action", ValueSpec.text())))),

    /** Blinds and shutters; position 100 is fully open. */
    WINDOW_COVERING("windowCovering",
            List.of(AttributeSpec.writable("position", ValueSpec.integer("%", 0, 100), STATE)),
            List.of(CommandSpec.control("open"), CommandSpec.control("close"), CommandSpec.control("stop"),
                    CommandSpec.control("goToPosition",
                            ParameterSpec.required("position", ValueSpec.integer("%", 0, 100)))),
            List.of());

    private final String key;
    private final List<AttributeSpec> attributes;
    private final List<CommandSpec> commands;
    private final List<EventSpec> events;

    CapabilityType(String key, List<AttributeSpec> attributes, List<CommandSpec> commands, List<EventSpec> events) {
        this.key = key;
        this.attributes = attributes;
        this.commands = commands;
        this.events = events;
    }

    /** The stable lowerCamelCase name used in stored data and in faces. */
    public String key() {
        return key;
    }

    public List<AttributeSpec> attributes() {
        return attributes;
    }

    public List<CommandSpec> commands() {
        return commands;
    }

    public List<EventSpec> events() {
        return events;
    }

    public static Optional<CapabilityType> byKey(String key) {
        return Arrays.stream(values()).filter(t -> t.key.equals(key)).findFirst();
    }
}
