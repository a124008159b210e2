package org.cpebridge.zigbee.z2m;

import static org.cpebridge.zigbee.z2m.Binding.Conversion.ACTION;
import static org.cpebridge.zigbee.z2m.Binding.Conversion.BINARY;
import static org.cpebridge.zigbee.z2m.Binding.Conversion.BRIGHTNESS_PERCENT;
import static org.cpebridge.zigbee.z2m.Binding.Conversion.DECIMAL;
import static org.cpebridge.zigbee.z2m.Binding.Conversion.ENUM;
import static org.cpebridge.zigbee.z2m.Binding.Conversion.INTEGER;
import static org.cpebridge.zigbee.z2m.Binding.Conversion.KILOPASCAL_TO_HECTOPASCAL;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.cpebridge.core.model.AttributeSpec;
import org.cpebridge.core.model.Capability;
import org.cpebridge.core.model.CapabilityType;
import org.cpebridge.core.model.CommandSpec;
import org.cpebridge.core.model.ValueSpec;
import org.cpebridge.core.model.ValueType;

/**
 * Maps a Zigbee2MQTT definition's exposes to core capabilities (see docs/zigbee.md for the table). Pure: no I/O.
 *
 * <p>Specific exposes (light, switch, climate, cover) are read feature by feature; generic ones by their name and
 * unit (a {@code voltage} in mV is a battery's and is not mapped as mains voltage). A feature with an endpoint
 * ({@code state_left}) lands on a capability part named after the endpoint. What has no core counterpart is listed
 * in {@link DeviceMapping#skipped()}.
 */
public final class ExposesMapper {

    private ExposesMapper() {
    }

    public static DeviceMapping map(Z2mDevice device) {
        Builder builder = new Builder();
        boolean hasSmoke = device.exposes().stream().anyMatch(e -> e.name().equals("smoke"));
        for (Expose expose : device.exposes()) {
            switch (expose.type()) {
                case "light", "switch", "climate", "cover" -> {
                    for (Expose feature : expose.features()) {
                        String endpoint = feature.endpoint().isEmpty() ? expose.endpoint() : feature.endpoint();
                        builder.feature(expose.type(), feature, part(endpoint));
                    }
                }
                case "lock", "fan", "list", "text", "composite" -> builder.skip(expose);
                default -> builder.generic(expose, part(expose.endpoint()), hasSmoke);
            }
        }
        return new DeviceMapping(device, builder.capabilities(), builder.bindings, builder.skipped,
                new ArrayList<>(builder.gettable));
    }

    /** A capability part name from an endpoint name: lower case, [a-z0-9_], at most 16 characters. */
    static String part(String endpoint) {
        String cleaned = endpoint.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        return cleaned.length() > 16 ? cleaned.substring(0, 16) : cleaned;
    }

    private static final class Builder {
        private final Map<String, Slot> slots = new LinkedHashMap<>();
        private final List<Binding> bindings = new ArrayList<>();
        private final List<String> skipped = new ArrayList<>();
        private final Set<String> gettable = new LinkedHashSet<>();

        void feature(String parentType, Expose feature, String part) {
            boolean mapped = switch (parentType + "." + feature.name()) {
                case "light.state", "switch.state" -> bindBinary(feature, CapabilityType.ON_OFF, part, "on");
                case "light.brightness" -> bind(feature, "", CapabilityType.LEVEL, part, "level", BRIGHTNESS_PERCENT);
                case "light.color_temp" -> bind(feature, "", CapabilityType.COLOR_TEMPERATURE, part,
                        "colorTemperature", INTEGER);
                case "light.color_xy" -> bindColor(feature, CapabilityType.COLOR_XY, part, "x", "y", DECIMAL);
                case "light.color_hs" -> bindColor(feature, CapabilityType.COLOR_HUE_SATURATION, part, "hue",
                        "saturation", INTEGER);
                case "climate.local_temperature" -> bind(feature, "", CapabilityType.THERMOSTAT, part,
                        "localTemperature", DECIMAL);
                case "climate.occupied_heating_setpoint" -> bind(feature, "", CapabilityType.THERMOSTAT, part,
                        "heatingSetpoint", DECIMAL);
                case "climate.current_heating_setpoint" -> !hasAttribute(CapabilityType.THERMOSTAT, part,
                        "heatingSetpoint") && bind(feature, "", CapabilityType.THERMOSTAT, part, "heatingSetpoint",
                        DECIMAL);
                case "climate.system_mode" -> bindEnum(feature, CapabilityType.THERMOSTAT, part, "mode");
                case "cover.position" -> bind(feature, "", CapabilityType.WINDOW_COVERING, part, "position",
                        INTEGER);
                case "cover.state" -> bindCommandOnly(feature, CapabilityType.WINDOW_COVERING, part);
                default -> false;
            };
            if (!mapped) {
                skip(feature);
            }
        }

