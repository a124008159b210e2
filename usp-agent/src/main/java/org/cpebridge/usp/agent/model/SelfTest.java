package org.cpebridge.usp.agent.model;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.cpebridge.core.model.Device;
import org.cpebridge.core.model.RadioNetwork;
import org.cpebridge.core.registry.DeviceRegistry;
import org.cpebridge.core.store.DurableStore;
import org.cpebridge.core.store.StoredRecord;

/**
 * {@code Device.SelfTestDiagnostics()} (TR-181: asynchronous, output {@code Results}, vendor-specific): what an ISP
 * asks a router that seems unwell. Checks that the durable store writes, reads back and deletes a probe record (the
 * fsyncs run on a worker, not on the agent's thread), counts devices and unreachable ones, and reports each radio
 * network and the MQTT client. A failed check is reported in Results; the diagnostic itself still completes.
 */
public final class SelfTest {
    static final String PROBE = "usp/self-test";

    private final DurableStore store;
    private final DeviceRegistry registry;
    private final MqttClientState mqtt;
    private final Executor worker;
    private final Clock clock;

    /** @param worker where the store probe runs (the face context's shared pool) */
    public SelfTest(DurableStore store, DeviceRegistry registry, MqttClientState mqtt, Executor worker, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.mqtt = Objects.requireNonNull(mqtt, "mqtt");
        this.worker = Objects.requireNonNull(worker, "worker");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Starts the checks; call on the agent's executor (it reads the MQTT client's state there). */
    public CompletionStage<Map<String, String>> run() {
        String mqttStatus = "mqtt " + mqtt.status();
        return CompletableFuture.supplyAsync(() -> {
            List<String> results = new ArrayList<>();
            results.add(probeStore());
            List<Device> devices = registry.devices();
            long unreachable = devices.stream().filter(d -> !d.reachable()).count();
            results.add("devices " + devices.size() + " (" + unreachable + " unreachable)");
            registry.networks().values().stream().sorted((a, b) -> a.adapterId().compareTo(b.adapterId()))
                    .forEach(n -> results.add(n.technology() + " " + (n.up() ? "Up" : "Down") + " "
                            + n.nodes().stream().filter(RadioNetwork.Node::active).count() + "/" + n.nodes().size()
                            + " active"));
            results.add(mqttStatus);
            return Map.of("Results", String.join("; ", results));
        }, worker);
    }

    private String probeStore() {
        byte[] probe = ("self-test " + clock.instant()).getBytes(StandardCharsets.UTF_8);
        try {
            store.write(PROBE, 1, probe);
            byte[] back = store.read(PROBE).map(StoredRecord::payload).orElse(new byte[0]);
            store.delete(PROBE);
            return Arrays.equals(probe, back) ? "store ok" : "store FAILED: read back differs";
        } catch (RuntimeException e) {
            return "store FAILED: " + e.getMessage();
        }
    }
}
