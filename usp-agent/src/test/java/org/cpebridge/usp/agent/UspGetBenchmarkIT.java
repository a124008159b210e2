package org.cpebridge.usp.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.cpebridge.core.model.Capability;
import org.cpebridge.core.model.CapabilityType;
import org.cpebridge.core.model.Device;
import org.cpebridge.core.model.DeviceId;
import org.cpebridge.core.model.Value;
import org.cpebridge.usp.proto.UspMsg;
import org.cpebridge.usp.testing.Msgs;
import org.cpebridge.usp.testing.PahoTestController;
import org.cpebridge.usp.testing.TestBroker;
import org.cpebridge.usp.testing.TestFaceContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures Get {@code Device.ProxiedDevice.} with 200 devices over MQTT 5 on loopback (the embedded broker in-JVM,
 * and mosquitto):
 * latency (median, p99) of one request at a time, then throughput with many in flight, and the JVM's resident
 * memory. Asserts only that every answer is complete; the figures go to the log and
 * {@code target/usp-get-benchmark.txt} (no timing asserts: the machine is shared).
 */
class UspGetBenchmarkIT {
    private static final Logger LOG = LoggerFactory.getLogger(UspGetBenchmarkIT.class);
    private static final int DEVICES = 200;
    private static final int WARMUP = 30;
    private static final int SEQUENTIAL = 200;
    private static final int BURST = 200;
    private static final int WINDOW = 8;

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(TestBroker.Kind.class)
    void getProxiedDevicesWith200Devices(TestBroker.Kind kind) throws Exception {
        try (TestBroker broker = kind.start(dir);
                TestFaceContext context = new TestFaceContext(dir.resolve("data"), Map.of(
                        "usp.mqtt.url", broker.url(), "usp.mqtt.agentTopic", "usp/agent/bench",
                        "usp.controller.endpointId", "proto::bench", "usp.controller.topic", "usp/controller/bench"))) {
            for (int i = 0; i < DEVICES; i++) {
                DeviceId id = DeviceId.of("zigbee", String.format(Locale.ROOT, "0x00124b00%08x", i));
                context.registry.register(Device.builder(id).vendor("Acme").model("Plug Z1").name("Plug " + i)
                        .capabilities(Capability.of(CapabilityType.ON_OFF), Capability.of(
                                CapabilityType.ELECTRICAL_POWER).withAttributes("power")).build());
                context.registry.updateState(id, "onOff", "on", Value.of(i % 2 == 0));
                context.registry.updateState(id, "electricalPower", "power", Value.of(i * 1.5));
            }
            UspFace face = new UspFace(context);
            face.start();
            try (PahoTestController controller = new PahoTestController(broker.url(), "proto::bench",
                    "os::000000-CPEB-TEST0001", "usp/controller/bench-reply")) {
                long deadline = System.nanoTime() + 30_000_000_000L;
                while (!face.mtpUp() && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                int responseBytes = 0;
                List<Long> latencies = new ArrayList<>();
                for (int i = 0; i < WARMUP + SEQUENTIAL; i++) {
                    long start = System.nanoTime();
                    controller.send("usp/agent/bench", Msgs.get("b" + i, "Device.ProxiedDevice."),
                            Optional.of("usp/controller/bench-reply"));
                    PahoTestController.Received answer = controller.nextMessage(30);
                    assertNotNull(answer, "no answer to request " + i);
                    long elapsed = System.nanoTime() - start;
                    UspMsg.Msg msg = PahoTestController.message(answer);
                    assertEquals("b" + i, msg.getHeader().getMsgId());
                    if (i >= WARMUP) {
                        latencies.add(elapsed);
                    } else if (i == 0) {
                        // 200 devices, each with the row, two IoTCapability rows and their class objects.
                        assertEquals(DEVICES * 5, Msgs.resolved(msg).size());
                        responseBytes = msg.getSerializedSize();
                    }
                }
                Collections.sort(latencies);
                double medianMs = latencies.get(latencies.size() / 2) / 1e6;
                double p99Ms = latencies.get((int) Math.ceil(latencies.size() * 0.99) - 1) / 1e6;

                List<Long> small = new ArrayList<>();
                for (int i = 0; i < SEQUENTIAL; i++) {
                    long start = System.nanoTime();
                    controller.send("usp/agent/bench", Msgs.get("s" + i, "Device.DeviceInfo.SerialNumber"),
                            Optional.of("usp/controller/bench-reply"));
                    assertNotNull(controller.nextMessage(30), "no answer to small request " + i);
                    small.add(System.nanoTime() - start);
                }
                Collections.sort(small);
                double smallMedianMs = small.get(small.size() / 2) / 1e6;

                // Throughput with up to WINDOW requests in flight (a broker's Receive Maximum is often 20).
                long burstStart = System.nanoTime();
                int sent = 0;
                for (; sent < WINDOW; sent++) {
                    controller.send("usp/agent/bench", Msgs.get("t" + sent, "Device.ProxiedDevice."),
                            Optional.of("usp/controller/bench-reply"));
                }
                for (int i = 0; i < BURST; i++) {
                    assertNotNull(controller.nextMessage(60), "burst answer " + i + " missing");
                    if (sent < BURST) {
                        controller.send("usp/agent/bench", Msgs.get("t" + sent, "Device.ProxiedDevice."),
                                Optional.of("usp/controller/bench-reply"));
                        sent++;
                    }
                }
                double seconds = (System.nanoTime() - burstStart) / 1e9;
                double perSecond = BURST / seconds;
                System.gc();
                long heapMb = (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20;
                String rss = Files.readAllLines(Path.of("/proc/self/status")).stream()
                        .filter(l -> l.startsWith("VmRSS")).findFirst().orElse("VmRSS: ?").replaceAll("\\s+", " ");
                String report = String.format(Locale.ROOT, "Get Device.ProxiedDevice. with %d devices over MQTT 5 "
                        + "(%s broker, loopback): response %d bytes; sequential n=%d median %.2f ms, p99 %.2f "
                        + "ms; %d Gets with %d in flight: %.1f Gets/s; one-parameter Get median %.2f ms; JVM (agent + broker + test controller + surefire) %s, heap in use "
                        + "after GC %d MB; cores %d%n",
                        DEVICES, kind, responseBytes, SEQUENTIAL, medianMs, p99Ms, BURST, WINDOW, perSecond, smallMedianMs, rss, heapMb,
                        Runtime.getRuntime().availableProcessors());
                LOG.info(report.strip());
                Files.writeString(Path.of("target", "usp-get-benchmark.txt"), report, StandardCharsets.UTF_8,
                        java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            } finally {
                face.close();
            }
        }
    }
}
