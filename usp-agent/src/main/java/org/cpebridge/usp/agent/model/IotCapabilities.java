package org.cpebridge.usp.agent.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.cpebridge.core.model.AttributeSpec;
import org.cpebridge.core.model.Capability;
import org.cpebridge.core.model.CapabilityType;
import org.cpebridge.core.model.Device;
import org.cpebridge.core.model.Value;

/**
 * How core capabilities appear as TR-181 {@code IoTCapability.{i}.} rows (tr-181-2-19-0-iot.xml; usp.md 3.3). One core
 * attribute becomes one row whose {@code Class} names the single sub-object present. Rows are numbered in the order
 * of the device's capabilities, so a device whose capability list does not change keeps its numbers.
 */
public final class IotCapabilities {

    /** The IoT classes this bridge maps to (the sub-object names under {@code IoTCapability.{i}.}). */
    public enum IotClass {
        BinaryControl, LevelControl, EnumControl, BinarySensor, LevelSensor
    }

    /** A core command run by a USP command of the class, with fixed arguments. */
    public record CoreCommand(String name, Map<String, Value> arguments) {
        public CoreCommand {
            Objects.requireNonNull(name, "name");
            arguments = Map.copyOf(arguments);
        }
    }

    /**
     * One {@code IoTCapability.{i}} row.
     *
     * @param name      the row's Name (unique in the device): capability key, a dot, the attribute
     * @param type      the class's Type value (IoTLevelType for levels)
     * @param unit      IoTUnitType value, "" when the class has no Unit
     * @param commands  USP command name ({@code Toggle}, {@code StepUp}, ...) to the core command it runs
     */
    public record Row(String name, IotClass iotClass, String type, String unit, Capability capability,
            AttributeSpec attribute, Map<String, CoreCommand> commands) {
        public Row {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(iotClass, "iotClass");
            commands = Map.copyOf(commands);
        }
    }

    private IotCapabilities() {
    }

    /** The rows of {@code device}, in order; row {@code k} is instance number {@code k + 1}. */
    public static List<Row> rowsOf(Device device) {
        List<Row> rows = new ArrayList<>();
        for (Capability c : device.capabilities()) {
            switch (c.type()) {
                case ON_OFF -> add(rows, c, "on", IotClass.BinaryControl, "Switch", "",
                        Map.of("Toggle", command(c, "toggle", Map.of())));
                case LEVEL -> add(rows, c, "level", IotClass.LevelControl, "Brightness", "%",
                        Map.of("StepUp", command(c, "stepUp", Map.of()), "StepDown", command(c, "stepDown", Map.of())));
                case WINDOW_COVERING -> add(rows, c, "position", IotClass.LevelControl, "Position", "%", Map.of());
                case THERMOSTAT -> {
                    add(rows, c, "localTemperature", IotClass.LevelSensor, "Temperature", "degC", Map.of());
                    add(rows, c, "heatingSetpoint", IotClass.LevelControl, "Temperature", "degC", Map.of(
                            "StepUp", command(c, "raiseLowerSetpoint", Map.of("delta", Value.of(0.5))),
                            "StepDown", command(c, "raiseLowerSetpoint", Map.of("delta", Value.of(-0.5)))));
                    add(rows, c, "mode", IotClass.EnumControl, "ThermostatMode", "", Map.of());
                }
                case TEMPERATURE -> add(rows, c, "temperature", IotClass.LevelSensor, "Temperature", "degC", Map.of());
                case HUMIDITY -> add(rows, c, "humidity", IotClass.LevelSensor, "Humidity", "%", Map.of());
                case PRESSURE -> add(rows, c, "pressure", IotClass.LevelSensor, "Pressure", "hPa", Map.of());
                case ILLUMINANCE -> add(rows, c, "illuminance", IotClass.LevelSensor, "Luminance", "lx", Map.of());
                case BATTERY -> add(rows, c, "batteryLevel", IotClass.LevelSensor, "Battery", "%", Map.of());
                case ELECTRICAL_POWER -> add(rows, c, "power", IotClass.LevelSensor, "Power", "W", Map.of());
                case ENERGY_METER -> add(rows, c, "energy", IotClass.LevelSensor, "Energy", "kWh", Map.of());
                case CONTACT -> add(rows, c, "open", IotClass.BinarySensor, "Contact", "", Map.of());
                case OCCUPANCY -> add(rows, c, "occupied", IotClass.BinarySensor, "Motion", "", Map.of());
                case WATER_LEAK -> add(rows, c, "leak", IotClass.BinarySensor, "Water", "", Map.of());
                case SMOKE_ALARM -> add(rows, c, "smoke", IotClass.BinarySensor, "Smoke", "", Map.of());
                default -> {
                    // Colour, link quality and buttons have no IoTCapability class; they stay out of the model.
                }
            }
        }
        return rows;
    }

