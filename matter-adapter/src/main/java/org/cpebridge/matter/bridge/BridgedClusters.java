package org.cpebridge.matter.bridge;

import static org.cpebridge.matter.cluster.DataType.BITMAP16;
import static org.cpebridge.matter.cluster.DataType.BITMAP8;
import static org.cpebridge.matter.cluster.DataType.BOOLEAN;
import static org.cpebridge.matter.cluster.DataType.ENDPOINT_NUMBER;
import static org.cpebridge.matter.cluster.DataType.ENUM8;
import static org.cpebridge.matter.cluster.DataType.INT16;
import static org.cpebridge.matter.cluster.DataType.INT64;
import static org.cpebridge.matter.cluster.DataType.STRING;
import static org.cpebridge.matter.cluster.DataType.STRUCT;
import static org.cpebridge.matter.cluster.DataType.UINT16;
import static org.cpebridge.matter.cluster.DataType.UINT8;

import org.cpebridge.matter.cluster.AttributeSpec;
import org.cpebridge.matter.cluster.ClusterSpec;
import org.cpebridge.matter.cluster.CommandSpec;
import org.cpebridge.matter.cluster.DeviceType;
import org.cpebridge.matter.cluster.EventSpec;
import org.cpebridge.matter.cluster.Privilege;

/**
 * The application clusters and device types bridged endpoints use (Matter 1.4 Application Cluster Specification and
 * Device Library), declared with the mandatory attributes, commands and events of the features chosen. Ids are the
 * specification's; event priorities 0 debug, 1 info, 2 critical.
 */
public final class BridgedClusters {

    private BridgedClusters() {
    }

    // ---- device types (Device Library 1.4) ----
    public static final DeviceType ON_OFF_LIGHT = new DeviceType(0x0100, 3);
    public static final DeviceType DIMMABLE_LIGHT = new DeviceType(0x0101, 3);
    public static final DeviceType COLOR_TEMPERATURE_LIGHT = new DeviceType(0x010C, 4);
    public static final DeviceType EXTENDED_COLOR_LIGHT = new DeviceType(0x010D, 4);
    public static final DeviceType ON_OFF_PLUG_IN_UNIT = new DeviceType(0x010A, 3);
    public static final DeviceType DIMMABLE_PLUG_IN_UNIT = new DeviceType(0x010B, 4);
    public static final DeviceType CONTACT_SENSOR = new DeviceType(0x0015, 2);
    public static final DeviceType OCCUPANCY_SENSOR = new DeviceType(0x0107, 4);
    public static final DeviceType TEMPERATURE_SENSOR = new DeviceType(0x0302, 2);
    public static final DeviceType HUMIDITY_SENSOR = new DeviceType(0x0307, 2);
    public static final DeviceType PRESSURE_SENSOR = new DeviceType(0x0305, 2);
    public static final DeviceType LIGHT_SENSOR = new DeviceType(0x0106, 3);
    public static final DeviceType WATER_LEAK_DETECTOR = new DeviceType(0x0043, 1);
    public static final DeviceType THERMOSTAT = new DeviceType(0x0301, 4);
    public static final DeviceType SMOKE_CO_ALARM = new DeviceType(0x0076, 1);
    public static final DeviceType WINDOW_COVERING = new DeviceType(0x0202, 4);
    public static final DeviceType GENERIC_SWITCH = new DeviceType(0x000F, 3);
    public static final DeviceType POWER_SOURCE = new DeviceType(0x0011, 1);
    public static final DeviceType ELECTRICAL_SENSOR = new DeviceType(0x0510, 1);

    // ---- Bridged Device Basic Information 0x0039 (core 9.13), revision 4 ----
    public static final long BDBI = 0x0039;
    public static final long BDBI_VENDOR_NAME = 0x01;
    public static final long BDBI_PRODUCT_NAME = 0x03;
    public static final long BDBI_NODE_LABEL = 0x05;
    public static final long BDBI_SOFTWARE_VERSION_STRING = 0x0A;
    public static final long BDBI_SERIAL_NUMBER = 0x0F;
    public static final long BDBI_REACHABLE = 0x11;
    public static final long BDBI_UNIQUE_ID = 0x12;
    public static final long BDBI_EVENT_REACHABLE_CHANGED = 0x03;

