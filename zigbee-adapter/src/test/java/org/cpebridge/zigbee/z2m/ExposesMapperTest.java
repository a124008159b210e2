package org.cpebridge.zigbee.z2m;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.cpebridge.core.model.AttributeSpec;
import org.cpebridge.core.model.Capability;
import org.cpebridge.core.model.CommandSpec;
import org.cpebridge.core.model.DeviceKind;
import org.cpebridge.core.model.ValueType;
import org.junit.jupiter.api.Test;

/**
 * Each model's exposes (fixtures generated from zigbee-herdsman-converters 26.105.0 in the Zigbee2MQTT 2.14.1
 * bridge/devices shape, see the SOURCES.md files) map to the expected core capabilities.
 */
class ExposesMapperTest {

    private static List<String> keys(DeviceMapping mapping) {
        return mapping.capabilities().stream().map(Capability::key).toList();
    }

    private static List<String> attributes(DeviceMapping mapping, String key) {
        return mapping.capability(key).orElseThrow().attributes().stream().map(AttributeSpec::name).toList();
    }

    private static AttributeSpec attribute(DeviceMapping mapping, String key, String name) {
        return mapping.capability(key).orElseThrow().attribute(name).orElseThrow();
    }

    private static List<String> commands(DeviceMapping mapping, String key) {
        return mapping.capability(key).orElseThrow().commands().stream().map(CommandSpec::name).toList();
    }

    @Test
    void hueColorBulbIsALightWithLevelTemperatureAndBothColorSpaces() {
        DeviceMapping hue = Fixtures.mapping("hue-color");
        assertEquals("0x0017880104a1c2d3", hue.device().ieeeAddress());
        assertEquals("Philips", hue.device().vendor());
        assertEquals("9290022166", hue.device().model());
        assertEquals(List.of("onOff", "level", "colorTemperature", "colorXy", "colorHueSaturation", "linkQuality"),
                keys(hue));
        assertEquals(List.of("on", "off", "toggle"), commands(hue, "onOff"));
        assertTrue(attribute(hue, "onOff", "on").writable());
        // color_temp: value_min 153, value_max 500 in the Hue definition.
        AttributeSpec colorTemp = attribute(hue, "colorTemperature", "colorTemperature");
        assertEquals(153.0, colorTemp.spec().min());
        assertEquals(500.0, colorTemp.spec().max());
        assertEquals(List.of("x", "y"), attributes(hue, "colorXy"));
        assertEquals(List.of("hue", "saturation"), attributes(hue, "colorHueSaturation"));
        assertFalse(attribute(hue, "linkQuality", "linkQuality").writable());
        assertEquals(List.of("color_temp_startup", "power_on_behavior", "effect", "effect_speed", "effect_color",
                "identify"), hue.skipped());
        assertTrue(hue.gettable().containsAll(List.of("state", "brightness", "color_temp", "color")));
        assertEquals(DeviceKind.LIGHT, hue.kind());
    }

    @Test
    void ikeaInspelningIsAPlugWithPowerAndEnergy() {
        DeviceMapping plug = Fixtures.mapping("ikea-plug");
        assertEquals("E22xx", plug.device().model());
        assertEquals(List.of("onOff", "electricalPower", "energy", "linkQuality"), keys(plug));
        assertEquals(List.of("power", "voltage", "current"), attributes(plug, "electricalPower"));
        assertEquals(List.of("power_on_behavior", "child_lock", "led_enable", "identify"), plug.skipped());
        assertTrue(plug.gettable().containsAll(List.of("state", "power", "voltage", "current", "energy")));
        assertEquals(DeviceKind.UNSPECIFIED, plug.kind(), "a switch expose: plug or relay, the faces infer it");
    }

    @Test
    void aqaraContactSensorIsAContactWithBatteryButNotMainsVoltage() {
        DeviceMapping contact = Fixtures.mapping("aqara-contact");
        assertEquals(List.of("battery", "contact", "linkQuality"), keys(contact));
        assertEquals(List.of("batteryLevel"), attributes(contact, "battery"));
        assertEquals(List.of("opened", "closed"),
                contact.capability("contact").orElseThrow().events().stream().map(e -> e.name()).toList());
        // voltage is the battery's, in mV: not electrical power.
        assertEquals(List.of("device_temperature", "voltage", "power_outage_count", "trigger_count", "identify"),
                contact.skipped());
    }