    /**
     * The ProxiedDevice {@code Type} (IoTDeviceType): from the device's kind when its adapter knows it (a HAN-FUN
     * Simple Light has only On/Off, yet is a Light), else the type that fits its capabilities best. Switches and
     * buttons have no IoTDeviceType of their own and are typed by their capabilities.
     */
    public static String deviceType(Device device) {
        switch (device.kind()) {
            case LIGHT:
                return "Light";
            case PLUG:
                return "PowerStrip";
            case THERMOSTAT:
                return "Thermostat";
            case ALARM:
                return "Alarm";
            case WINDOW_COVERING:
                return "Motor";
            case METER:
                return "Meter";
            case SENSOR:
                return "Sensor";
            default:
                break; // UNSPECIFIED, SWITCH, BUTTON: from the capabilities
        }
        // Asked for every row of a Get: a set of the types, without a stream.
        java.util.Set<CapabilityType> types = java.util.EnumSet.noneOf(CapabilityType.class);
        for (Capability c : device.capabilities()) {
            types.add(c.type());
        }
        if (types.contains(CapabilityType.THERMOSTAT)) {
            return "Thermostat";
        }
        if (types.contains(CapabilityType.SMOKE_ALARM)) {
            return "Alarm";
        }
        if (types.contains(CapabilityType.LEVEL) || types.contains(CapabilityType.COLOR_TEMPERATURE)
                || types.contains(CapabilityType.COLOR_XY) || types.contains(CapabilityType.COLOR_HUE_SATURATION)) {
            return "Light";
        }
        if (types.contains(CapabilityType.WINDOW_COVERING)) {
            return "Motor";
        }
        if (types.contains(CapabilityType.ON_OFF)) {
            return "PowerStrip";
        }
        if (types.contains(CapabilityType.ENERGY_METER) || types.contains(CapabilityType.ELECTRICAL_POWER)) {
            return "Meter";
        }
        return "Sensor";
    }

    /** ProxyProtocol: TR-181's {@code ZigBee}, or a vendor value for protocols the enumeration lacks (TR-106 3.3). */
    public static String proxyProtocol(String adapterId) {
        return switch (adapterId) {
            case "zigbee" -> "ZigBee";
            case "dect", "dect-ule" -> "X_CPEBRIDGE_DECT-ULE";
            default -> "X_CPEBRIDGE_" + adapterId.toUpperCase(java.util.Locale.ROOT);
        };
    }

    private static void add(List<Row> rows, Capability c, String attribute, IotClass iotClass, String type, String unit,
            Map<String, CoreCommand> commands) {
        Optional<AttributeSpec> spec = c.attribute(attribute);
        if (spec.isEmpty()) {
            return;
        }
        Map<String, CoreCommand> available = new java.util.LinkedHashMap<>();
        commands.forEach((uspName, core) -> {
            if (c.command(core.name()).isPresent()) {
                available.put(uspName, core);
            }
        });
        rows.add(new Row(c.key() + "." + attribute, iotClass, type, unit, c, spec.get(), available));
    }

    private static CoreCommand command(Capability c, String name, Map<String, Value> arguments) {
        return new CoreCommand(name, arguments);
    }
}