    /** BDBI with SoftwareVersionString when the device reports a firmware version. */
    public static ClusterSpec bridgedDeviceBasicInformation(boolean withSoftwareVersion) {
        ClusterSpec.Builder builder = ClusterSpec.builder(BDBI, "BridgedDeviceBasicInformation", 4).attributes(
                AttributeSpec.of(BDBI_VENDOR_NAME, "VendorName", STRING).fixed(),
                AttributeSpec.of(BDBI_PRODUCT_NAME, "ProductName", STRING).fixed(),
                AttributeSpec.of(BDBI_NODE_LABEL, "NodeLabel", STRING).writable(Privilege.MANAGE),
                AttributeSpec.of(BDBI_SERIAL_NUMBER, "SerialNumber", STRING).fixed(),
                AttributeSpec.of(BDBI_REACHABLE, "Reachable", BOOLEAN),
                AttributeSpec.of(BDBI_UNIQUE_ID, "UniqueID", STRING).fixed());
        if (withSoftwareVersion) {
            builder.attributes(AttributeSpec.of(BDBI_SOFTWARE_VERSION_STRING, "SoftwareVersionString", STRING)
                    .fixed());
        }
        return builder.events(EventSpec.of(BDBI_EVENT_REACHABLE_CHANGED, "ReachableChanged", 1)).build();
    }

    // ---- Identify 0x0003, revision 5 ----
    public static final long IDENTIFY = 0x0003;
    public static final ClusterSpec IDENTIFY_SPEC = ClusterSpec.builder(IDENTIFY, "Identify", 5)
            .attributes(
                    AttributeSpec.of(0x0000, "IdentifyTime", UINT16).writable(Privilege.OPERATE),
                    AttributeSpec.of(0x0001, "IdentifyType", ENUM8).fixed())
            .commands(CommandSpec.of(0x00, "Identify", Privilege.MANAGE))
            .build();

    // ---- On/Off 0x0006, revision 6 ----
    public static final long ON_OFF = 0x0006;
    public static final long ON_OFF_ON_OFF = 0x0000;
    public static final long ON_OFF_GLOBAL_SCENE_CONTROL = 0x4000;
    public static final long ON_OFF_ON_TIME = 0x4001;
    public static final long ON_OFF_OFF_WAIT_TIME = 0x4002;
    public static final long ON_OFF_START_UP_ON_OFF = 0x4003;
    public static final long CMD_OFF = 0x00;
    public static final long CMD_ON = 0x01;
    public static final long CMD_TOGGLE = 0x02;
    public static final long CMD_OFF_WITH_EFFECT = 0x40;
    public static final long CMD_ON_WITH_RECALL_GLOBAL_SCENE = 0x41;
    public static final long CMD_ON_WITH_TIMED_OFF = 0x42;

    /** On/Off for plug-in units: no features. */
    public static final ClusterSpec ON_OFF_PLAIN = ClusterSpec.builder(ON_OFF, "OnOff", 6)
            .attributes(AttributeSpec.of(ON_OFF_ON_OFF, "OnOff", BOOLEAN))
            .commands(CommandSpec.of(CMD_OFF, "Off", Privilege.OPERATE),
                    CommandSpec.of(CMD_ON, "On", Privilege.OPERATE),
                    CommandSpec.of(CMD_TOGGLE, "Toggle", Privilege.OPERATE))
            .build();

    /** On/Off for lights: feature Lighting (bit 0), as the light device types require. */
    public static final ClusterSpec ON_OFF_LIGHTING = ClusterSpec.builder(ON_OFF, "OnOff", 6).features(0x1)
            .attributes(AttributeSpec.of(ON_OFF_ON_OFF, "OnOff", BOOLEAN),
                    AttributeSpec.of(ON_OFF_GLOBAL_SCENE_CONTROL, "GlobalSceneControl", BOOLEAN),
                    AttributeSpec.of(ON_OFF_ON_TIME, "OnTime", UINT16).writable(Privilege.OPERATE),
                    AttributeSpec.of(ON_OFF_OFF_WAIT_TIME, "OffWaitTime", UINT16).writable(Privilege.OPERATE),
                    AttributeSpec.of(ON_OFF_START_UP_ON_OFF, "StartUpOnOff", ENUM8).nullable()
                            .writable(Privilege.MANAGE))
            .commands(CommandSpec.of(CMD_OFF, "Off", Privilege.OPERATE),
                    CommandSpec.of(CMD_ON, "On", Privilege.OPERATE),
                    CommandSpec.of(CMD_TOGGLE, "Toggle", Privilege.OPERATE),
                    CommandSpec.of(CMD_OFF_WITH_EFFECT, "OffWithEffect", Privilege.OPERATE),
                    CommandSpec.of(CMD_ON_WITH_RECALL_GLOBAL_SCENE, "OnWithRecallGlobalScene", Privilege.OPERATE),
                    CommandSpec.of(CMD_ON_WITH_TIMED_OFF, "OnWithTimedOff", Privilege.OPERATE))
            .build();

