package org.cpebridge.dect.hanfun;

import java.util.Map;
import java.util.Optional;

/**
 * The wire type of every attribute this codec understands. Sources: hanfun 1.5.3 headers and
 * {@code src/attributes.cpp} (Device Information), DSP Group CMBS {@code hanfun_protocol_defs.h} (Keep Alive interval).
 */
public final class AttributeCatalog {
    private static final Map<Integer, Map<Integer, ValueType>> TYPES = Map.ofEntries(
            Map.entry(InterfaceUid.DEVICE_INFORMATION, Map.ofEntries(
                    Map.entry(DeviceInformation.CORE_VERSION, ValueType.U8),
                    Map.entry(DeviceInformation.PROFILE_VERSION, ValueType.U8),
                    Map.entry(DeviceInformation.INTERFACE_VERSION, ValueType.U8),
                    Map.entry(DeviceInformation.EXTRA_CAPABILITIES, ValueType.U8),
                    Map.entry(DeviceInformation.MIN_SLEEP_TIME, ValueType.U32),
                    Map.entry(DeviceInformation.ACTUAL_RESPONSE_TIME, ValueType.U32),
                    Map.entry(DeviceInformation.APPLICATION_VERSION, ValueType.TEXT),
                    Map.entry(DeviceInformation.HARDWARE_VERSION, ValueType.TEXT),
                    Map.entry(DeviceInformation.EMC, ValueType.U16),
                    Map.entry(DeviceInformation.DECT_ID, ValueType.DECT_ID),
                    Map.entry(DeviceInformation.MANUFACTURER_NAME, ValueType.TEXT),
                    Map.entry(DeviceInformation.LOCATION, ValueType.TEXT),
                    Map.entry(DeviceInformation.ENABLED, ValueType.U8),
                    Map.entry(DeviceInformation.UID, ValueType.UID),
                    Map.entry(DeviceInformation.SERIAL_NUMBER, ValueType.TEXT))),
            Map.entry(InterfaceUid.ALERT, Map.of(Alert.STATE, ValueType.U32, Alert.ENABLE, ValueType.U32)),
            Map.entry(InterfaceUid.ON_OFF, Map.of(OnOff.STATE, ValueType.BOOL)),
            Map.entry(InterfaceUid.LEVEL_CONTROL, Map.of(LevelControl.LEVEL, ValueType.U8)),
            Map.entry(InterfaceUid.COLOUR_CONTROL, Map.of(
                    ColourControl.SUPPORTED, ValueType.U8, ColourControl.MODE, ValueType.U8,
                    ColourControl.HUE_SATURATION, ValueType.HUE_SATURATION, ColourControl.XY, ValueType.XY,
                    ColourControl.COLOUR_TEMPERATURE, ValueType.U16)),
            Map.entry(InterfaceUid.SIMPLE_POWER_METER, Map.ofEntries(
                    Map.entry(PowerMeter.ENERGY, ValueType.MEASUREMENT),
                    Map.entry(PowerMeter.ENERGY_AT_RESET, ValueType.MEASUREMENT),
                    Map.entry(PowerMeter.TIME_AT_RESET, ValueType.MEASUREMENT),
                    Map.entry(PowerMeter.POWER, ValueType.MEASUREMENT),
                    Map.entry(PowerMeter.AVG_POWER, ValueType.MEASUREMENT),
                    Map.entry(PowerMeter.AVG_POWER_INTERVAL, ValueType.U16),
                    Map.entry(PowerMeter.VOLTAGE, ValueType.MEASUREMENT),
                    Map.entry(PowerMeter.CURRENT, ValueType.MEASUREMENT),
                    Map.entry(PowerMeter.FREQUENCY, ValueType.MEASUREMENT),
                    Map.entry(PowerMeter.POWER_FACTOR, ValueType.U8))),
            Map.entry(InterfaceUid.SIMPLE_TEMPERATURE, Map.of(
                    Temperature.VALUE, ValueType.S16, Temperature.MINIMUM, ValueType.S16,
                    Temperature.MAXIMUM, ValueType.S16, Temperature.TOLERANCE, ValueType.U16)),
            Map.entry(InterfaceUid.SIMPLE_HUMIDITY, Map.of(
                    Humidity.VALUE, ValueType.U16, Humidity.TOLERANCE, ValueType.U16)),
            Map.entry(InterfaceUid.SIMPLE_THERMOSTAT, Map.ofEntries(
                    Map.entry(Thermostat.SUPPORTED_MODES, ValueType.U8),
                    Map.entry(Thermostat.HEAT_COOL_MODE, ValueType.U8),
                    Map.entry(Thermostat.FAN_MODE, ValueType.U8),
                    Map.entry(Thermostat.HEAT_MODE_TEMPERATURE, ValueType.S16),
                    Map.entry(Thermostat.COOL_MODE_TEMPERATURE, ValueType.S16),
                    Map.entry(Thermostat.AUTO_MODE_HEAT_TEMPERATURE, ValueType.S16),
                    Map.entry(Thermostat.AUTO_MODE_COOL_TEMPERATURE, ValueType.S16),
                    Map.entry(Thermostat.HEAT_MODE_OFFSET, ValueType.S16),
                    Map.entry(Thermostat.COOL_MODE_OFFSET, ValueType.S16),
                    Map.entry(Thermostat.BOOST_DURATION, ValueType.U8))),
            Map.entry(InterfaceUid.SIMPLE_BUTTON, Map.of(
                    Button.SHORT_PRESS_MAX_DURATION, ValueType.U16,
                    Button.EXTRA_LONG_PRESS_MIN_DURATION, ValueType.U16,
                    Button.DOUBLE_CLICK_GAP_DURATION, ValueType.U16)),
            Map.entry(InterfaceUid.KEEP_ALIVE, Map.of(KeepAlive.INTERVAL, ValueType.U32)));