        void generic(Expose expose, String part, boolean hasSmoke) {
            String unit = expose.unit();
            boolean numeric = expose.type().equals("numeric");
            boolean binary = expose.type().equals("binary");
            boolean mapped = switch (expose.name()) {
                case "temperature" -> numeric && bind(expose, "", CapabilityType.TEMPERATURE, part, "temperature",
                        DECIMAL);
                case "humidity" -> numeric && bind(expose, "", CapabilityType.HUMIDITY, part, "humidity", DECIMAL);
                case "pressure" -> numeric && bind(expose, "", CapabilityType.PRESSURE, part, "pressure",
                        unit.equals("kPa") ? KILOPASCAL_TO_HECTOPASCAL : DECIMAL);
                case "illuminance", "illuminance_lux" -> numeric && unit.equals("lx")
                        && bind(expose, "", CapabilityType.ILLUMINANCE, part, "illuminance", DECIMAL);
                case "battery" -> numeric && bind(expose, "", CapabilityType.BATTERY, part, "batteryLevel", INTEGER);
                case "battery_low" -> binary && bindBinary(expose, CapabilityType.BATTERY, part, "batteryLow");
                case "linkquality" -> numeric && bind(expose, "", CapabilityType.LINK_QUALITY, part, "linkQuality",
                        INTEGER);
                case "contact" -> binary && bindBinary(expose, CapabilityType.CONTACT, part, "open");
                case "occupancy" -> binary && bindBinary(expose, CapabilityType.OCCUPANCY, part, "occupied");
                case "water_leak" -> binary && bindBinary(expose, CapabilityType.WATER_LEAK, part, "leak");
                case "smoke" -> binary && bindBinary(expose, CapabilityType.SMOKE_ALARM, part, "smoke");
                case "tamper" -> binary && hasSmoke && bindBinary(expose, CapabilityType.SMOKE_ALARM, part, "tamper");
                case "power" -> numeric && unit.equals("W")
                        && bind(expose, "", CapabilityType.ELECTRICAL_POWER, part, "power", DECIMAL);
                case "voltage" -> numeric && unit.equals("V")
                        && bind(expose, "", CapabilityType.ELECTRICAL_POWER, part, "voltage", DECIMAL);
                case "current" -> numeric && unit.equals("A")
                        && bind(expose, "", CapabilityType.ELECTRICAL_POWER, part, "current", DECIMAL);
                case "energy" -> numeric && unit.equals("kWh")
                        && bind(expose, "", CapabilityType.ENERGY_METER, part, "energy", DECIMAL);
                case "action" -> expose.type().equals("enum") && expose.isPublished() && bindAction(expose, part);
                case "state" -> binary && bindBinary(expose, CapabilityType.ON_OFF, part, "on");
                case "position" -> numeric && bind(expose, "", CapabilityType.WINDOW_COVERING, part, "position",
                        INTEGER);
                default -> false;
            };
            if (!mapped) {
                skip(expose);
            }
        }

        void skip(Expose expose) {
            skipped.add(expose.describe());
        }

        private boolean hasAttribute(CapabilityType type, String part, String attribute) {
            Slot slot = slots.get(type.key() + "/" + part);
            return slot != null && slot.attributes.containsKey(attribute);
        }

        private boolean bindBinary(Expose expose, CapabilityType type, String part, String attribute) {
            if (expose.valueOn() == null) {
                return false;
            }
            return bind(expose, "", type, part, attribute, BINARY);
        }

        private boolean bindEnum(Expose expose, CapabilityType type, String part, String attribute) {
            List<String> core = type.attributes().stream().filter(a -> a.name().equals(attribute)).findFirst()
                    .orElseThrow().spec().choices();
            List<String> common = expose.values().stream().filter(v -> v instanceof String)
                    .map(v -> (String) v).filter(core::contains).toList();
            if (common.isEmpty()) {
                return false;
            }
            if (!bind(expose, "", type, part, attribute, ENUM)) {
                return false;
            }
            slots.get(type.key() + "/" + part).choices.put(attribute, common);
            return true;
        }

        private boolean bindColor(Expose composite, CapabilityType type, String part, String first, String second,
                                  Binding.Conversion conversion) {
            if (composite.feature(first).isEmpty() || composite.feature(second).isEmpty()) {
                return false;
            }
            Slot slot = slot(type, part);
            for (String name : List.of(first, second)) {
                Expose feature = composite.feature(name).orElseThrow();
                bindings.add(new Binding(composite.property(), name, slot.key(), name, conversion, feature));
                slot.attributes.put(name, composite);
            }
            if (composite.isGettable()) {
                gettable.add(composite.property());
            }
            return true;
        }