    // ---- Level Control 0x0008, revision 6, features OnOff (bit 0) and Lighting (bit 1) ----
    public static final long LEVEL_CONTROL = 0x0008;
    public static final long LEVEL_CURRENT_LEVEL = 0x0000;
    public static final long LEVEL_REMAINING_TIME = 0x0001;
    public static final long LEVEL_MIN_LEVEL = 0x0002;
    public static final long LEVEL_MAX_LEVEL = 0x0003;
    public static final long LEVEL_OPTIONS = 0x000F;
    public static final long LEVEL_ON_LEVEL = 0x0011;
    public static final long LEVEL_START_UP_CURRENT_LEVEL = 0x4000;
    public static final long CMD_MOVE_TO_LEVEL = 0x00;
    public static final long CMD_MOVE = 0x01;
    public static final long CMD_STEP = 0x02;
    public static final long CMD_STOP = 0x03;
    public static final long CMD_MOVE_TO_LEVEL_WITH_ON_OFF = 0x04;
    public static final long CMD_MOVE_WITH_ON_OFF = 0x05;
    public static final long CMD_STEP_WITH_ON_OFF = 0x06;
    public static final long CMD_STOP_WITH_ON_OFF = 0x07;

    public static final ClusterSpec LEVEL_CONTROL_SPEC = ClusterSpec.builder(LEVEL_CONTROL, "LevelControl", 6)
            .features(0x3)
            .attributes(AttributeSpec.of(LEVEL_CURRENT_LEVEL, "CurrentLevel", UINT8).nullable(),
                    AttributeSpec.of(LEVEL_REMAINING_TIME, "RemainingTime", UINT16),
                    AttributeSpec.of(LEVEL_MIN_LEVEL, "MinLevel", UINT8),
                    AttributeSpec.of(LEVEL_MAX_LEVEL, "MaxLevel", UINT8),
                    AttributeSpec.of(LEVEL_OPTIONS, "Options", BITMAP8).writable(Privilege.OPERATE),
                    AttributeSpec.of(LEVEL_ON_LEVEL, "OnLevel", UINT8).nullable().writable(Privilege.OPERATE),
                    AttributeSpec.of(LEVEL_START_UP_CURRENT_LEVEL, "StartUpCurrentLevel", UINT8).nullable()
                            .writable(Privilege.MANAGE))
            .commands(CommandSpec.of(CMD_MOVE_TO_LEVEL, "MoveToLevel", Privilege.OPERATE),
                    CommandSpec.of(CMD_MOVE, "Move", Privilege.OPERATE),
                    CommandSpec.of(CMD_STEP, "Step", Privilege.OPERATE),
                    CommandSpec.of(CMD_STOP, "Stop", Privilege.OPERATE),
                    CommandSpec.of(CMD_MOVE_TO_LEVEL_WITH_ON_OFF, "MoveToLevelWithOnOff", Privilege.OPERATE),
                    CommandSpec.of(CMD_MOVE_WITH_ON_OFF, "MoveWithOnOff", Privilege.OPERATE),
                    CommandSpec.of(CMD_STEP_WITH_ON_OFF, "StepWithOnOff", Privilege.OPERATE),
                    CommandSpec.of(CMD_STOP_WITH_ON_OFF, "StopWithOnOff", Privilege.OPERATE))
            .build();

    // ---- Color Control 0x0300, revision 7 ----
    public static final long COLOR_CONTROL = 0x0300;
    public static final long COLOR_REMAINING_TIME = 0x0002;
    public static final long COLOR_CURRENT_X = 0x0003;
    public static final long COLOR_CURRENT_Y = 0x0004;
    public static final long COLOR_TEMPERATURE_MIREDS = 0x0007;
    public static final long COLOR_MODE = 0x0008;
    public static final long COLOR_OPTIONS = 0x000F;
    public static final long COLOR_NUMBER_OF_PRIMARIES = 0x0010;
    public static final long COLOR_ENHANCED_COLOR_MODE = 0x4001;
    public static final long COLOR_CAPABILITIES = 0x400A;
    public static final long COLOR_TEMP_PHYSICAL_MIN = 0x400B;
    public static final long COLOR_TEMP_PHYSICAL_MAX = 0x400C;
    public static final long COLOR_COUPLE_TEMP_TO_LEVEL_MIN = 0x400D;
    public static final long COLOR_START_UP_TEMPERATURE = 0x4010;
    public static final long CMD_MOVE_TO_COLOR = 0x07;
    public static final long CMD_MOVE_COLOR = 0x08;
    public static final long CMD_STEP_COLOR = 0x09;
    public static final long CMD_MOVE_TO_COLOR_TEMPERATURE = 0x0A;
    public static final long CMD_STOP_MOVE_STEP = 0x47;
    public static final long CMD_MOVE_COLOR_TEMPERATURE = 0x4B;
    public static final long CMD_STEP_COLOR_TEMPERATURE = 0x4C;
    /** Feature bits: XY (bit 3), ColorTemperature (bit 4). */
    public static final long COLOR_FEATURE_XY = 0x08;
    public static final long COLOR_FEATURE_CT = 0x10;