    @Test
    void aqaraWeatherSensorHasTemperatureHumidityAndPressure() {
        DeviceMapping climate = Fixtures.mapping("aqara-climate");
        assertEquals(List.of("battery", "temperature", "humidity", "pressure", "linkQuality"), keys(climate));
        assertEquals(List.of("voltage"), climate.skipped());
    }

    @Test
    void sonoffButtonIsAButtonWithBattery() {
        DeviceMapping button = Fixtures.mapping("sonoff-button");
        assertEquals(List.of("battery", "button", "linkQuality"), keys(button));
        assertEquals(List.of("pressed"),
                button.capability("button").orElseThrow().events().stream().map(e -> e.name()).toList());
        assertEquals(List.of("voltage"), button.skipped());
    }

    @Test
    void danfossAllyIsAThermostatWithItsOwnRangeAndModes() {
        DeviceMapping trv = Fixtures.mapping("trv");
        assertEquals(List.of("thermostat", "battery", "linkQuality"), keys(trv));
        assertEquals(List.of("localTemperature", "heatingSetpoint", "mode"), attributes(trv, "thermostat"));
        AttributeSpec setpoint = attribute(trv, "thermostat", "heatingSetpoint");
        assertTrue(setpoint.writable());
        assertEquals(5.0, setpoint.spec().min());
        assertEquals(35.0, setpoint.spec().max());
        AttributeSpec mode = attribute(trv, "thermostat", "mode");
        assertEquals(ValueType.ENUM, mode.spec().type());
        assertEquals(List.of("heat"), mode.spec().choices());
        assertEquals(List.of("raiseLowerSetpoint"), commands(trv, "thermostat"));
        assertTrue(trv.skipped().containsAll(List.of("system_status_code", "pi_heating_demand", "running_state",
                "window_open_feature")));
    }

    @Test
    void doubleRockerEndpointsBecomeParts() {
        DeviceMapping rocker = Fixtures.mapping("aqara-double-switch");
        assertEquals(List.of("onOff/left", "onOff/right", "energy", "electricalPower", "button", "linkQuality"),
                keys(rocker));
        assertEquals("state_left", rocker.binding("onOff/left", "on").orElseThrow().property());
        assertEquals("state_right", rocker.binding("onOff/right", "on").orElseThrow().property());
        assertEquals(List.of("power"), attributes(rocker, "electricalPower"));
        assertTrue(rocker.skipped().contains("operation_mode_left"));
    }

    @Test
    void blindIsAWindowCoveringWithStateCommands() {
        DeviceMapping blind = Fixtures.mapping("ikea-blind");
        assertEquals(List.of("windowCovering", "battery", "linkQuality"), keys(blind));
        assertEquals(List.of("open", "close", "stop", "goToPosition"), commands(blind, "windowCovering"));
        assertEquals(List.of("position"), attributes(blind, "windowCovering"));
    }

    @Test
    void leakMotionAndSmokeSensors() {
        DeviceMapping leak = Fixtures.mapping("aqara-leak");
        assertEquals(List.of("battery", "waterLeak", "linkQuality"), keys(leak));
        assertEquals(List.of("batteryLevel", "batteryLow"), attributes(leak, "battery"));
        DeviceMapping motion = Fixtures.mapping("aqara-motion");
        assertEquals(List.of("battery", "occupancy", "illuminance", "linkQuality"), keys(motion));
        DeviceMapping smoke = Fixtures.mapping("xiaomi-smoke");
        assertEquals(List.of("smokeAlarm", "battery", "linkQuality"), keys(smoke));
        assertEquals(List.of("smoke", "tamper"), attributes(smoke, "smokeAlarm"));
    }

    @Test
    void unsupportedDeviceHasNoCapabilities() {
        // An element as Zigbee2MQTT 2.x publishes it for a device without a definition (definition omitted).
        String json = "[{\"disabled\":false,\"endpoints\":{},\"friendly_name\":\"0x0000000000000001\","
                + "\"ieee_address\":\"0x0000000000000001\",\"interview_state\":\"SUCCESSFUL\","
                + "\"supported\":false,\"type\":\"EndDevice\"}]";
        DeviceMapping mapping = ExposesMapper.map(BridgeDevices.parse(json).get(0));
        assertEquals(List.of(), mapping.capabilities());
        assertFalse(mapping.device().definition());
    }

    @Test
    void partNamesAreSanitised() {
        assertEquals("l1", ExposesMapper.part("l1"));
        assertEquals("top_left", ExposesMapper.part("Top-Left"));
        assertEquals("abcdefghijklmnop", ExposesMapper.part("abcdefghijklmnopqrstu"));
    }
}
