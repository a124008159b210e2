package org.cpebridge.zigbee.z2m;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.cpebridge.core.model.DeviceException;
import org.cpebridge.core.model.ErrorKind;
import org.cpebridge.core.model.Value;
import org.cpebridge.core.spi.DeviceCommand;
import org.cpebridge.zigbee.z2m.SetRequest.Expectation;

/**
 * Turns a core command into a Zigbee2MQTT {@code /set} payload. Pure. Arguments arrive already checked against
 * the capability's spec by the core; what is left to refuse is what this device cannot do.
 */
public final class CommandMapper {

    private static final double XY_TOLERANCE = 0.005;

    private CommandMapper() {
    }

    /**
     * @param current the registry's current value of {@code (capability, attribute)}, or null
     * @throws DeviceException UNSUPPORTED when the device has no such settable property; BUSY when a relative
     *                         command needs a value the device has not reported yet
     */
    public static SetRequest map(DeviceMapping mapping, DeviceCommand command,
                                 BiFunction<String, String, Value> current) {
        if (command instanceof DeviceCommand.Invoke invoke) {
            return invoke(mapping, invoke.capability(), invoke.command(), invoke.arguments(), current);
        }
        DeviceCommand.WriteAttribute write = (DeviceCommand.WriteAttribute) command;
        return write(mapping, write.attribute().capability(), write.attribute().attribute(), write.value(), current);
    }

    private static SetRequest invoke(DeviceMapping mapping, String capability, String command,
                                     Map<String, Value> arguments, BiFunction<String, String, Value> current) {
        String type = capability.split("/", 2)[0];
        switch (type + "." + command) {
            case "onOff.on", "onOff.off", "onOff.toggle" -> {
                Binding binding = settable(mapping, capability, "on");
                Expose expose = binding.expose();
                if (command.equals("toggle")) {
                    Object toggle = expose.valueToggle() != null ? expose.valueToggle() : "TOGGLE";
                    Value now = current.apply(capability, "on");
                    Value expected = now instanceof Value.Bool b ? Value.of(!b.value()) : null;
                    return one(binding, toggle, expected, 0);
                }
                boolean on = command.equals("on");
                return one(binding, on ? expose.valueOn() : expose.valueOff(), Value.of(on), 0);
            }
            case "level.setLevel" -> {
                Binding binding = settable(mapping, capability, "level");
                long level = arguments.get("level").asLong();
                Map<String, Object> payload = new LinkedHashMap<>();
                payload.put(binding.property(), brightness(binding, level));
                Value transition = arguments.get("transitionSeconds");
                if (transition != null) {
                    payload.put("transition", transition.asDouble());
                }
                return new SetRequest(payload, List.of(new Expectation(capability, "level", Value.of(level), 1)));
            }
            case "level.stepUp", "level.stepDown" -> {
                Binding binding = settable(mapping, capability, "level");
                Value stepValue = arguments.get("step");
                long step = stepValue == null ? 10 : stepValue.asLong();
                long signed = command.equals("stepUp") ? step : -step;
                Value now = current.apply(capability, "level");
                Expectation expectation = now == null ? new Expectation(capability, "level", null, 0)
                        : new Expectation(capability, "level",
                        Value.of(Math.max(0, Math.min(100, now.asLong() + signed))), 2);
                return new SetRequest(Map.of(binding.property() + "_step", brightness(binding, signed)),
                        List.of(expectation));
            }
            case "colorXy.setXy" -> {
                return color(mapping, capability, "x", arguments.get("x"), "y", arguments.get("y"), XY_TOLERANCE);
            }
            case "colorHueSaturation.setHueSaturation" -> {
                return color(mapping, capability, "hue", arguments.get("hue"), "saturation",
                        arguments.get("saturation"), 1);
            }
            case "thermostat.raiseLowerSetpoint" -> {
                Binding binding = settable(mapping, capability, "heatingSetpoint");
                Value now = current.apply(capability, "heatingSetpoint");
                if (now == null) {
                    throw new DeviceException(ErrorKind.BUSY, capability + ": the set-point is not known yet");
                }
                double target = now.asDouble() + arguments.get("delta").asDouble();
                Expose expose = binding.expose();
                if (expose.min() != null) {
                    target = Math.max(expose.min(), target);
                }
                if (expose.max() != null) {
                    target = Math.min(expose.max(), target);
                }
                return one(binding, target, Value.of(target), setpointTolerance(expose));
            }
            case "windowCovering.open", "windowCovering.close", "windowCovering.stop" -> {
                Binding state = mapping.binding(capability, "").filter(b -> b.conversion() == Binding.Conversion.ENUM)
                        .orElse(null);
                if (state != null) {
                    String word = switch (command) {
                        case "open" -> "OPEN";
                        case "close" -> "CLOSE";
                        default -> "STOP";
                    };
                    return new SetRequest(Map.of(state.property(), word), List.of());
                }
                if (command.equals("stop")) {
                    throw unsupported(capability, command);
                }
                Binding position = settable(mapping, capability, "position");
                return new SetRequest(Map.of(position.property(), command.equals("open") ? 100 : 0), List.of());
            }
            case "windowCovering.goToPosition" -> {
                Binding position = settable(mapping, capability, "position");
                return new SetRequest(Map.of(position.property(), arguments.get("position").asLong()), List.of());
            }
            default -> throw unsupported(capability, command);
        }
    }

