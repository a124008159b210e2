package org.cpebridge.zigbee;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.TimeUnit;
import org.cpebridge.core.model.Device;
import org.cpebridge.core.model.DeviceId;
import org.cpebridge.core.spi.Adapter;
import org.cpebridge.core.spi.DeviceCommand;
import org.cpebridge.zigbee.testing.Await;
import org.cpebridge.zigbee.testing.MoquetteBroker;
import org.cpebridge.zigbee.sim.Z2mSimulator;
import org.cpebridge.zigbee.testing.TestContext;
import org.junit.jupiter.api.Test;

/**
 * The bridge's default run: beside the adapter, the simulator starts from {@code zigbee.simulator.devices} on the
 * adapter's broker, as bridge-service's {@code Simulators} does.
 */
class SimulatorFromConfigIT {

    @Test
    void theFactoryStartsTheSimulatorOnTheSameBroker() throws Exception {
        MoquetteBroker broker = new MoquetteBroker();
        broker.start();
        try (TestContext context = new TestContext(config -> config
                .set("zigbee.mqtt.url", broker.url(), "test")
                .set("zigbee.simulator.devices", "hue-color:2,ikea-plug:1,aqara-contact:1,aqara-climate:1,"
                        + "sonoff-button:1,trv:1", "test"))) {
            Adapter adapter = new ZigbeeAdapterFactory().create(context);
            Z2mSimulator simulator = Z2mSimulator.fromConfig(context.config(), DefaultRun.broker(context),
                    context.scheduler()).orElseThrow();
            simulator.start();
            adapter.start();
            try {
                Await.until("seven reachable devices", () -> context.registry().devices().stream()
                        .filter(Device::reachable).count() == 7);
                DeviceId secondHue = DeviceId.of("zigbee", "0x00178801040001d3");
                assertEquals("9290022166", context.registry().device(secondHue).orElseThrow().model());
                adapter.execute(new DeviceCommand.Invoke(secondHue, "onOff", "toggle", java.util.Map.of()))
                        .toCompletableFuture().get(30, TimeUnit.SECONDS);
            } finally {
                adapter.close();
                simulator.close();
            }
        } finally {
            broker.stop();
        }
    }
}
