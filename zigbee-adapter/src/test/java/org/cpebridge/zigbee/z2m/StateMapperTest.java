package org.cpebridge.zigbee.z2m;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.cpebridge.core.model.Value;
import org.cpebridge.zigbee.z2m.StateReport.AttributeUpdate;
import org.cpebridge.zigbee.z2m.StateReport.EventOccurrence;
import org.junit.jupiter.api.Test;

/**
 * State payloads as Zigbee2MQTT 2.x publishes them on {@code <base>/<friendly_name>}: keys sorted by its
 * {@code util/stringify}, the whole cached state each time, {@code linkquality} always included. The examples are
 * those of shared/reference/adapters.md C.6 (Zigbee2MQTT docs "MQTT topics and messages" and the converters'
 * {@code fromZigbee} output for these models).
 */
class StateMapperTest {

    private static final Map<String, Value> NONE = Map.of();

    private static Map<String, Value> values(StateReport report) {
        Map<String, Value> values = new HashMap<>();
        for (AttributeUpdate update : report.updates()) {
            values.put(update.capability() + "." + update.attribute(), update.value());
        }
        return values;
    }

    private static StateReport map(String key, String payload, Map<String, Value> previous) {
        return StateMapper.map(Fixtures.mapping(key), payload, (c, a) -> previous.get(c + "." + a));
    }

    @Test
    void hueLightState() {
        // adapters.md C.6, first line: a Hue bulb in colour-temperature mode.
        StateReport report = map("hue-color", "{\"brightness\":200,\"color\":{\"x\":0.4575,\"y\":0.4099,"
                + "\"hue\":35,\"saturation\":76},\"color_mode\":\"color_temp\",\"color_temp\":370,"
                + "\"linkquality\":144,\"state\":\"ON\"}", NONE);
        Map<String, Value> values = values(report);
        assertEquals(Value.of(true), values.get("onOff.on"));
        // brightness 200 of 254 = 78.7 % -> 79
        assertEquals(Value.of(79L), values.get("level.level"));
        assertEquals(Value.of(370L), values.get("colorTemperature.colorTemperature"));
        assertEquals(Value.of(0.4575), values.get("colorXy.x"));
        assertEquals(Value.of(0.4099), values.get("colorXy.y"));
        assertEquals(Value.of(35L), values.get("colorHueSaturation.hue"));
        assertEquals(Value.of(76L), values.get("colorHueSaturation.saturation"));
        assertEquals(Value.of(144L), values.get("linkQuality.linkQuality"));
        assertEquals(List.of(), report.events());
    }

    @Test
    void plugState() {
        // adapters.md C.6, second line: a metering plug.
        Map<String, Value> values = values(map("ikea-plug",
                "{\"current\":0.19,\"energy\":12.43,\"linkquality\":120,\"power\":42.5,\"state\":\"ON\","
                        + "\"voltage\":231}", NONE));
        assertEquals(Value.of(true), values.get("onOff.on"));
        assertEquals(Value.of(42.5), values.get("electricalPower.power"));
        assertEquals(Value.of(231.0), values.get("electricalPower.voltage"));
        assertEquals(Value.of(0.19), values.get("electricalPower.current"));
        assertEquals(Value.of(12.43), values.get("energy.energy"));
    }

    @Test
    void contactTrueMeansClosedAndChangesFireEvents() {
        // adapters.md C.6, third line: MCCGQ11LM closed ("contact": true).
        String closed = "{\"battery\":100,\"contact\":true,\"device_temperature\":24,\"linkquality\":87,"
                + "\"power_outage_count\":3,\"trigger_count\":0,\"voltage\":3035}";
        String open = closed.replace("\"contact\":true", "\"contact\":false");
        StateReport first = map("aqara-contact", closed, NONE);
        assertEquals(Value.of(false), values(first).get("contact.open"));
        assertEquals(Value.of(100L), values(first).get("battery.batteryLevel"));
        assertEquals(List.of(), first.events(), "no event without a previous value");
        StateReport opened = map("aqara-contact", open, Map.of("contact.open", Value.of(false)));
        assertEquals(Value.of(true), values(opened).get("contact.open"));
        assertEquals(List.of(new EventOccurrence("contact", "opened", Map.of())), opened.events());
        StateReport again = map("aqara-contact", closed, Map.of("contact.open", Value.of(true)));
        assertEquals(List.of(new EventOccurrence("contact", "closed", Map.of())), again.events());
        assertEquals(List.of(), map("aqara-contact", closed, Map.of("contact.open", Value.of(false))).events());
    }

