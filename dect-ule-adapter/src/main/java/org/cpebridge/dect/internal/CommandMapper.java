package org.cpebridge.dect.internal;

import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

import org.cpebridge.core.model.Capability;
import org.cpebridge.core.model.DeviceException;
import org.cpebridge.core.model.ErrorKind;
import org.cpebridge.core.model.Value;
import org.cpebridge.core.spi.DeviceCommand;
import org.cpebridge.dect.hanfun.AttributeCatalog;
import org.cpebridge.dect.hanfun.HanfunMessage;
import org.cpebridge.dect.hanfun.HanfunMessage.CommandResponse;
import org.cpebridge.dect.hanfun.HanfunMessage.OnOffAction;
import org.cpebridge.dect.hanfun.HanfunMessage.OnOffCommand;
import org.cpebridge.dect.hanfun.HanfunMessage.SetAttribute;
import org.cpebridge.dect.hanfun.HanfunMessage.SetAttributeResponse;
import org.cpebridge.dect.hanfun.HanfunMessage.SetLevel;
import org.cpebridge.dect.hanfun.HanfunMessage.StepLevel;
import org.cpebridge.dect.hanfun.InterfaceAddress;
import org.cpebridge.dect.hanfun.InterfaceUid;
import org.cpebridge.dect.hanfun.ResultCode;

/**
 * Turns a core command into the HAN-FUN message that carries it, and a HAN-FUN result into a core error kind. Pure
 * (as zigbee-adapter's {@code z2m.CommandMapper}): arguments arrive already checked against the capability's spec by
 * the core; what is left to refuse is what this device cannot do.
 */
public final class CommandMapper {

    /** A message to send and the state it establishes once the device confirms it (null when not known). */
    public record Outgoing(HanfunMessage message, StateMapper.StateUpdate confirmed) {
    }

    private CommandMapper() {
    }

    /**
     * @param current the registry's current value of {@code (capability, attribute)}, or null
     * @throws DeviceException UNSUPPORTED when the device cannot do it; BUSY when a relative command needs a value the
     *                         device has not reported yet
     */
    public static Outgoing map(Capability capability, DeviceCommand command,
            BiFunction<String, String, Value> current) {
        if (command instanceof DeviceCommand.Invoke invoke) {
            return invoke(capability, invoke.command(), invoke.arguments(), current);
        }
        DeviceCommand.WriteAttribute write = (DeviceCommand.WriteAttribute) command;
        return write(capability, write.attribute().attribute(), write.value());
    }

    private static Outgoing invoke(Capability capability, String command, Map<String, Value> arguments,
            BiFunction<String, String, Value> current) {
        String key = capability.key();
        switch (capability.type()) {
            case ON_OFF -> {
                OnOffAction action = switch (command) {
                    case "on" -> OnOffAction.ON;
                    case "off" -> OnOffAction.OFF;
                    case "toggle" -> OnOffAction.TOGGLE;
                    default -> throw unsupported(capability, command);
                };
                Boolean now = Optional.ofNullable(current.apply(key, "on")).map(Value::asBoolean).orElse(null);
                Boolean after = action == OnOffAction.TOGGLE ? (now == null ? null : !now) : action == OnOffAction.ON;
                return new Outgoing(new OnOffCommand(action, true),
                        after == null ? null : new StateMapper.StateUpdate(key, "on", Value.of(after)));
            }
            case LEVEL -> {
                if (command.equals("setLevel")) {
                    long percent = arguments.get("level").asLong();
                    return new Outgoing(new SetLevel(StateMapper.percentToLevel(percent), true),
                            new StateMapper.StateUpdate(key, "level", Value.of(percent)));
                }
                if (command.equals("stepUp") || command.equals("stepDown")) {
                    long step = Optional.ofNullable(arguments.get("step")).map(Value::asLong).orElse(10L);
                    boolean up = command.equals("stepUp");
                    Long now = Optional.ofNullable(current.apply(key, "level")).map(Value::asLong).orElse(null);
                    return new Outgoing(new StepLevel(up, StateMapper.percentToLevel(step), true), now == null ? null
                            : new StateMapper.StateUpdate(key, "level",
                                    Value.of(Math.max(0, Math.min(100, now + (up ? step : -step))))));
                }
                throw unsupported(capability, command);
            }
            case THERMOSTAT -> {
                if (command.equals("raiseLowerSetpoint")) {
                    Value now = current.apply(key, "heatingSetpoint");
                    if (now == null) {
                        throw new DeviceException(ErrorKind.BUSY, "set-point of " + key + " not known yet");
                    }
                    double target = Math.max(4.0, Math.min(35.0, now.asDouble() + arguments.get("delta").asDouble()));
                    return setpoint(key, target);
                }
                throw unsupported(capability, command);
            }
            default -> throw unsupported(capability, command);
        }
    }

