package org.cpebridge.dect.hanfun;

import java.util.Optional;

/** HAN-FUN profiles (unit types), hanfun {@code inc/hanfun/profiles.h}. A unit keeps its raw UID; this maps known ones. */
public enum Profile {
    SIMPLE_ONOFF_SWITCHABLE(0x0100),
    SIMPLE_ONOFF_SWITCH(0x0101),
    SIMPLE_LEVEL_CONTROLLABLE(0x0102),
    SIMPLE_LEVEL_CONTROL(0x0103),
    SIMPLE_LEVEL_CONTROLLABLE_SWITCHABLE(0x0104),
    SIMPLE_LEVEL_CONTROL_SWITCH(0x0105),
    AC_OUTLET(0x0106),
    AC_OUTLET_WITH_POWER_METERING(0x0107),
    SIMPLE_LIGHT(0x0108),
    DIMMABLE_LIGHT(0x0109),
    DIMMER_SWITCH(0x010A),
    SIMPLE_DOOR_LOCK(0x010B),
    DOOR_BELL(0x010C),
    SIMPLE_POWER_METER(0x010D),
    SIMPLE_TEMPERATURE_SENSOR(0x010E),
    SIMPLE_HUMIDITY_SENSOR(0x010F),
    SIMPLE_AIR_PRESSURE_SENSOR(0x0110),
    SIMPLE_BUTTON(0x0111),
    CONTROLLABLE_THERMOSTAT(0x0112),
    SIMPLE_LED(0x0113),
    ENVIRONMENT_MONITOR(0x0114),
    COLOUR_BULB(0x0115),
    DIMMABLE_COLOUR_BULB(0x0116),
    TRACKER(0x0117),
    SIMPLE_KEYPAD(0x0118),
    SIMPLE_DETECTOR(0x0200),
    DOOR_OPEN_CLOSE_DETECTOR(0x0201),
    WINDOW_OPEN_CLOSE_DETECTOR(0x0202),
    MOTION_DETECTOR(0x0203),
    SMOKE_DETECTOR(0x0204),
    GAS_DETECTOR(0x0205),
    FLOOD_DETECTOR(0x0206),
    GLASS_BREAK_DETECTOR(0x0207),
    VIBRATION_DETECTOR(0x0208),
    SIMPLE_LIGHT_SENSOR(0x0209),
    SIREN(0x0280),
    ALERTABLE(0x0281),
    SIMPLE_PENDANT(0x0300),
    USER_INTERFACE_LOCK(0x0401),
    USER_INTERFACE(0x0410),
    GENERIC_APPLICATION(0x0411);

    /** Unit 0 of every device carries this "profile": the core services. */
    public static final int CORE_UNIT_TYPE = 0x0000;

    private final int uid;

    Profile(int uid) {
        this.uid = uid;
    }

    public int uid() {
        return uid;
    }

    public static Optional<Profile> fromUid(int uid) {
        for (Profile profile : values()) {
            if (profile.uid == uid) {
                return Optional.of(profile);
            }
        }
        return Optional.empty();
    }

    /** True for the detector profiles (0x02xx below the siren), which report through the Alert interface. */
    public boolean isDetector() {
        return uid >= 0x0200 && uid <= 0x0209 && this != SIMPLE_LIGHT_SENSOR;
    }

    /** True for the vendor range 0xFF00..0xFFFF. */
    public static boolean isProprietary(int uid) {
        return uid >= 0xFF00;
    }
}
