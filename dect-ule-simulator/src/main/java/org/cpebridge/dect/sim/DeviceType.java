package org.cpebridge.dect.sim;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.cpebridge.dect.hanfun.InterfaceUid;
import org.cpebridge.dect.hanfun.Profile;

/** The kinds of virtual HAN-FUN device the simulator offers, with the units each registers. */
public enum DeviceType {
    /** AC outlet with power metering: On-Off + Simple Power Meter. */
    PLUG(false, List.of(new UnitSpec(1, Profile.AC_OUTLET_WITH_POWER_METERING,
            List.of(InterfaceUid.ON_OFF, InterfaceUid.SIMPLE_POWER_METER)))),
    /** Dimmable light: On-Off + Level Control. */
    LIGHT(false, List.of(new UnitSpec(1, Profile.DIMMABLE_LIGHT,
            List.of(InterfaceUid.ON_OFF, InterfaceUid.LEVEL_CONTROL)))),
    /** Battery radiator thermostat: Simple Thermostat + Simple Temperature; sleeps between keep-alives. */
    THERMOSTAT(true, List.of(new UnitSpec(1, Profile.CONTROLLABLE_THERMOSTAT,
            List.of(InterfaceUid.SIMPLE_THERMOSTAT, InterfaceUid.SIMPLE_TEMPERATURE)))),
    /** Door/window contact: Alert (bit 0 = open). */
    CONTACT(true, List.of(new UnitSpec(1, Profile.DOOR_OPEN_CLOSE_DETECTOR, List.of(InterfaceUid.ALERT)))),
    /** Motion detector: Alert (bit 0 = motion). */
    MOTION(true, List.of(new UnitSpec(1, Profile.MOTION_DETECTOR, List.of(InterfaceUid.ALERT)))),
    /** Smoke detector: Alert (bit 0 = smoke). */
    SMOKE(true, List.of(new UnitSpec(1, Profile.SMOKE_DETECTOR, List.of(InterfaceUid.ALERT)))),
    /** Temperature + humidity sensor, two units. */
    CLIMATE(true, List.of(
            new UnitSpec(1, Profile.SIMPLE_TEMPERATURE_SENSOR, List.of(InterfaceUid.SIMPLE_TEMPERATURE)),
            new UnitSpec(2, Profile.SIMPLE_HUMIDITY_SENSOR, List.of(InterfaceUid.SIMPLE_HUMIDITY)))),
    /** Wall button: Simple Button press notifications. */
    BUTTON(true, List.of(new UnitSpec(1, Profile.SIMPLE_BUTTON, List.of(InterfaceUid.SIMPLE_BUTTON)))),
    /**
     * Wall switch: a Simple On-Off Switch unit serves nothing and sends On-Off Toggle commands to the base (the client
     * side, as the reference hf_node's switch does). Mains-powered here, so the base can reach it at any time.
     */
    SWITCH(false, List.of(new UnitSpec(1, Profile.SIMPLE_ONOFF_SWITCH, List.of())));

    private final boolean battery;
    private final List<UnitSpec> units;

    DeviceType(boolean battery, List<UnitSpec> units) {
        this.battery = battery;
        this.units = units;
    }

    /** True for battery devices, which sleep and are reachable only shortly after they send. */
    public boolean battery() {
        return battery;
    }

    /** The functional units (unit 0, the core services, is implied). */
    public List<UnitSpec> units() {
        return units;
    }

    /** The lower-case name used in configuration ({@code plug}, {@code climate}, ...). */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<DeviceType> fromConfigName(String name) {
        for (DeviceType type : values()) {
            if (type.configName().equals(name)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }

    /**
     * A functional unit: its id, profile and the server interfaces it implements.
     *
     * @param id         unit id 1..254
     * @param profile    the unit's profile
     * @param interfaces server interface UIDs
     */
    public record UnitSpec(int id, Profile profile, List<Integer> interfaces) {
        public UnitSpec {
            interfaces = List.copyOf(interfaces);
        }
    }
}