    /** Color Control with the XY and/or ColorTemperature features. */
    public static ClusterSpec colorControl(boolean xy, boolean temperature) {
        ClusterSpec.Builder builder = ClusterSpec.builder(COLOR_CONTROL, "ColorControl", 7)
                .features((xy ? COLOR_FEATURE_XY : 0) | (temperature ? COLOR_FEATURE_CT : 0))
                .attributes(AttributeSpec.of(COLOR_REMAINING_TIME, "RemainingTime", UINT16),
                        AttributeSpec.of(COLOR_MODE, "ColorMode", ENUM8),
                        AttributeSpec.of(COLOR_OPTIONS, "Options", BITMAP8).writable(Privilege.OPERATE),
                        AttributeSpec.of(COLOR_NUMBER_OF_PRIMARIES, "NumberOfPrimaries", UINT8).nullable().fixed(),
                        AttributeSpec.of(COLOR_ENHANCED_COLOR_MODE, "EnhancedColorMode", ENUM8),
                        AttributeSpec.of(COLOR_CAPABILITIES, "ColorCapabilities", BITMAP16))
                .commands(CommandSpec.of(CMD_STOP_MOVE_STEP, "StopMoveStep", Privilege.OPERATE));
        if (xy) {
            builder.attributes(AttributeSpec.of(COLOR_CURRENT_X, "CurrentX", UINT16),
                    AttributeSpec.of(COLOR_CURRENT_Y, "CurrentY", UINT16))
                    .commands(CommandSpec.of(CMD_MOVE_TO_COLOR, "MoveToColor", Privilege.OPERATE),
                            CommandSpec.of(CMD_MOVE_COLOR, "MoveColor", Privilege.OPERATE),
                            CommandSpec.of(CMD_STEP_COLOR, "StepColor", Privilege.OPERATE));
        }
        if (temperature) {
            builder.attributes(AttributeSpec.of(COLOR_TEMPERATURE_MIREDS, "ColorTemperatureMireds", UINT16),
                    AttributeSpec.of(COLOR_TEMP_PHYSICAL_MIN, "ColorTempPhysicalMinMireds", UINT16),
                    AttributeSpec.of(COLOR_TEMP_PHYSICAL_MAX, "ColorTempPhysicalMaxMireds", UINT16),
                    AttributeSpec.of(COLOR_COUPLE_TEMP_TO_LEVEL_MIN, "CoupleColorTempToLevelMinMireds", UINT16),
                    AttributeSpec.of(COLOR_START_UP_TEMPERATURE, "StartUpColorTemperatureMireds", UINT16)
                            .nullable().writable(Privilege.MANAGE))
                    .commands(CommandSpec.of(CMD_MOVE_TO_COLOR_TEMPERATURE, "MoveToColorTemperature",
                                    Privilege.OPERATE),
                            CommandSpec.of(CMD_MOVE_COLOR_TEMPERATURE, "MoveColorTemperature", Privilege.OPERATE),
                            CommandSpec.of(CMD_STEP_COLOR_TEMPERATURE, "StepColorTemperature", Privilege.OPERATE));
        }
        return builder.build();
    }

    // ---- Scenes Management 0x0062, revision 1 (Matter 1.3+), feature SceneNames (bit 0) ----
    public static final long SCENES_MANAGEMENT = 0x0062;
    public static final long SCENES_SCENE_TABLE_SIZE = 0x0001;
    public static final long SCENES_FABRIC_SCENE_INFO = 0x0002;
    public static final long CMD_ADD_SCENE = 0x00;
    public static final long CMD_VIEW_SCENE = 0x01;
    public static final long CMD_REMOVE_SCENE = 0x02;
    public static final long CMD_REMOVE_ALL_SCENES = 0x03;
    public static final long CMD_STORE_SCENE = 0x04;
    public static final long CMD_RECALL_SCENE = 0x05;
    public static final long CMD_GET_SCENE_MEMBERSHIP = 0x06;
    /** Feature SceneNames: scene names are kept and shown by ViewScene. */
    public static final long SCENES_FEATURE_SCENE_NAMES = 0x1;

