package org.cpebridge.dect.hanfun;

/** HAN-FUN interface UIDs (hanfun {@code inc/hanfun/interface.h}). */
public final class InterfaceUid {
    public static final int DEVICE_MANAGEMENT = 0x0001;
    public static final int BIND_MANAGEMENT = 0x0002;
    public static final int GROUP_MANAGEMENT = 0x0003;
    public static final int IDENTIFY = 0x0004;
    public static final int DEVICE_INFORMATION = 0x0005;
    public static final int ATTRIBUTE_REPORTING = 0x0006;
    public static final int TAMPER_ALERT = 0x0101;
    public static final int TIME = 0x0102;
    public static final int POWER = 0x0110;
    public static final int RSSI = 0x0111;
    public static final int KEEP_ALIVE = 0x0115;
    public static final int SUOTA = 0x0400;
    public static final int ALERT = 0x0100;
    public static final int ON_OFF = 0x0200;
    public static final int LEVEL_CONTROL = 0x0201;
    public static final int COLOUR_CONTROL = 0x0202;
    public static final int SIMPLE_KEYPAD = 0x0203;
    public static final int SIMPLE_POWER_METER = 0x0300;
    public static final int SIMPLE_TEMPERATURE = 0x0301;
    public static final int SIMPLE_HUMIDITY = 0x0302;
    public static final int SIMPLE_THERMOSTAT = 0x0303;
    public static final int SIMPLE_BUTTON = 0x0304;
    public static final int SIMPLE_VISUAL_EFFECTS = 0x0305;
    public static final int SIMPLE_AIR_PRESSURE = 0x0306;
    public static final int SIMPLE_LIGHT_SENSOR = 0x0307;

    private InterfaceUid() {
    }

    /** A readable name for logs; unknown UIDs print as hex. */
    public static String name(int uid) {
        return switch (uid) {
            case DEVICE_MANAGEMENT -> "DeviceManagement";
            case BIND_MANAGEMENT -> "BindManagement";
            case GROUP_MANAGEMENT -> "GroupManagement";
            case IDENTIFY -> "Identify";
            case DEVICE_INFORMATION -> "DeviceInformation";
            case ATTRIBUTE_REPORTING -> "AttributeReporting";
            case TAMPER_ALERT -> "TamperAlert";
            case TIME -> "Time";
            case POWER -> "Power";
            case RSSI -> "RSSI";
            case KEEP_ALIVE -> "KeepAlive";
            case SUOTA -> "SUOTA";
            case ALERT -> "Alert";
            case ON_OFF -> "OnOff";
            case LEVEL_CONTROL -> "LevelControl";
            case COLOUR_CONTROL -> "ColourControl";
            case SIMPLE_KEYPAD -> "SimpleKeypad";
            case SIMPLE_POWER_METER -> "SimplePowerMeter";
            case SIMPLE_TEMPERATURE -> "SimpleTemperature";
            case SIMPLE_HUMIDITY -> "SimpleHumidity";
            case SIMPLE_THERMOSTAT -> "SimpleThermostat";
            case SIMPLE_BUTTON -> "SimpleButton";
            case SIMPLE_VISUAL_EFFECTS -> "SimpleVisualEffects";
            case SIMPLE_AIR_PRESSURE -> "SimpleAirPressure";
            case SIMPLE_LIGHT_SENSOR -> "SimpleLightSensor";
            default -> String.format("Interface(0x%04X)", uid);
        };
    }
}
