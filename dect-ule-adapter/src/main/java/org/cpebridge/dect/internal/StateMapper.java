package org.cpebridge.dect.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.cpebridge.core.model.CapabilityType;
import org.cpebridge.core.model.Value;
import org.cpebridge.dect.hanfun.AttributeCatalog;
import org.cpebridge.dect.hanfun.AttributeValue;
import org.cpebridge.dect.hanfun.InterfaceUid;

/** Turns HAN-FUN attribute values into core state updates, and core values into HAN-FUN ones. Pure functions. */
public final class StateMapper {

    /** One core attribute to update. */
    public record StateUpdate(String capability, String attribute, Value value) {
    }

    private StateMapper() {
    }

    /** The core updates for {@code value} reported by {@code unit}; empty when the core has no place for it. */
    public static List<StateUpdate> updates(DeviceModel model, int unit, AttributeValue value) {
        List<StateUpdate> updates = new ArrayList<>();
        org.cpebridge.dect.hanfun.Value raw = value.value();
        switch (value.interfaceUid()) {
            case InterfaceUid.ON_OFF -> {
                if (value.attribute() == AttributeCatalog.OnOff.STATE && raw instanceof org.cpebridge.dect.hanfun.Value.Bool on) {
                    add(updates, model, unit, CapabilityType.ON_OFF, "on", Value.of(on.value()));
                }
            }
            case InterfaceUid.LEVEL_CONTROL -> {
                if (raw instanceof org.cpebridge.dect.hanfun.Value.U8 level) {
                    add(updates, model, unit, CapabilityType.LEVEL, "level", Value.of(levelToPercent(level.value())));
                }
            }
            case InterfaceUid.SIMPLE_TEMPERATURE -> {
                if (value.attribute() == AttributeCatalog.Temperature.VALUE
                        && raw instanceof org.cpebridge.dect.hanfun.Value.S16 temperature) {
                    Value celsius = Value.of(temperature.value() / 100.0);
                    if (model.capabilityKey(unit, CapabilityType.THERMOSTAT).isPresent()) {
                        add(updates, model, unit, CapabilityType.THERMOSTAT, "localTemperature", celsius);
                    } else {
                        add(updates, model, unit, CapabilityType.TEMPERATURE, "temperature", celsius);
                    }
                }
            }
            case InterfaceUid.SIMPLE_HUMIDITY -> {
                if (value.attribute() == AttributeCatalog.Humidity.VALUE
                        && raw instanceof org.cpebridge.dect.hanfun.Value.U16 humidity && humidity.value() <= 10_000) {
                    add(updates, model, unit, CapabilityType.HUMIDITY, "humidity", Value.of(humidity.value() / 100.0));
                }
            }
            case InterfaceUid.SIMPLE_THERMOSTAT -> {
                if (value.attribute() == AttributeCatalog.Thermostat.HEAT_MODE_TEMPERATURE
                        && raw instanceof org.cpebridge.dect.hanfun.Value.S16 setpoint
                        && setpoint.value() >= 400 && setpoint.value() <= 3500) {
                    add(updates, model, unit, CapabilityType.THERMOSTAT, "heatingSetpoint",
                            Value.of(setpoint.value() / 100.0));
                } else if (value.attribute() == AttributeCatalog.Thermostat.HEAT_COOL_MODE
                        && raw instanceof org.cpebridge.dect.hanfun.Value.U8 mode) {
                    modeName(mode.value()).ifPresent(name ->
                            add(updates, model, unit, CapabilityType.THERMOSTAT, "mode", Value.of(name)));
                }
            }
            case InterfaceUid.ALERT -> {
                if (value.attribute() == AttributeCatalog.Alert.STATE
                        && raw instanceof org.cpebridge.dect.hanfun.Value.U32 state) {
                    updates.addAll(alert(model, unit, state.value()));
                }
            }
            case InterfaceUid.SIMPLE_POWER_METER -> {
                if (raw instanceof org.cpebridge.dect.hanfun.Value.Measurement measurement) {
                    double base = toBaseUnit(measurement);
                    switch (value.attribute()) {
                        case AttributeCatalog.PowerMeter.POWER -> add(updates, model, unit,
                                CapabilityType.ELECTRICAL_POWER, "power", Value.of(base));
                        case AttributeCatalog.PowerMeter.VOLTAGE -> add(updates, model, unit,
                                CapabilityType.ELECTRICAL_POWER, "voltage", Value.of(base));
                        case AttributeCatalog.PowerMeter.ENERGY -> add(updates, model, unit,
                                CapabilityType.ENERGY_METER, "energy", Value.of(base / 1000.0));
                        default -> {
                            // other meter attributes have no core attribute
                        }
                    }
                }
            }
            default -> {
                // an interface the core has no capability for
            }
        }
        return updates;
    }

    /** The core attribute an alert state bitmask sets on this unit (bit 0: the detector's own condition). */
    public static List<StateUpdate> alert(DeviceModel model, int unit, long state) {
        List<StateUpdate> updates = new ArrayList<>();
        boolean triggered = (state & 0x1) != 0;
        add(updates, model, unit, CapabilityType.CONTACT, "open", Value.of(triggered));
        add(updates, model, unit, CapabilityType.OCCUPANCY, "occupied", Value.of(triggered));
        add(updates, model, unit, CapabilityType.WATER_LEAK, "leak", Value.of(triggered));
        if (model.capabilityKey(unit, CapabilityType.SMOKE_ALARM).isPresent()) {
            add(updates, model, unit, CapabilityType.SMOKE_ALARM, "smoke", Value.of(triggered));
            add(updates, model, unit, CapabilityType.SMOKE_ALARM, "tamper", Value.of((state & 0x2) != 0));
        }
        return updates;
    }

    /** HAN-FUN level 0..255 to percent 0..100. */
    public static long levelToPercent(int level) {
        return Math.round(level * 100.0 / 255.0);
    }

    /** Percent 0..100 to HAN-FUN level 0..255. */
    public static int percentToLevel(long percent) {
        return (int) Math.round(Math.max(0, Math.min(100, percent)) * 255.0 / 100.0);
    }

    /** Simple Thermostat mode bitmask to the core's mode name. */
    public static Optional<String> modeName(int mode) {
        if (mode == 0) {
            return Optional.of("off");
        }
        if ((mode & 0x04) != 0) {
            return Optional.of("auto");
        }
        if ((mode & 0x01) != 0) {
            return Optional.of("heat");
        }
        return Optional.empty();
    }

    /** A power meter measurement in its base unit (W, V, A, Wh). */
    public static double toBaseUnit(org.cpebridge.dect.hanfun.Value.Measurement measurement) {
        int exponent = switch (measurement.precision()) {
            case 0x10 -> -3;
            case 0x11 -> -6;
            case 0x12 -> -9;
            case 0x13 -> -12;
            case 0x20 -> 3;
            case 0x21 -> 6;
            case 0x22 -> 9;
            case 0x23 -> 12;
            default -> 0;
        };
        // decimal scaling, so 252200 mW is 252.2 W and not 252.20000000000002
        return java.math.BigDecimal.valueOf(measurement.value()).scaleByPowerOfTen(exponent).doubleValue();
    }

    private static void add(List<StateUpdate> updates, DeviceModel model, int unit, CapabilityType type,
            String attribute, Value value) {
        model.capabilityKey(unit, type).ifPresent(key -> {
            if (model.capability(key).flatMap(c -> c.attribute(attribute)).isPresent()) {
                updates.add(new StateUpdate(key, attribute, value));
            }
        });
    }
}