    /**
     * Scenes Management with SceneNames; every command fabric-scoped, each answered by the response command of the
     * same id except RecallScene (a status). CopyScene (optional) is not offered.
     */
    public static final ClusterSpec SCENES_MANAGEMENT_SPEC = ClusterSpec.builder(SCENES_MANAGEMENT,
                    "ScenesManagement", 1)
            .features(SCENES_FEATURE_SCENE_NAMES)
            .attributes(AttributeSpec.of(SCENES_SCENE_TABLE_SIZE, "SceneTableSize", UINT16).fixed(),
                    // CurrentScene, CurrentGroup and SceneValid are fabric-sensitive (access S).
                    AttributeSpec.of(SCENES_FABRIC_SCENE_INFO, "FabricSceneInfo", STRUCT).fabricScoped()
                            .sensitiveFields(1, 2, 3))
            .commands(CommandSpec.withResponse(CMD_ADD_SCENE, "AddScene", CMD_ADD_SCENE, Privilege.MANAGE)
                            .fabricScopedInvoke(),
                    CommandSpec.withResponse(CMD_VIEW_SCENE, "ViewScene", CMD_VIEW_SCENE, Privilege.OPERATE)
                            .fabricScopedInvoke(),
                    CommandSpec.withResponse(CMD_REMOVE_SCENE, "RemoveScene", CMD_REMOVE_SCENE, Privilege.MANAGE)
                            .fabricScopedInvoke(),
                    CommandSpec.withResponse(CMD_REMOVE_ALL_SCENES, "RemoveAllScenes", CMD_REMOVE_ALL_SCENES,
                            Privilege.MANAGE).fabricScopedInvoke(),
                    CommandSpec.withResponse(CMD_STORE_SCENE, "StoreScene", CMD_STORE_SCENE, Privilege.MANAGE)
                            .fabricScopedInvoke(),
                    CommandSpec.of(CMD_RECALL_SCENE, "RecallScene", Privilege.OPERATE).fabricScopedInvoke(),
                    CommandSpec.withResponse(CMD_GET_SCENE_MEMBERSHIP, "GetSceneMembership",
                            CMD_GET_SCENE_MEMBERSHIP, Privilege.OPERATE).fabricScopedInvoke())
            .build();

    // ---- Boolean State 0x0045, revision 1 ----
    public static final long BOOLEAN_STATE = 0x0045;
    public static final long BOOLEAN_STATE_VALUE = 0x0000;
    public static final long BOOLEAN_EVENT_STATE_CHANGE = 0x00;
    public static final ClusterSpec BOOLEAN_STATE_SPEC = ClusterSpec.builder(BOOLEAN_STATE, "BooleanState", 1)
            .attributes(AttributeSpec.of(BOOLEAN_STATE_VALUE, "StateValue", BOOLEAN))
            .events(EventSpec.of(BOOLEAN_EVENT_STATE_CHANGE, "StateChange", 1))
            .build();

    // ---- Occupancy Sensing 0x0406, revision 5, feature PassiveInfrared (bit 0) ----
    public static final long OCCUPANCY_SENSING = 0x0406;
    public static final ClusterSpec OCCUPANCY_SPEC = ClusterSpec.builder(OCCUPANCY_SENSING, "OccupancySensing", 5)
            .features(0x1)
            .attributes(AttributeSpec.of(0x0000, "Occupancy", BITMAP8),
                    AttributeSpec.of(0x0001, "OccupancySensorType", ENUM8).fixed(),
                    AttributeSpec.of(0x0002, "OccupancySensorTypeBitmap", BITMAP8).fixed())
            .build();

    // ---- measurement clusters: MeasuredValue 0, MinMeasuredValue 1, MaxMeasuredValue 2 ----
    public static final long TEMPERATURE_MEASUREMENT = 0x0402;
    public static final long PRESSURE_MEASUREMENT = 0x0403;
    public static final long HUMIDITY_MEASUREMENT = 0x0405;
    public static final long ILLUMINANCE_MEASUREMENT = 0x0400;
    public static final long MEASURED_VALUE = 0x0000;

    public static final ClusterSpec TEMPERATURE_SPEC = measurement(TEMPERATURE_MEASUREMENT, "TemperatureMeasurement",
            4, INT16);
    public static final ClusterSpec HUMIDITY_SPEC = measurement(HUMIDITY_MEASUREMENT,
            "RelativeHumidityMeasurement", 3, UINT16);
    public static final ClusterSpec PRESSURE_SPEC = measurement(PRESSURE_MEASUREMENT, "PressureMeasurement", 3, INT16);
    public static final ClusterSpec ILLUMINANCE_SPEC = measurement(ILLUMINANCE_MEASUREMENT,
            "IlluminanceMeasurement", 3, UINT16);

