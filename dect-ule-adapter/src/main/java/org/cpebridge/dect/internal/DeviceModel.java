package org.cpebridge.dect.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.cpebridge.core.model.Capability;
import org.cpebridge.core.model.CapabilityType;
import org.cpebridge.core.model.DeviceKind;
import org.cpebridge.dect.hanfun.HanfunMessage.Unit;
import org.cpebridge.dect.hanfun.InterfaceAddress;
import org.cpebridge.dect.hanfun.InterfaceUid;
import org.cpebridge.dect.hanfun.Profile;
import org.cpebridge.dect.hanfun.Role;

/**
 * How one registered HAN-FUN device looks in the core: its capabilities, which unit carries each, and whether it is a
 * sleeping (battery) device. Built from the units of its registration. Immutable.
 *
 * @param capabilities the core capabilities, in unit order
 * @param units        capability key → HAN-FUN unit id
 * @param interfaces   unit id → server interfaces it implements (from its profile and its optional list)
 * @param sleepy       true if no unit is a mains actuator and some unit is a sensor the base must wait for, so the
 *                     device sleeps between transmissions; a node of controller units only (a switch) talks first and
 *                     is not assumed asleep
 * @param title        a readable name from the first unit's profile
 * @param keepAlive    true if the device declared the Keep Alive interface (on any unit), so its silence means trouble
 * @param profile      the first unit's HAN-FUN profile by name ({@code Simple Light (0x0108)}), for generic names
 * @param kind         what the first unit's profile says the device is (Simple Light → light), for the faces' types
 */