        private boolean bindCommandOnly(Expose expose, CapabilityType type, String part) {
            if (!expose.isSettable()) {
                return false;
            }
            Slot slot = slot(type, part);
            slot.commandProperty = expose;
            bindings.add(new Binding(expose.property(), "", slot.key(), "", ENUM, expose));
            return true;
        }

        private boolean bindAction(Expose expose, String part) {
            Slot slot = slot(CapabilityType.BUTTON, part);
            bindings.add(new Binding(expose.property(), "", slot.key(), "", ACTION, expose));
            return true;
        }

        private boolean bind(Expose expose, String subKey, CapabilityType type, String part, String attribute,
                             Binding.Conversion conversion) {
            if (expose.property().isEmpty() || !expose.isPublished() || hasAttribute(type, part, attribute)) {
                return false;
            }
            Slot slot = slot(type, part);
            slot.attributes.put(attribute, expose);
            bindings.add(new Binding(expose.property(), subKey, slot.key(), attribute, conversion, expose));
            if (expose.isGettable()) {
                gettable.add(expose.property());
            }
            return true;
        }

        private Slot slot(CapabilityType type, String part) {
            return slots.computeIfAbsent(type.key() + "/" + part, k -> new Slot(type, part));
        }

        List<Capability> capabilities() {
            List<Capability> capabilities = new ArrayList<>();
            for (Slot slot : slots.values()) {
                capabilities.add(slot.build());
            }
            return capabilities;
        }
    }

    /** Collects what one capability (type and part) of the device has. */
    private static final class Slot {
        final CapabilityType type;
        final String part;
        final Map<String, Expose> attributes = new LinkedHashMap<>();
        final Map<String, List<String>> choices = new LinkedHashMap<>();
        Expose commandProperty;

        Slot(CapabilityType type, String part) {
            this.type = type;
            this.part = part;
        }

        String key() {
            return part.isEmpty() ? type.key() : type.key() + "/" + part;
        }

        Capability build() {
            List<AttributeSpec> attributeSpecs = new ArrayList<>();
            boolean anySettable = commandProperty != null;
            for (AttributeSpec core : type.attributes()) {
                Expose expose = attributes.get(core.name());
                if (expose == null) {
                    continue;
                }
                ValueSpec spec = core.spec();
                if (spec.type() == ValueType.ENUM && choices.containsKey(core.name())) {
                    spec = ValueSpec.oneOf(choices.get(core.name()).toArray(String[]::new));
                } else if (isNumeric(spec) && expose.features().isEmpty()
                        && (expose.min() != null || expose.max() != null)
                        && core.name().matches("colorTemperature|heatingSetpoint|position")) {
                    double min = Math.max(orElse(spec.min(), -Double.MAX_VALUE), orElse(expose.min(), -Double.MAX_VALUE));
                    double max = Math.min(orElse(spec.max(), Double.MAX_VALUE), orElse(expose.max(), Double.MAX_VALUE));
                    if (min <= max) {
                        spec = spec.withRange(min, max);
                    }
                }
                boolean writable = core.writable() && expose.isSettable();
                anySettable |= writable;
                attributeSpecs.add(new AttributeSpec(core.name(), spec, core.privacy(), writable));
            }
            List<CommandSpec> commands = anySettable ? commandsFor() : List.of();
            return new Capability(type, part, attributeSpecs, commands, type.events());
        }

        private List<CommandSpec> commandsFor() {
            if (type == CapabilityType.THERMOSTAT) {
                Expose setpoint = attributes.get("heatingSetpoint");
                return setpoint != null && setpoint.isSettable() ? type.commands() : List.of();
            }
            if (type == CapabilityType.WINDOW_COVERING) {
                List<CommandSpec> commands = new ArrayList<>();
                for (CommandSpec command : type.commands()) {
                    boolean byState = commandProperty != null && !command.name().equals("goToPosition");
                    Expose position = attributes.get("position");
                    boolean byPosition = position != null && position.isSettable();
                    if (byState || byPosition) {
                        commands.add(command);
                    }
                }
                return commands;
            }
            return type.commands();
        }

        private static boolean isNumeric(ValueSpec spec) {
            return spec.type() == ValueType.INTEGER || spec.type() == ValueType.DECIMAL;
        }

        private static double orElse(Double value, double otherwise) {
            return value == null ? otherwise : value;
        }
    }
}