    private static ClusterSpec measurement(long id, String name, int revision,
                                           org.cpebridge.matter.cluster.DataType type) {
        return ClusterSpec.builder(id, name, revision)
                .attributes(AttributeSpec.of(0x0000, "MeasuredValue", type).nullable(),
                        AttributeSpec.of(0x0001, "MinMeasuredValue", type).nullable(),
                        AttributeSpec.of(0x0002, "MaxMeasuredValue", type).nullable())
                .build();
    }

    // ---- Thermostat 0x0201, revision 7, feature Heating (bit 0) ----
    public static final long THERMOSTAT_CLUSTER = 0x0201;
    public static final long TSTAT_LOCAL_TEMPERATURE = 0x0000;
    public static final long TSTAT_ABS_MIN_HEAT = 0x0003;
    public static final long TSTAT_ABS_MAX_HEAT = 0x0004;
    public static final long TSTAT_OCCUPIED_HEATING_SETPOINT = 0x0012;
    public static final long TSTAT_MIN_HEAT_LIMIT = 0x0015;
    public static final long TSTAT_MAX_HEAT_LIMIT = 0x0016;
    public static final long TSTAT_CONTROL_SEQUENCE = 0x001B;
    public static final long TSTAT_SYSTEM_MODE = 0x001C;
    public static final long CMD_SETPOINT_RAISE_LOWER = 0x00;
    public static final ClusterSpec THERMOSTAT_SPEC = ClusterSpec.builder(THERMOSTAT_CLUSTER, "Thermostat", 7)
            .features(0x1)
            .attributes(AttributeSpec.of(TSTAT_LOCAL_TEMPERATURE, "LocalTemperature", INT16).nullable(),
                    AttributeSpec.of(TSTAT_ABS_MIN_HEAT, "AbsMinHeatSetpointLimit", INT16).fixed(),
                    AttributeSpec.of(TSTAT_ABS_MAX_HEAT, "AbsMaxHeatSetpointLimit", INT16).fixed(),
                    AttributeSpec.of(TSTAT_OCCUPIED_HEATING_SETPOINT, "OccupiedHeatingSetpoint", INT16)
                            .writable(Privilege.OPERATE),
                    AttributeSpec.of(TSTAT_MIN_HEAT_LIMIT, "MinHeatSetpointLimit", INT16),
                    AttributeSpec.of(TSTAT_MAX_HEAT_LIMIT, "MaxHeatSetpointLimit", INT16),
                    AttributeSpec.of(TSTAT_CONTROL_SEQUENCE, "ControlSequenceOfOperation", ENUM8),
                    AttributeSpec.of(TSTAT_SYSTEM_MODE, "SystemMode", ENUM8).writable(Privilege.MANAGE))
            .commands(CommandSpec.of(CMD_SETPOINT_RAISE_LOWER, "SetpointRaiseLower", Privilege.OPERATE))
            .build();

    // ---- Power Source 0x002F, revision 3, feature Battery (bit 1) ----
    public static final long POWER_SOURCE_CLUSTER = 0x002F;
    public static final long PS_STATUS = 0x0000;
    public static final long PS_ORDER = 0x0001;
    public static final long PS_DESCRIPTION = 0x0002;
    public static final long PS_BAT_PERCENT_REMAINING = 0x000C;
    public static final long PS_BAT_CHARGE_LEVEL = 0x000E;
    public static final long PS_BAT_REPLACEMENT_NEEDED = 0x000F;
    public static final long PS_BAT_REPLACEABILITY = 0x0010;
    public static final long PS_ENDPOINT_LIST = 0x001F;
    public static final ClusterSpec POWER_SOURCE_SPEC = ClusterSpec.builder(POWER_SOURCE_CLUSTER, "PowerSource", 3)
            .features(0x2)
            .attributes(AttributeSpec.of(PS_STATUS, "Status", ENUM8),
                    AttributeSpec.of(PS_ORDER, "Order", UINT8),
                    AttributeSpec.of(PS_DESCRIPTION, "Description", STRING).fixed(),
                    AttributeSpec.of(PS_BAT_PERCENT_REMAINING, "BatPercentRemaining", UINT8).nullable(),
                    AttributeSpec.of(PS_BAT_CHARGE_LEVEL, "BatChargeLevel", ENUM8),
                    AttributeSpec.of(PS_BAT_REPLACEMENT_NEEDED, "BatReplacementNeeded", BOOLEAN),
                    AttributeSpec.of(PS_BAT_REPLACEABILITY, "BatReplaceability", ENUM8).fixed(),
                    AttributeSpec.of(PS_ENDPOINT_LIST, "EndpointList", ENDPOINT_NUMBER).list())
            .build();

