package org.cpebridge.usp.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.cpebridge.core.json.Json;
import org.cpebridge.core.model.AttributeRef;
import org.cpebridge.core.model.Value;
import org.cpebridge.core.spi.DeviceCommand;
import org.cpebridge.usp.testing.FakeAdapter;
import org.cpebridge.usp.testing.MosquittoBroker;
import org.cpebridge.usp.testing.TestFaceContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real usp-js 0.5.1 Controller (Node, pinned in src/test/interop) against the agent through Debian's mosquitto:
 * Get {@code Device.DeviceInfo.} and {@code Device.ProxiedDevice.}, Set a device's Name, Operate Toggle() and see
 * the simulated device change. usp-js speaks MQTT 3.1.1 and sends no reply topic, so this also proves the fallback
 * to the Controller's configured topic. Node, npm packages or mosquitto missing fail the test; they never skip it.
 */
class UspJsInteropIT {
    private static final Path INTEROP = Path.of("src", "test", "interop");
    private static final String AGENT_ID = "os::000000-CPEB-TEST0001";
    private static final String AGENT_TOPIC = "usp/agent/usp-js";
    private static final String CONTROLLER_ID = "proto::usp-js-controller";
    private static final String CONTROLLER_TOPIC = "usp/controller/usp-js";
    // Registry order: dect SENSOR 1, dect DOOR 2, zigbee PLUG 3, zigbee LIGHT 4.
    private static final String PLUG_PATH = "Device.ProxiedDevice.3.";

    @TempDir
    Path dir;

    @Test
    void uspJsGetsSetsAndOperates() throws Exception {
        assertTrue(Files.isDirectory(INTEROP.resolve("node_modules").resolve("usp-js")),
                "usp-js is not installed: run scripts/setup-test-peers.sh (npm ci in " + INTEROP + ")");
        Files.createDirectories(dir.resolve("broker"));
        try (MosquittoBroker broker = MosquittoBroker.start(dir.resolve("broker"));
                TestFaceContext context = new TestFaceContext(dir.resolve("data"), Map.of(
                        "usp.mqtt.url", broker.url(),
                        "usp.mqtt.agentTopic", AGENT_TOPIC,
                        "usp.controller.endpointId", CONTROLLER_ID,
                        "usp.controller.topic", CONTROLLER_TOPIC))) {
            context.adapter.registerDevices();
            UspFace face = new UspFace(context);
            face.start();
            try {
                awaitMtpUp(face);
                Map<String, Object> steps = runController(broker.port());

                assertEquals("1.4", steps.get("version"));
                String deviceInfo = Json.write(steps.get("getDeviceInfo"));
                assertTrue(deviceInfo.contains("cpe-bridge project"), deviceInfo);
                assertTrue(deviceInfo.contains("CPEB-TEST0001"), deviceInfo);
                String devices = Json.write(steps.get("getProxiedDevices"));
                for (String expected : List.of("Kettle plug", "Desk lamp", "Hall climate", "Front door", "ZigBee",
                        "X_CPEBRIDGE_DECT-ULE", "BinaryControl", "LevelSensor")) {
                    assertTrue(devices.contains(expected), expected + " missing in " + devices);
                }
                assertEquals("Tea kettle", context.registry.device(FakeAdapter.PLUG).orElseThrow().name());
                assertTrue(Json.write(steps.get("getName")).contains("Tea kettle"), Json.write(steps.get("getName")));
                assertTrue(context.adapter.received.contains(
                        new DeviceCommand.Invoke(FakeAdapter.PLUG, "onOff", "toggle", Map.of())),
                        context.adapter.received.toString());
                assertEquals(Value.of(true), context.registry.state(new AttributeRef(FakeAdapter.PLUG, "onOff", "on"))
                        .orElseThrow().value());
                assertTrue(Json.write(steps.get("getValue")).contains("true"), Json.write(steps.get("getValue")));
            } finally {
                face.close();
            }
        }
    }

    private static void awaitMtpUp(UspFace face) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!face.mtpUp()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the agent's MQTT MTP did not come up");
            }
            Thread.sleep(50);
        }
    }

    private Map<String, Object> runController(int port) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("node", "controller.js").directory(INTEROP.toFile())
                .redirectErrorStream(true).redirectOutput(dir.resolve("usp-js.log").toFile());
        builder.environment().putAll(Map.of("MQTT_PORT", Integer.toString(port), "AGENT_ID", AGENT_ID,
                "CONTROLLER_ID", CONTROLLER_ID, "AGENT_TOPIC", AGENT_TOPIC, "CONTROLLER_TOPIC", CONTROLLER_TOPIC,
                "DEVICE_PATH", PLUG_PATH, "NEW_NAME", "Tea kettle"));
        Process node;
        try {
            node = builder.start();
        } catch (IOException e) {
            throw new AssertionError("node is not installed: run scripts/setup-test-peers.sh", e);
        }
        boolean finished = node.waitFor(120, TimeUnit.SECONDS);
        if (!finished) {
            node.destroyForcibly().waitFor();
        }
        String output = Files.readString(dir.resolve("usp-js.log"), StandardCharsets.UTF_8);
        assertTrue(finished, "usp-js did not finish: " + output);
        assertEquals(0, node.exitValue(), "usp-js failed: " + output);
        Map<String, Object> steps = new LinkedHashMap<>();
        for (String line : output.split("\n")) {
            if (line.startsWith("{\"step\"")) {
                Map<String, Object> step = Json.parseObject(line);
                steps.put((String) step.get("step"), step.get("result"));
            }
        }
        return steps;
    }
}
