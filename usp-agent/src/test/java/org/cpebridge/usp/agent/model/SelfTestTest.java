package org.cpebridge.usp.agent.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.cpebridge.core.event.EventBus;
import org.cpebridge.core.model.RadioNetwork;
import org.cpebridge.core.registry.DeviceRegistry;
import org.cpebridge.core.store.DurableStore;
import org.cpebridge.core.store.FileDurableStore;
import org.cpebridge.core.store.StoreException;
import org.cpebridge.core.store.StoredRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code Device.SelfTestDiagnostics()}'s checks and their Results text, including a store that cannot write. */
class SelfTestTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-24T03:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    private static MqttClientState mqtt() {
        return new MqttClientState(new MqttClientState.Settings("tcp://127.0.0.1:1883", "5.0", Duration.ofSeconds(60),
                Duration.ofSeconds(5), Duration.ofSeconds(30), Optional.empty(), List.of("usp/agent/t")), CLOCK);
    }

    private static String results(SelfTest test) throws Exception {
        return test.run().toCompletableFuture().get(10, TimeUnit.SECONDS).get("Results");
    }

    @Test
    void aHealthyBridgeReportsEveryCheck() throws Exception {
        FileDurableStore store = new FileDurableStore(dir);
        DeviceRegistry registry = new DeviceRegistry(new EventBus(Runnable::run), CLOCK, store);
        registry.reportNetwork(new RadioNetwork("zigbee", RadioNetwork.ZIGBEE, true, "", Map.of(), List.of(
                new RadioNetwork.Node(Optional.empty(), "0x0000000000000001", "0001", "Router", true),
                new RadioNetwork.Node(Optional.empty(), "0x0000000000000002", "0002", "EndDevice", false))));
        MqttClientState mqtt = mqtt();
        mqtt.connected();
        assertEquals("store ok; devices 0 (0 unreachable); zigbee Up 1/2 active; mqtt Connected",
                results(new SelfTest(store, registry, mqtt, Runnable::run, CLOCK)));
        assertEquals(Optional.empty(), store.read(SelfTest.PROBE), "the probe record is deleted again");
    }

    @Test
    void aStoreThatCannotWriteIsReportedNotThrown() throws Exception {
        DurableStore broken = new DurableStore() {
            @Override
            public Optional<StoredRecord> read(String name) {
                return Optional.empty();
            }

            @Override
            public void write(String name, int formatVersion, byte[] payload) {
                throw new StoreException("disk full");
            }

            @Override
            public void delete(String name) {
            }

            @Override
            public List<String> list(String prefix) {
                return List.of();
            }
        };
        DeviceRegistry registry = new DeviceRegistry(new EventBus(Runnable::run), CLOCK, broken);
        assertEquals("store FAILED: disk full; devices 0 (0 unreachable); mqtt Connecting",
                results(new SelfTest(broken, registry, mqtt(), Runnable::run, CLOCK)));
    }
}
