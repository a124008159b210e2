package org.cpebridge.zigbee.z2m;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.cpebridge.core.model.AttributeRef;
import org.cpebridge.core.model.DeviceException;
import org.cpebridge.core.model.DeviceId;
import org.cpebridge.core.model.ErrorKind;
import org.cpebridge.core.model.Value;
import org.cpebridge.core.spi.DeviceCommand;
import org.junit.jupiter.api.Test;

/** Core commands become the {@code /set} payloads of shared/reference/adapters.md C.6 (Zigbee2MQTT docs). */
class CommandMapperTest {

    private static final DeviceId ID = DeviceId.of("zigbee", "0x0017880104a1c2d3");

    private static SetRequest invoke(String key, String capability, String command, Map<String, Value> args,
                                     Map<String, Value> current) {
        return CommandMapper.map(Fixtures.mapping(key), new DeviceCommand.Invoke(ID, capability, command, args),
                (c, a) -> current.get(c + "." + a));
    }

    private static SetRequest write(String key, String capability, String attribute, Value value,
                                    Map<String, Value> current) {
        return CommandMapper.map(Fixtures.mapping(key),
                new DeviceCommand.WriteAttribute(new AttributeRef(ID, capability, attribute), value),
                (c, a) -> current.get(c + "." + a));
    }

    @Test
    void onOffAndToggle() {
        assertEquals(Map.of("state", "ON"), invoke("hue-color", "onOff", "on", Map.of(), Map.of()).payload());
        assertEquals(Map.of("state", "OFF"), invoke("ikea-plug", "onOff", "off", Map.of(), Map.of()).payload());
        SetRequest toggle = invoke("hue-color", "onOff", "toggle", Map.of(), Map.of("onOff.on", Value.of(true)));
        assertEquals(Map.of("state", "TOGGLE"), toggle.payload());
        assertEquals(List.of(new SetRequest.Expectation("onOff", "on", Value.of(false), 0)), toggle.expectations());
        assertEquals(Map.of("state_left", "ON"),
                invoke("aqara-double-switch", "onOff/left", "on", Map.of(), Map.of()).payload());
    }

    @Test
    void levelIsBrightnessOf254() {
        SetRequest half = invoke("hue-color", "level", "setLevel",
                Map.of("level", Value.of(50L), "transitionSeconds", Value.of(2.0)), Map.of());
        assertEquals(Map.of("brightness", 127L, "transition", 2.0), half.payload());
        assertEquals(Map.of("brightness", 254L), write("hue-color", "level", "level", Value.of(100L), Map.of())
                .payload());
        assertEquals(Map.of("brightness_step", -25L),
                invoke("hue-color", "level", "stepDown", Map.of(), Map.of("level.level", Value.of(60L))).payload());
    }

    @Test
    void colourCommands() {
        assertEquals(Map.of("color_temp", 250L),
                write("hue-color", "colorTemperature", "colorTemperature", Value.of(250L), Map.of()).payload());
        assertEquals(Map.of("color", Map.of("x", 0.3, "y", 0.3)), invoke("hue-color", "colorXy", "setXy",
                Map.of("x", Value.of(0.3), "y", Value.of(0.3)), Map.of()).payload());
        assertEquals(Map.of("color", Map.of("hue", 120L, "saturation", 100L)), invoke("hue-color",
                "colorHueSaturation", "setHueSaturation", Map.of("hue", Value.of(120L), "saturation",
                        Value.of(100L)), Map.of()).payload());
        assertEquals(Map.of("color", Map.of("x", 0.2, "y", 0.5)),
                write("hue-color", "colorXy", "x", Value.of(0.2), Map.of("colorXy.y", Value.of(0.5))).payload());
        DeviceException busy = assertThrows(DeviceException.class,
                () -> write("hue-color", "colorXy", "x", Value.of(0.2), Map.of()));
        assertEquals(ErrorKind.BUSY, busy.kind());
    }

    @Test
    void thermostat() {
        assertEquals(Map.of("occupied_heating_setpoint", 21.5),
                write("trv", "thermostat", "heatingSetpoint", Value.of(21.5), Map.of()).payload());
        assertEquals(Map.of("system_mode", "heat"),
                write("trv", "thermostat", "mode", Value.of("heat"), Map.of()).payload());
        assertEquals(Map.of("occupied_heating_setpoint", 35.0), invoke("trv", "thermostat", "raiseLowerSetpoint",
                Map.of("delta", Value.of(3.0)), Map.of("thermostat.heatingSetpoint", Value.of(34.0))).payload());
    }

    @Test
    void cover() {
        assertEquals(Map.of("state", "OPEN"), invoke("ikea-blind", "windowCovering", "open", Map.of(), Map.of())
                .payload());
        assertEquals(Map.of("state", "STOP"), invoke("ikea-blind", "windowCovering", "stop", Map.of(), Map.of())
                .payload());
        assertEquals(Map.of("position", 40L), invoke("ikea-blind", "windowCovering", "goToPosition",
                Map.of("position", Value.of(40L)), Map.of()).payload());
    }

    @Test
    void whatTheDeviceCannotDoIsUnsupported() {
        DeviceException e = assertThrows(DeviceException.class,
                () -> invoke("aqara-contact", "onOff", "on", Map.of(), Map.of()));
        assertEquals(ErrorKind.UNSUPPORTED, e.kind());
        DeviceException readOnly = assertThrows(DeviceException.class,
                () -> write("aqara-climate", "temperature", "temperature", Value.of(20.0), Map.of()));
        assertEquals(ErrorKind.UNSUPPORTED, readOnly.kind());
    }

    @Test
    void confirmationComparesWithTolerance() {
        SetRequest half = invoke("hue-color", "level", "setLevel", Map.of("level", Value.of(50L)), Map.of());
        DeviceMapping hue = Fixtures.mapping("hue-color");
        assertTrue(half.confirmedBy(StateMapper.map(hue, "{\"brightness\":127,\"state\":\"ON\"}", (c, a) -> null)));
        assertTrue(half.confirmedBy(StateMapper.map(hue, "{\"brightness\":129,\"state\":\"ON\"}", (c, a) -> null)));
        assertFalse(half.confirmedBy(StateMapper.map(hue, "{\"brightness\":200,\"state\":\"ON\"}", (c, a) -> null)));
        assertFalse(half.confirmedBy(StateMapper.map(hue, "{\"state\":\"ON\"}", (c, a) -> null)));
    }
}