    // ---- Switch 0x003B, revision 2, features MomentarySwitch (bit 1) and MomentarySwitchRelease (bit 2) ----
    public static final long SWITCH = 0x003B;
    public static final long SWITCH_EVENT_INITIAL_PRESS = 0x01;
    public static final long SWITCH_EVENT_SHORT_RELEASE = 0x03;
    public static final ClusterSpec SWITCH_SPEC = ClusterSpec.builder(SWITCH, "Switch", 2).features(0x6)
            .attributes(AttributeSpec.of(0x0000, "NumberOfPositions", UINT8).fixed(),
                    AttributeSpec.of(0x0001, "CurrentPosition", UINT8))
            .events(EventSpec.of(SWITCH_EVENT_INITIAL_PRESS, "InitialPress", 1),
                    EventSpec.of(SWITCH_EVENT_SHORT_RELEASE, "ShortRelease", 1))
            .build();

    // ---- Smoke CO Alarm 0x005C, revision 1, feature SmokeAlarm (bit 0) ----
    public static final long SMOKE_CO_ALARM_CLUSTER = 0x005C;
    public static final long SMOKE_EXPRESSED_STATE = 0x0000;
    public static final long SMOKE_SMOKE_STATE = 0x0001;
    public static final long SMOKE_BATTERY_ALERT = 0x0003;
    public static final long SMOKE_TEST_IN_PROGRESS = 0x0005;
    public static final long SMOKE_HARDWARE_FAULT_ALERT = 0x0006;
    public static final long SMOKE_END_OF_SERVICE_ALERT = 0x0007;
    public static final long SMOKE_EVENT_SMOKE_ALARM = 0x00;
    public static final long SMOKE_EVENT_ALL_CLEAR = 0x0A;
    public static final ClusterSpec SMOKE_CO_ALARM_SPEC = ClusterSpec.builder(SMOKE_CO_ALARM_CLUSTER,
                    "SmokeCoAlarm", 1).features(0x1)
            .attributes(AttributeSpec.of(SMOKE_EXPRESSED_STATE, "ExpressedState", ENUM8),
                    AttributeSpec.of(SMOKE_SMOKE_STATE, "SmokeState", ENUM8),
                    AttributeSpec.of(SMOKE_BATTERY_ALERT, "BatteryAlert", ENUM8),
                    AttributeSpec.of(SMOKE_TEST_IN_PROGRESS, "TestInProgress", BOOLEAN),
                    AttributeSpec.of(SMOKE_HARDWARE_FAULT_ALERT, "HardwareFaultAlert", BOOLEAN),
                    AttributeSpec.of(SMOKE_END_OF_SERVICE_ALERT, "EndOfServiceAlert", ENUM8))
            .events(EventSpec.of(SMOKE_EVENT_SMOKE_ALARM, "SmokeAlarm", 2),
                    EventSpec.of(SMOKE_EVENT_ALL_CLEAR, "AllClear", 1))
            .build();

    // ---- Window Covering 0x0102, revision 5, features Lift (bit 0) and PositionAwareLift (bit 2) ----
    public static final long WINDOW_COVERING_CLUSTER = 0x0102;
    public static final long WC_TYPE = 0x0000;
    public static final long WC_CONFIG_STATUS = 0x0007;
    public static final long WC_OPERATIONAL_STATUS = 0x000A;
    public static final long WC_TARGET_LIFT_100THS = 0x000B;
    public static final long WC_END_PRODUCT_TYPE = 0x000D;
    public static final long WC_CURRENT_LIFT_100THS = 0x000E;
    public static final long WC_MODE = 0x0017;
    public static final long CMD_UP_OR_OPEN = 0x00;
    public static final long CMD_DOWN_OR_CLOSE = 0x01;
    public static final long CMD_STOP_MOTION = 0x02;
    public static final long CMD_GO_TO_LIFT_PERCENTAGE = 0x05;
    public static final ClusterSpec WINDOW_COVERING_SPEC = ClusterSpec.builder(WINDOW_COVERING_CLUSTER,
                    "WindowCovering", 5).features(0x5)
            .attributes(AttributeSpec.of(WC_TYPE, "Type", ENUM8).fixed(),
                    AttributeSpec.of(WC_CONFIG_STATUS, "ConfigStatus", BITMAP8),
                    AttributeSpec.of(WC_OPERATIONAL_STATUS, "OperationalStatus", BITMAP8),
                    AttributeSpec.of(WC_TARGET_LIFT_100THS, "TargetPositionLiftPercent100ths", UINT16).nullable(),
                    AttributeSpec.of(WC_END_PRODUCT_TYPE, "EndProductType", ENUM8).fixed(),
                    AttributeSpec.of(WC_CURRENT_LIFT_100THS, "CurrentPositionLiftPercent100ths", UINT16)
                            .nullable(),
                    AttributeSpec.of(WC_MODE, "Mode", BITMAP8).writable(Privilege.MANAGE))
            .commands(CommandSpec.of(CMD_UP_OR_OPEN, "UpOrOpen", Privilege.OPERATE),
                    CommandSpec.of(CMD_DOWN_OR_CLOSE, "DownOrClose", Privilege.OPERATE),
                    CommandSpec.of(CMD_STOP_MOTION, "StopMotion", Privilege.OPERATE),
                    CommandSpec.of(CMD_GO_TO_LIFT_PERCENTAGE, "GoToLiftPercentage", Privilege.OPERATE))
            .build();

