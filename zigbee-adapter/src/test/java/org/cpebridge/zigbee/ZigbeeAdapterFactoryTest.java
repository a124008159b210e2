package org.cpebridge.zigbee;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.cpebridge.core.config.Config;
import org.cpebridge.core.config.ConfigException;
import org.cpebridge.core.config.ConfigSchema;
import org.cpebridge.core.spi.Adapter;
import org.cpebridge.core.spi.AdapterFactory;
import org.cpebridge.mqtt.link.MqttProtocol;
import org.cpebridge.zigbee.sim.SimModels;
import org.cpebridge.zigbee.sim.Z2mSimulator;
import org.junit.jupiter.api.Test;

class ZigbeeAdapterFactoryTest {

    @Test
    void foundByServiceLoaderWithItsKeys() {
        AdapterFactory factory = ServiceLoader.load(AdapterFactory.class).stream().map(ServiceLoader.Provider::get)
                .filter(f -> f.id().equals("zigbee")).findFirst().orElseThrow();
        assertTrue(factory.enabledByDefault());
        assertTrue(factory.configKeys().stream().allMatch(k -> k.name().startsWith("zigbee.")));
        Config defaults = Config.defaults(new ConfigSchema().addAll(factory.configKeys()));
        ZigbeeSettings settings = ZigbeeSettings.from(defaults);
        assertEquals("tcp://127.0.0.1:1883", settings.mqttUrl());
        assertEquals("zigbee2mqtt", settings.baseTopic());
        assertEquals(MqttProtocol.AUTO, settings.protocol());
        assertEquals(Duration.ofSeconds(10), settings.commandTimeout());
        // No simulator unless asked (the key is the simulator module's; bridge-service adds it to the schema).
        assertEquals(List.of(),
                Config.defaults(new ConfigSchema().add(Z2mSimulator.DEVICES)).get(Z2mSimulator.DEVICES));
    }

    @Test
    void configValues() {
        ConfigSchema schema = new ConfigSchema().addAll(ZigbeeSettings.KEYS).add(Z2mSimulator.DEVICES);
        Config config = Config.builder(schema).set("zigbee.mqtt.protocol=v3_1_1")
                .set("zigbee.simulator.devices=hue-color:2, trv").set("zigbee.commandTimeout=2s").build();
        ZigbeeSettings settings = ZigbeeSettings.from(config);
        assertEquals(MqttProtocol.V3_1_1, settings.protocol());
        assertEquals(Map.of("hue-color", 2, "trv", 1), SimModels.parseCounts(config.get(Z2mSimulator.DEVICES)));
        assertThrows(ConfigException.class, () -> Config.builder(schema).set("zigbee.commandTimeout=1ms"));
        assertThrows(IllegalArgumentException.class, () -> SimModels.parseCounts(List.of("toaster:1")));
        assertThrows(IllegalArgumentException.class, () -> SimModels.parseCounts(List.of("trv:many")));
        assertThrows(IllegalArgumentException.class, () -> ZigbeeSettings.from(Config.builder(schema)
                .set("zigbee.baseTopic=zigbee2mqtt/#").build()));
    }

    @Test
    void badValuesStopCreationNamingTheKey() throws Exception {
        for (String[] bad : new String[][] {{"zigbee.mqtt.url", "localhost:1883"},
                {"zigbee.simulator.devices", "toaster:1"}, {"zigbee.baseTopic", "z2m/"}}) {
            try (org.cpebridge.zigbee.testing.TestContext context = new org.cpebridge.zigbee.testing.TestContext(
                    config -> config.set(bad[0], bad[1], "test"))) {
                // The adapter's keys stop its creation; the simulator's stop the simulator's, which the default run
                // (bridge-service's Simulators) makes beside the adapter.
                ConfigException e = assertThrows(ConfigException.class, () -> {
                    try (Adapter adapter = new ZigbeeAdapterFactory().create(context)) {
                        Z2mSimulator.fromConfig(context.config(), DefaultRun.broker(context), context.scheduler());
                    }
                });
                assertTrue(e.getMessage().contains(bad[0]), e.getMessage());
            }
        }
    }
}