public record DeviceModel(List<Capability> capabilities, Map<String, Integer> units,
        Map<Integer, Set<Integer>> interfaces, boolean sleepy, String title, boolean keepAlive, String profile,
        DeviceKind kind) {

    /** Controller profiles: their units send On-Off / Level Control commands (client side) and serve nothing. */
    private static final Set<Profile> CONTROLLERS = Set.of(Profile.SIMPLE_ONOFF_SWITCH, Profile.SIMPLE_LEVEL_CONTROL,
            Profile.SIMPLE_LEVEL_CONTROL_SWITCH, Profile.DIMMER_SWITCH);

    private static final Set<Profile> MAINS = Set.of(Profile.SIMPLE_ONOFF_SWITCHABLE,
            Profile.SIMPLE_LEVEL_CONTROLLABLE, Profile.SIMPLE_LEVEL_CONTROLLABLE_SWITCHABLE, Profile.AC_OUTLET,
            Profile.AC_OUTLET_WITH_POWER_METERING, Profile.SIMPLE_LIGHT, Profile.DIMMABLE_LIGHT,
            Profile.SIMPLE_DOOR_LOCK, Profile.SIMPLE_POWER_METER, Profile.SIMPLE_LED, Profile.COLOUR_BULB,
            Profile.DIMMABLE_COLOUR_BULB, Profile.SIREN);

    public DeviceModel {
        capabilities = List.copyOf(capabilities);
        units = Map.copyOf(units);
        interfaces = Map.copyOf(interfaces);
    }

    /** The model of a device that registered {@code registered} units (unit 0, the core services, is skipped). */
    public static DeviceModel of(List<Unit> registered) {
        List<Capability> capabilities = new ArrayList<>();
        Map<String, Integer> units = new LinkedHashMap<>();
        Map<Integer, Set<Integer>> interfaces = new LinkedHashMap<>();
        boolean mains = false;
        boolean sensor = false;
        boolean keepAlive = false;
        String title = "HAN-FUN device";
        String profileName = "";
        DeviceKind kind = DeviceKind.UNSPECIFIED;
        boolean titled = false;
        for (Unit unit : registered) {
            keepAlive |= unit.optionalInterfaces().stream().anyMatch(itf -> itf.uid() == InterfaceUid.KEEP_ALIVE);
            if (unit.id() == 0) {
                continue;
            }
            Optional<Profile> profile = Profile.fromUid(unit.profile());
            mains |= profile.map(MAINS::contains).orElse(false);
            sensor |= !profile.map(CONTROLLERS::contains).orElse(false);
            if (!titled) {
                profileName = profile.map(DeviceModel::displayName)
                        .orElse(Profile.isProprietary(unit.profile()) ? "Proprietary profile" : "Unknown profile")
                        + String.format(java.util.Locale.ROOT, " (0x%04X)", unit.profile());
                title = profile.map(DeviceModel::title).orElse("HAN-FUN device");
                kind = profile.map(DeviceModel::kind).orElse(DeviceKind.UNSPECIFIED);
                titled = true;
            }
            Set<Integer> itfs = new java.util.TreeSet<>(profile.map(DeviceModel::impliedInterfaces).orElse(Set.of()));
            for (InterfaceAddress optional : unit.optionalInterfaces()) {
                if (optional.role() == Role.SERVER) {
                    itfs.add(optional.uid());
                }
            }
            interfaces.put(unit.id(), Set.copyOf(itfs));
            boolean controller = profile.map(CONTROLLERS::contains).orElse(false) || unit.optionalInterfaces().stream()
                    .anyMatch(itf -> itf.role() == Role.CLIENT && (itf.uid() == InterfaceUid.ON_OFF
                            || itf.uid() == InterfaceUid.LEVEL_CONTROL));
            List<Capability> unitCapabilities = new ArrayList<>(capabilitiesFor(profile, itfs));
            if (controller && unitCapabilities.stream().noneMatch(c -> c.type() == CapabilityType.BUTTON)) {
                // A switch's On/Off/Toggle and level commands to the base arrive as button "pressed" events.
                unitCapabilities.add(Capability.of(CapabilityType.BUTTON));
            }
            for (Capability capability : unitCapabilities) {
                Capability placed = capability;
                if (units.containsKey(capability.key())) {
                    placed = capability.onPart("u" + unit.id());
                }
                capabilities.add(placed);
                units.put(placed.key(), unit.id());
            }
        }
        return new DeviceModel(capabilities, units, interfaces, !mains && sensor, title, keepAlive, profileName,
                kind);
    }

    /** The capability key of {@code type} on {@code unit}, if the device has one. */
    public Optional<String> capabilityKey(int unit, CapabilityType type) {
        return capabilities.stream().filter(c -> c.type() == type && units.get(c.key()) == unit)
                .map(Capability::key).findFirst();
    }

    public Optional<Capability> capability(String key) {
        return capabilities.stream().filter(c -> c.key().equals(key)).findFirst();
    }

    public boolean hasInterface(int unit, int interfaceUid) {
        return interfaces.getOrDefault(unit, Set.of()).contains(interfaceUid);
    }

    private static Set<Integer> impliedInterfaces(Profile profile) {
        return switch (profile) {
            case SIMPLE_ONOFF_SWITCHABLE, AC_OUTLET, SIMPLE_LIGHT, SIMPLE_LED -> Set.of(InterfaceUid.ON_OFF);
            case AC_OUTLET_WITH_POWER_METERING -> Set.of(InterfaceUid.ON_OFF, InterfaceUid.SIMPLE_POWER_METER);
            case SIMPLE_LEVEL_CONTROLLABLE -> Set.of(InterfaceUid.LEVEL_CONTROL);
            case SIMPLE_LEVEL_CONTROLLABLE_SWITCHABLE, DIMMABLE_LIGHT -> Set.of(InterfaceUid.ON_OFF,
                    InterfaceUid.LEVEL_CONTROL);
            case COLOUR_BULB -> Set.of(InterfaceUid.ON_OFF, InterfaceUid.COLOUR_CONTROL);
            case DIMMABLE_COLOUR_BULB -> Set.of(InterfaceUid.ON_OFF, InterfaceUid.LEVEL_CONTROL,
                    InterfaceUid.COLOUR_CONTROL);
            case SIMPLE_POWER_METER -> Set.of(InterfaceUid.SIMPLE_POWER_METER);
            case SIMPLE_TEMPERATURE_SENSOR -> Set.of(InterfaceUid.SIMPLE_TEMPERATURE);
            case SIMPLE_HUMIDITY_SENSOR -> Set.of(InterfaceUid.SIMPLE_HUMIDITY);
            case ENVIRONMENT_MONITOR -> Set.of(InterfaceUid.SIMPLE_TEMPERATURE, InterfaceUid.SIMPLE_HUMIDITY);
            case CONTROLLABLE_THERMOSTAT -> Set.of(InterfaceUid.SIMPLE_THERMOSTAT);
            case SIMPLE_BUTTON -> Set.of(InterfaceUid.SIMPLE_BUTTON);
            case SIMPLE_DETECTOR, DOOR_OPEN_CLOSE_DETECTOR, WINDOW_OPEN_CLOSE_DETECTOR, MOTION_DETECTOR, SMOKE_DETECTOR,
                    GAS_DETECTOR, FLOOD_DETECTOR, GLASS_BREAK_DETECTOR, VIBRATION_DETECTOR -> Set.of(InterfaceUid.ALERT);
            default -> Set.of();
        };
    }

    private static List<Capability> capabilitiesFor(Optional<Profile> profile, Set<Integer> itfs) {
        List<Capability> result = new ArrayList<>();
        Profile known = profile.orElse(null);
        if (itfs.contains(InterfaceUid.ON_OFF)) {
            result.add(Capability.of(CapabilityType.ON_OFF));
        }
        if (itfs.contains(InterfaceUid.LEVEL_CONTROL)) {
            result.add(Capability.of(CapabilityType.LEVEL));
        }
        if (itfs.contains(InterfaceUid.SIMPLE_POWER_METER)) {
            result.add(Capability.of(CapabilityType.ELECTRICAL_POWER).withAttributes("power", "voltage"));
            result.add(Capability.of(CapabilityType.ENERGY_METER));
        }
        if (itfs.contains(InterfaceUid.SIMPLE_THERMOSTAT)) {
            result.add(Capability.of(CapabilityType.THERMOSTAT));
        } else if (itfs.contains(InterfaceUid.SIMPLE_TEMPERATURE)) {
            result.add(Capability.of(CapabilityType.TEMPERATURE));
        }
        if (itfs.contains(InterfaceUid.SIMPLE_HUMIDITY)) {
            result.add(Capability.of(CapabilityType.HUMIDITY));
        }
        if (itfs.contains(InterfaceUid.ALERT) && known != null) {
            switch (known) {
                case DOOR_OPEN_CLOSE_DETECTOR, WINDOW_OPEN_CLOSE_DETECTOR -> result.add(
                        Capability.of(CapabilityType.CONTACT));
                case MOTION_DETECTOR -> result.add(Capability.of(CapabilityType.OCCUPANCY));
                case SMOKE_DETECTOR -> result.add(Capability.of(CapabilityType.SMOKE_ALARM));
                case FLOOD_DETECTOR -> result.add(Capability.of(CapabilityType.WATER_LEAK));
                default -> {
                    // other detectors (gas, glass break, vibration) have no core capability yet
                }
            }
        }
        if (itfs.contains(InterfaceUid.SIMPLE_BUTTON)) {
            result.add(Capability.of(CapabilityType.BUTTON));
        }
        return result;
    }

    /** The profile's name as HAN-FUN writes it: SIMPLE_ONOFF_SWITCH → "Simple Onoff Switch". */
    private static String displayName(Profile profile) {
        StringBuilder name = new StringBuilder();
        for (String word : profile.name().toLowerCase(java.util.Locale.ROOT).split("_")) {
            name.append(name.length() == 0 ? "" : " ").append(Character.toUpperCase(word.charAt(0)))
                    .append(word.substring(1));
        }
        return name.toString();
    }

    private static DeviceKind kind(Profile profile) {
        return switch (profile) {
            case SIMPLE_LIGHT, DIMMABLE_LIGHT, COLOUR_BULB, DIMMABLE_COLOUR_BULB, SIMPLE_LED -> DeviceKind.LIGHT;
            case AC_OUTLET, AC_OUTLET_WITH_POWER_METERING -> DeviceKind.PLUG;
            case SIMPLE_ONOFF_SWITCH, SIMPLE_LEVEL_CONTROL, SIMPLE_LEVEL_CONTROL_SWITCH, DIMMER_SWITCH ->
                    DeviceKind.SWITCH;
            case SIMPLE_BUTTON -> DeviceKind.BUTTON;
            case CONTROLLABLE_THERMOSTAT -> DeviceKind.THERMOSTAT;
            case SMOKE_DETECTOR -> DeviceKind.ALARM;
            case DOOR_OPEN_CLOSE_DETECTOR, WINDOW_OPEN_CLOSE_DETECTOR, MOTION_DETECTOR, FLOOD_DETECTOR,
                    SIMPLE_TEMPERATURE_SENSOR, SIMPLE_HUMIDITY_SENSOR, ENVIRONMENT_MONITOR -> DeviceKind.SENSOR;
            case SIMPLE_POWER_METER -> DeviceKind.METER;
            default -> DeviceKind.UNSPECIFIED; // e.g. Simple On-Off Switchable: could be anything with a relay
        };
    }

    private static String title(Profile profile) {
        return switch (profile) {
            case AC_OUTLET, AC_OUTLET_WITH_POWER_METERING -> "DECT plug";
            case SIMPLE_LIGHT, DIMMABLE_LIGHT, COLOUR_BULB, DIMMABLE_COLOUR_BULB, SIMPLE_LED -> "DECT light";
            case CONTROLLABLE_THERMOSTAT -> "DECT thermostat";
            case DOOR_OPEN_CLOSE_DETECTOR, WINDOW_OPEN_CLOSE_DETECTOR -> "DECT contact";
            case MOTION_DETECTOR -> "DECT motion sensor";
            case SMOKE_DETECTOR -> "DECT smoke detector";
            case FLOOD_DETECTOR -> "DECT flood sensor";
            case SIMPLE_TEMPERATURE_SENSOR, SIMPLE_HUMIDITY_SENSOR, ENVIRONMENT_MONITOR -> "DECT climate sensor";
            case SIMPLE_BUTTON -> "DECT button";
            case SIMPLE_ONOFF_SWITCH -> "DECT on-off switch";
            case SIMPLE_LEVEL_CONTROL, SIMPLE_LEVEL_CONTROL_SWITCH, DIMMER_SWITCH -> "DECT dimmer switch";
            default -> "DECT " + profile.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
        };
    }
}