    private AttributeCatalog() {
    }

    /** The wire type of {@code attribute} of {@code interfaceUid}, if known. */
    public static Optional<ValueType> type(int interfaceUid, int attribute) {
        Map<Integer, ValueType> attributes = TYPES.get(interfaceUid);
        return attributes == null ? Optional.empty() : Optional.ofNullable(attributes.get(attribute));
    }

    /** Device Information attribute ids (hanfun {@code core/device_information.h}). */
    public static final class DeviceInformation {
        public static final int CORE_VERSION = 0x01;
        public static final int PROFILE_VERSION = 0x02;
        public static final int INTERFACE_VERSION = 0x03;
        public static final int EXTRA_CAPABILITIES = 0x04;
        public static final int MIN_SLEEP_TIME = 0x05;
        public static final int ACTUAL_RESPONSE_TIME = 0x06;
        public static final int APPLICATION_VERSION = 0x07;
        public static final int HARDWARE_VERSION = 0x08;
        public static final int EMC = 0x09;
        public static final int DECT_ID = 0x0A;
        public static final int MANUFACTURER_NAME = 0x0B;
        public static final int LOCATION = 0x0C;
        public static final int ENABLED = 0x0D;
        public static final int FRIENDLY_NAME = 0x0E;
        public static final int UID = 0x0F;
        public static final int SERIAL_NUMBER = 0x10;

        private DeviceInformation() {
        }
    }

    /** Alert attribute ids; state/enable are bitmasks, one bit per alert source. */
    public static final class Alert {
        public static final int STATE = 0x01;
        public static final int ENABLE = 0x02;

        private Alert() {
        }
    }

    public static final class OnOff {
        public static final int STATE = 0x01;

        private OnOff() {
        }
    }

    public static final class LevelControl {
        public static final int LEVEL = 0x01;

        private LevelControl() {
        }
    }

    /** Colour Control (hanfun {@code interfaces/colour_control.h}); modes bitmask 0x01 HS, 0x02 XY, 0x04 temperature. */
    public static final class ColourControl {
        public static final int SUPPORTED = 0x01;
        public static final int MODE = 0x02;
        public static final int HUE_SATURATION = 0x03;
        public static final int XY = 0x04;
        public static final int COLOUR_TEMPERATURE = 0x05;

        private ColourControl() {
        }
    }

    public static final class PowerMeter {
        public static final int ENERGY = 0x01;
        public static final int ENERGY_AT_RESET = 0x02;
        public static final int TIME_AT_RESET = 0x03;
        public static final int POWER = 0x04;
        public static final int AVG_POWER = 0x05;
        public static final int AVG_POWER_INTERVAL = 0x06;
        public static final int VOLTAGE = 0x07;
        public static final int CURRENT = 0x08;
        public static final int FREQUENCY = 0x09;
        public static final int POWER_FACTOR = 0x0A;

        private PowerMeter() {
        }
    }

    /** Simple Temperature, values in 0.01 °C. */
    public static final class Temperature {
        public static final int VALUE = 0x01;
        public static final int MINIMUM = 0x02;
        public static final int MAXIMUM = 0x03;
        public static final int TOLERANCE = 0x04;

        private Temperature() {
        }
    }

    /** Simple Humidity, values in 0.01 %RH. */
    public static final class Humidity {
        public static final int VALUE = 0x01;
        public static final int TOLERANCE = 0x02;

        private Humidity() {
        }
    }

    /** Simple Thermostat, temperatures in 0.01 °C; modes bitmask 0x01 heat, 0x02 cool, 0x04 auto, 0x10..0x40 fan. */
    public static final class Thermostat {
        public static final int SUPPORTED_MODES = 0x01;
        public static final int HEAT_COOL_MODE = 0x02;
        public static final int FAN_MODE = 0x03;
        public static final int HEAT_MODE_TEMPERATURE = 0x04;
        public static final int COOL_MODE_TEMPERATURE = 0x05;
        public static final int AUTO_MODE_HEAT_TEMPERATURE = 0x06;
        public static final int AUTO_MODE_COOL_TEMPERATURE = 0x07;
        public static final int HEAT_MODE_OFFSET = 0x08;
        public static final int COOL_MODE_OFFSET = 0x09;
        public static final int BOOST_DURATION = 0x0A;
        public static final int MODE_HEAT = 0x01;

        private Thermostat() {
        }
    }

    public static final class Button {
        public static final int SHORT_PRESS_MAX_DURATION = 0x01;
        public static final int EXTRA_LONG_PRESS_MIN_DURATION = 0x02;
        public static final int DOUBLE_CLICK_GAP_DURATION = 0x03;

        private Button() {
        }
    }

    /** Keep Alive: interval attribute (width u32 assumed; the hanfun library does not implement this interface). */
    public static final class KeepAlive {
        public static final int INTERVAL = 0x01;

        private KeepAlive() {
        }
    }
}