    // ---- Power Topology 0x009C, revision 1, feature NodeTopology (bit 0): the endpoint measures its own node ----
    public static final long POWER_TOPOLOGY = 0x009C;
    public static final ClusterSpec POWER_TOPOLOGY_SPEC = ClusterSpec.builder(POWER_TOPOLOGY, "PowerTopology", 1)
            .features(0x1).build();

    // ---- Electrical Power Measurement 0x0090, revision 1, feature AlternatingCurrent (bit 1) ----
    public static final long ELECTRICAL_POWER_MEASUREMENT = 0x0090;
    public static final long EPM_POWER_MODE = 0x0000;
    public static final long EPM_NUMBER_OF_MEASUREMENT_TYPES = 0x0001;
    public static final long EPM_ACCURACY = 0x0002;
    public static final long EPM_VOLTAGE = 0x0004;
    public static final long EPM_ACTIVE_CURRENT = 0x0005;
    public static final long EPM_ACTIVE_POWER = 0x0008;
    /** PowerModeEnum AC. */
    public static final long POWER_MODE_AC = 2;
    /** MeasurementTypeEnum values (Matter 1.4 "Measurement Type"). */
    public static final long MEASUREMENT_VOLTAGE = 1;
    public static final long MEASUREMENT_ACTIVE_CURRENT = 2;
    public static final long MEASUREMENT_ACTIVE_POWER = 5;
    public static final long MEASUREMENT_ELECTRICAL_ENERGY = 14;

    /** EPM with Voltage and ActiveCurrent when the device measures them (ActivePower is mandatory). */
    public static ClusterSpec electricalPowerMeasurement(boolean voltage, boolean current) {
        ClusterSpec.Builder builder = ClusterSpec.builder(ELECTRICAL_POWER_MEASUREMENT, "ElectricalPowerMeasurement", 1)
                .features(0x2)
                .attributes(AttributeSpec.of(EPM_POWER_MODE, "PowerMode", ENUM8),
                        AttributeSpec.of(EPM_NUMBER_OF_MEASUREMENT_TYPES, "NumberOfMeasurementTypes", UINT8).fixed(),
                        AttributeSpec.of(EPM_ACCURACY, "Accuracy", STRUCT).list().fixed(),
                        AttributeSpec.of(EPM_ACTIVE_POWER, "ActivePower", INT64).nullable());
        if (voltage) {
            builder.attributes(AttributeSpec.of(EPM_VOLTAGE, "Voltage", INT64).nullable());
        }
        if (current) {
            builder.attributes(AttributeSpec.of(EPM_ACTIVE_CURRENT, "ActiveCurrent", INT64).nullable());
        }
        return builder.build();
    }

    // ---- Electrical Energy Measurement 0x0091, revision 1, features ImportedEnergy (bit 0), CumulativeEnergy (2) ----
    public static final long ELECTRICAL_ENERGY_MEASUREMENT = 0x0091;
    public static final long EEM_ACCURACY = 0x0000;
    public static final long EEM_CUMULATIVE_ENERGY_IMPORTED = 0x0001;
    public static final long EEM_EVENT_CUMULATIVE_ENERGY_MEASURED = 0x00;
    public static final ClusterSpec ELECTRICAL_ENERGY_MEASUREMENT_SPEC = ClusterSpec.builder(
                    ELECTRICAL_ENERGY_MEASUREMENT, "ElectricalEnergyMeasurement", 1)
            .features(0x5)
            .attributes(AttributeSpec.of(EEM_ACCURACY, "Accuracy", STRUCT).fixed(),
                    AttributeSpec.of(EEM_CUMULATIVE_ENERGY_IMPORTED, "CumulativeEnergyImported", STRUCT).nullable())
            .events(EventSpec.of(EEM_EVENT_CUMULATIVE_ENERGY_MEASURED, "CumulativeEnergyMeasured", 1))
            .build();
}
