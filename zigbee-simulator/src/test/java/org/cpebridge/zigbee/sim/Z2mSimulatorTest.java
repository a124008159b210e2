package org.cpebridge.zigbee.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.cpebridge.core.config.Config;
import org.cpebridge.core.config.ConfigSchema;
import org.cpebridge.core.json.Json;
import org.cpebridge.core.testing.ManualClock;
import org.cpebridge.core.testing.ManualScheduler;
import org.cpebridge.mqtt.link.MqttLink;
import org.cpebridge.mqtt.link.MqttLinkSettings;
import org.cpebridge.mqtt.link.MqttProtocol;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The simulator answers like Zigbee2MQTT 2.x, checked through a fake link (no sockets). */
class Z2mSimulatorTest {

    private static final String HUE = "0x0017880104a1c2d3";
    private static final String TRV = "0x000b57fffec8d9e0";

    private final List<String[]> published = new CopyOnWriteArrayList<>();
    private MqttLink.Listener listener;
    private MqttLinkSettings linkSettings;
    private Z2mSimulator simulator;

    @BeforeEach
    void setUp() {
        simulator = new Z2mSimulator("tcp://127.0.0.1:1", "zigbee2mqtt", Map.of("hue-color", 1, "trv", 1),
                new ManualScheduler(new ManualClock()), (settings, scheduler, l) -> {
                    linkSettings = settings;
                    listener = l;
                    return new MqttLink() {
                        @Override
                        public void start() {
                        }

                        @Override
                        public void publish(String topic, byte[] payload, int qos, boolean retained) {
                            published.add(new String[] {topic, new String(payload, StandardCharsets.UTF_8),
                                    Boolean.toString(retained)});
                        }

                        @Override
                        public boolean isConnected() {
                            return true;
                        }

                        @Override
                        public void close() {
                        }

                        @Override
                        public void kill() {
                        }
                    };
                });
        simulator.start();
        listener.connected();
    }

    private void send(String subTopic, String payload) {
        listener.message("zigbee2mqtt/" + subTopic, payload.getBytes(StandardCharsets.UTF_8), false);
    }

    private String last(String subTopic) {
        for (int i = published.size() - 1; i >= 0; i--) {
            if (published.get(i)[0].equals("zigbee2mqtt/" + subTopic)) {
                return published.get(i)[1];
            }
        }
        return null;
    }

    @Test
    void manyCopiesOfOneModelGetDistinctAddresses() {
        // 300 copies once collided: the 44th plug (index 0x2b) got the fixture's own address, and index 256 wrapped.
        Z2mSimulator many = new Z2mSimulator("tcp://127.0.0.1:1", "zigbee2mqtt", Map.of("ikea-plug", 300),
                new ManualScheduler(new ManualClock()), (settings, scheduler, l) -> new MqttLink() {
                    @Override
                    public void start() {
                    }

                    @Override
                    public void publish(String topic, byte[] payload, int qos, boolean retained) {
                    }

                    @Override
                    public boolean isConnected() {
                        return false;
                    }

                    @Override
                    public void close() {
                    }

                    @Override
                    public void kill() {
                    }
                });
        List<String> addresses = many.ieeeAddresses();
        assertEquals(300, addresses.size());
        assertEquals(300, new java.util.HashSet<>(addresses).size());
        assertTrue(addresses.stream().allMatch(a -> a.matches("0x[0-9a-f]{16}")), addresses.toString());
        assertEquals("0x84fd27fffe1a2b3c", many.ieeeOf("ikea-plug", 0));
        assertEquals("0x84fd27fffe002b3c", many.ieeeOf("ikea-plug", 43));
    }