    @Test
    void weatherSensorState() {
        // adapters.md C.6, fourth line: WSDCGQ11LM.
        Map<String, Value> values = values(map("aqara-climate", "{\"battery\":91,\"humidity\":47.52,"
                + "\"linkquality\":102,\"pressure\":1003.4,\"temperature\":21.37,\"voltage\":2985}", NONE));
        assertEquals(Value.of(21.37), values.get("temperature.temperature"));
        assertEquals(Value.of(47.52), values.get("humidity.humidity"));
        assertEquals(Value.of(1003.4), values.get("pressure.pressure"));
        assertEquals(Value.of(91L), values.get("battery.batteryLevel"));
    }

    @Test
    void buttonActionIsAPressEvent() {
        // SNZB-01: Zigbee2MQTT 2.x publishes the action inside the state message; values single/double/long.
        StateReport report = map("sonoff-button",
                "{\"action\":\"double\",\"battery\":100,\"linkquality\":69,\"voltage\":3000}", NONE);
        assertEquals(List.of(new EventOccurrence("button", "pressed", Map.of("action", Value.of("double")))),
                report.events());
        assertEquals(List.of(), map("sonoff-button", "{\"action\":\"\",\"battery\":100}", NONE).events());
    }

    @Test
    void thermostatState() {
        // Danfoss 014G2461 state (hvacThermostat attributes as the converters name them).
        Map<String, Value> values = values(map("trv", "{\"battery\":80,\"linkquality\":63,"
                + "\"local_temperature\":19.5,\"occupied_heating_setpoint\":21,\"pi_heating_demand\":35,"
                + "\"running_state\":\"heat\",\"system_mode\":\"heat\"}", NONE));
        assertEquals(Value.of(19.5), values.get("thermostat.localTemperature"));
        assertEquals(Value.of(21.0), values.get("thermostat.heatingSetpoint"));
        assertEquals(Value.of("heat"), values.get("thermostat.mode"));
    }

    @Test
    void endpointsGoToTheirParts() {
        Map<String, Value> values = values(map("aqara-double-switch",
                "{\"linkquality\":90,\"power\":5.2,\"state_left\":\"ON\",\"state_right\":\"OFF\"}", NONE));
        assertEquals(Value.of(true), values.get("onOff/left.on"));
        assertEquals(Value.of(false), values.get("onOff/right.on"));
    }

    @Test
    void leakAndMotionAndSmokeEvents() {
        assertEquals(List.of(new EventOccurrence("waterLeak", "leakDetected", Map.of())),
                map("aqara-leak", "{\"water_leak\":true}", Map.of("waterLeak.leak", Value.of(false))).events());
        assertEquals(List.of(new EventOccurrence("occupancy", "motion", Map.of())),
                map("aqara-motion", "{\"illuminance\":12,\"occupancy\":true}",
                        Map.of("occupancy.occupied", Value.of(false))).events());
        assertEquals(Value.of(12.0), values(map("aqara-motion", "{\"illuminance\":12}", NONE))
                .get("illuminance.illuminance"));
        assertEquals(List.of(new EventOccurrence("smokeAlarm", "alarm", Map.of())),
                map("xiaomi-smoke", "{\"smoke\":true,\"tamper\":false}",
                        Map.of("smokeAlarm.smoke", Value.of(false))).events());
    }

    @Test
    void wrongTypesAndUnknownKeysAreIgnored() {
        Map<String, Value> values = values(map("ikea-plug",
                "{\"state\":42,\"power\":\"lots\",\"voltage\":230.5,\"brand_new_key\":{}}", NONE));
        assertEquals(Map.of("electricalPower.voltage", Value.of(230.5)), values);
    }

    @Test
    void malformedPayloadsAreTypedErrors() {
        DeviceMapping plug = Fixtures.mapping("ikea-plug");
        for (String bad : List.of("", "{", "[1,2]", "\"ON\"", "{\"state\":\"ON\"", "nul", "{\"a\":1}x")) {
            assertThrows(Z2mFormatException.class, () -> StateMapper.map(plug, bad, (c, a) -> null), bad);
        }
        assertTrue(StateMapper.map(plug, "{}", (c, a) -> null).updates().isEmpty());
    }
}