    private static SetRequest write(DeviceMapping mapping, String capability, String attribute, Value value,
                                    BiFunction<String, String, Value> current) {
        String type = capability.split("/", 2)[0];
        switch (type + "." + attribute) {
            case "onOff.on" -> {
                return invoke(mapping, capability, value.asBoolean() ? "on" : "off", Map.of(), current);
            }
            case "level.level" -> {
                return invoke(mapping, capability, "setLevel", Map.of("level", value), current);
            }
            case "colorXy.x", "colorXy.y" -> {
                String other = attribute.equals("x") ? "y" : "x";
                Value otherValue = current.apply(capability, other);
                if (otherValue == null) {
                    throw new DeviceException(ErrorKind.BUSY, capability + ": " + other + " is not known yet");
                }
                return color(mapping, capability, attribute, value, other, otherValue, XY_TOLERANCE);
            }
            case "colorHueSaturation.hue", "colorHueSaturation.saturation" -> {
                String other = attribute.equals("hue") ? "saturation" : "hue";
                Value otherValue = current.apply(capability, other);
                if (otherValue == null) {
                    throw new DeviceException(ErrorKind.BUSY, capability + ": " + other + " is not known yet");
                }
                return color(mapping, capability, attribute, value, other, otherValue, 1);
            }
            case "colorTemperature.colorTemperature" -> {
                Binding binding = settable(mapping, capability, attribute);
                return one(binding, value.asLong(), value, 2);
            }
            case "thermostat.heatingSetpoint" -> {
                Binding binding = settable(mapping, capability, attribute);
                return one(binding, value.asDouble(), value, setpointTolerance(binding.expose()));
            }
            case "thermostat.mode" -> {
                Binding binding = settable(mapping, capability, attribute);
                return one(binding, value.asText(), value, 0);
            }
            case "windowCovering.position" -> {
                return invoke(mapping, capability, "goToPosition", Map.of("position", value), current);
            }
            default -> throw new DeviceException(ErrorKind.UNSUPPORTED, capability + "." + attribute
                    + " cannot be written on this device");
        }
    }

    private static SetRequest one(Binding binding, Object raw, Value expected, double tolerance) {
        return new SetRequest(Map.of(binding.property(), raw),
                List.of(new Expectation(binding.capability(), binding.attribute(), expected, tolerance)));
    }

    private static SetRequest color(DeviceMapping mapping, String capability, String first, Value firstValue,
                                    String second, Value secondValue, double tolerance) {
        Binding binding = settable(mapping, capability, first);
        settable(mapping, capability, second);
        boolean decimal = first.equals("x") || first.equals("y");
        Map<String, Object> color = new LinkedHashMap<>();
        color.put(first, decimal ? (Object) firstValue.asDouble() : (Object) firstValue.asLong());
        color.put(second, decimal ? (Object) secondValue.asDouble() : (Object) secondValue.asLong());
        return new SetRequest(Map.of(binding.property(), color),
                List.of(new Expectation(capability, first, firstValue, tolerance),
                        new Expectation(capability, second, secondValue, tolerance)));
    }

    private static long brightness(Binding binding, long percent) {
        Double max = binding.expose().max();
        double top = max == null || max <= 0 ? 254 : max;
        return Math.round(percent * top / 100.0);
    }

    private static double setpointTolerance(Expose expose) {
        return expose.step() == null ? 0.05 : Math.max(expose.step(), 0.05);
    }

    private static Binding settable(DeviceMapping mapping, String capability, String attribute) {
        Binding binding = mapping.binding(capability, attribute)
                .orElseThrow(() -> new DeviceException(ErrorKind.UNSUPPORTED,
                        capability + "." + attribute + " is not on this device"));
        if (!binding.expose().isSettable()) {
            throw new DeviceException(ErrorKind.UNSUPPORTED, capability + "." + attribute + " is read-only here");
        }
        return binding;
    }

    private static DeviceException unsupported(String capability, String command) {
        return new DeviceException(ErrorKind.UNSUPPORTED, capability + "." + command + " is not supported here");
    }
}