    @Test
    void startsLikeZigbee2mqtt() {
        // mqtt.js: the will and bridge/state are {"state":"offline"|"online"}, retained.
        assertEquals("zigbee2mqtt/bridge/state", linkSettings.willTopic());
        assertEquals("{\"state\":\"offline\"}", new String(linkSettings.willPayload(), StandardCharsets.UTF_8));
        assertEquals(List.of("zigbee2mqtt/bridge/state", "{\"state\":\"online\"}", "true"),
                List.of(published.get(0)));
        List<?> devices = (List<?>) Json.parse(last("bridge/devices"));
        assertEquals("Coordinator", ((Map<?, ?>) devices.get(0)).get("type"));
        assertEquals(3, devices.size());
        assertEquals("{\"state\":\"online\"}", last(HUE + "/availability"));
        // The cached state, keys sorted as Zigbee2MQTT's stringify writes them.
        assertEquals("{\"brightness\":200,\"color\":{\"hue\":35,\"saturation\":76,\"x\":0.4575,\"y\":0.4099},"
                + "\"color_mode\":\"color_temp\",\"color_temp\":370,\"linkquality\":144,\"state\":\"ON\"}", last(HUE));
    }

    @Test
    void setAndGet() {
        send(HUE + "/set", "{\"brightness_step\":-100}");
        assertEquals(100L, simulator.state(HUE).get("brightness"));
        send(HUE + "/set", "{\"color\":{\"x\":0.3,\"y\":0.31}}");
        Map<?, ?> color = (Map<?, ?>) simulator.state(HUE).get("color");
        assertEquals(0.3, color.get("x"));
        assertEquals(35L, color.get("hue"), "the other colour space is kept");
        assertEquals("xy", simulator.state(HUE).get("color_mode"));
        send(HUE + "/set", "{\"state\":\"TOGGLE\"}");
        assertEquals("OFF", simulator.state(HUE).get("state"));
        send(HUE + "/set/state", "ON");
        assertEquals("ON", simulator.state(HUE).get("state"));
        send(TRV + "/set", "{\"occupied_heating_setpoint\":50}");
        assertEquals(35L, simulator.state(TRV).get("occupied_heating_setpoint"), "clamped to value_max");
        int before = published.size();
        send(TRV + "/set", "{\"local_temperature\":30}");
        assertEquals(before, published.size(), "a read-only property is not set and nothing is published");
        send(TRV + "/get", "{\"local_temperature\":\"\"}");
        assertTrue(last(TRV).contains("\"local_temperature\":19.5"));
    }

    @Test
    void permitJoinAnswersInTheV2Format() {
        send("bridge/request/permit_join", "{\"time\":60,\"transaction\":\"t1\"}");
        assertEquals("{\"data\":{\"time\":60},\"status\":\"ok\",\"transaction\":\"t1\"}",
                last("bridge/response/permit_join"));
        assertTrue(last("bridge/info").contains("\"permit_join\":true"));
        // Zigbee2MQTT 2.x requires "time"; the 1.x {"value":true} fails.
        send("bridge/request/permit_join", "{\"value\":true,\"transaction\":\"t2\"}");
        assertEquals("{\"data\":{},\"error\":\"Invalid payload\",\"status\":\"error\",\"transaction\":\"t2\"}",
                last("bridge/response/permit_join"));
    }

    @Test
    void leaveAndOffline() {
        simulator.leave(HUE);
        assertEquals("{\"data\":{\"friendly_name\":\"" + HUE + "\",\"ieee_address\":\"" + HUE
                + "\"},\"type\":\"device_leave\"}", last("bridge/event"));
        assertEquals(2, ((List<?>) Json.parse(last("bridge/devices"))).size());
        simulator.goOffline();
        assertEquals("{\"state\":\"offline\"}", last("bridge/state"));
        int before = published.size();
        send(TRV + "/get", "{\"state\":\"\"}");
        assertEquals(before, published.size(), "an offline Zigbee2MQTT answers nothing");
    }

    @Test
    void noDevicesConfiguredMeansNoSimulator() {
        Config none = Config.defaults(new ConfigSchema().add(Z2mSimulator.DEVICES));
        Z2mSimulator.Broker broker = new Z2mSimulator.Broker("tcp://127.0.0.1:1", "zigbee2mqtt",
                MqttProtocol.AUTO, "", "", 30);
        assertTrue(Z2mSimulator.fromConfig(none, broker, new ManualScheduler(new ManualClock())).isEmpty(),
                "the module's own default runs no simulator");
    }
}