    private static Outgoing write(Capability capability, String attribute, Value value) {
        String key = capability.key();
        return switch (capability.type().key() + "." + attribute) {
            case "onOff.on" -> new Outgoing(new OnOffCommand(value.asBoolean() ? OnOffAction.ON : OnOffAction.OFF,
                    true), new StateMapper.StateUpdate(key, "on", value));
            case "level.level" -> new Outgoing(new SetLevel(StateMapper.percentToLevel(value.asLong()), true),
                    new StateMapper.StateUpdate(key, "level", value));
            case "thermostat.heatingSetpoint" -> setpoint(key, value.asDouble());
            case "thermostat.mode" -> {
                int mode = switch (value.asText()) {
                    case "heat" -> AttributeCatalog.Thermostat.MODE_HEAT;
                    case "off" -> 0;
                    default -> throw new DeviceException(ErrorKind.UNSUPPORTED, "mode " + value + " not supported");
                };
                yield new Outgoing(new SetAttribute(InterfaceAddress.server(InterfaceUid.SIMPLE_THERMOSTAT),
                        AttributeCatalog.Thermostat.HEAT_COOL_MODE, new org.cpebridge.dect.hanfun.Value.U8(mode), true),
                        new StateMapper.StateUpdate(key, "mode", value));
            }
            default -> throw new DeviceException(ErrorKind.UNSUPPORTED, key + "." + attribute + " is not writable");
        };
    }

    private static Outgoing setpoint(String key, double celsius) {
        int centi = (int) Math.round(celsius * 100);
        return new Outgoing(new SetAttribute(InterfaceAddress.server(InterfaceUid.SIMPLE_THERMOSTAT),
                AttributeCatalog.Thermostat.HEAT_MODE_TEMPERATURE, new org.cpebridge.dect.hanfun.Value.S16(centi), true),
                new StateMapper.StateUpdate(key, "heatingSetpoint", Value.of(centi / 100.0)));
    }

    private static DeviceException unsupported(Capability capability, String command) {
        return new DeviceException(ErrorKind.UNSUPPORTED, capability.key() + " has no command " + command);
    }

    /** The result a device answered a command or attribute write with. */
    public static ResultCode resultOf(HanfunMessage response) {
        if (response instanceof CommandResponse command) {
            return command.result();
        }
        if (response instanceof SetAttributeResponse set) {
            return set.result();
        }
        return ResultCode.FAIL_UNKNOWN;
    }

    /** HAN-FUN result → core error kind (one table; the faces map kinds to their protocols). */
    public static ErrorKind kindOf(ResultCode code) {
        return switch (code.code()) {
            case 0x01 -> ErrorKind.DENIED;
            case 0x02 -> ErrorKind.INVALID_VALUE;
            case 0x03, 0x04 -> ErrorKind.UNSUPPORTED;
            case 0x20, 0x21, 0xFE -> ErrorKind.BUSY;
            default -> ErrorKind.UNREACHABLE;
        };
    }
}
