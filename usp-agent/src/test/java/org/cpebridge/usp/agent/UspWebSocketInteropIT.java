package org.cpebridge.usp.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.cpebridge.core.model.AttributeRef;
import org.cpebridge.core.model.Value;
import org.cpebridge.core.spi.DeviceCommand;
import org.cpebridge.usp.testing.FakeAdapter;
import org.cpebridge.usp.testing.FreePorts;
import org.cpebridge.usp.testing.TestFaceContext;
import org.cpebridge.usp.testing.UspJsProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A foreign USP Controller over the WebSocket MTP: {@code src/test/interop/ws-controller.js} under Node, with the
 * {@code ws} WebSocket client and {@code protobufjs} reading our .proto files (versions pinned in package-lock.json),
 * against the agent with simulated devices. The script names itself only in the deprecated {@code bbf-usp-protocol}
 * extension. Node or the npm packages missing fail the test; they never skip it.
 */
class UspWebSocketInteropIT {
    private static final String AGENT_ID = "os::000000-CPEB-TEST0001";
    private static final String CONTROLLER_ID = "proto::ws-interop-controller";
    // Registry order: dect SENSOR 1, dect DOOR 2, zigbee PLUG 3, zigbee LIGHT 4.
    private static final String PLUG_PATH = "Device.ProxiedDevice.3.";
    private static final AttributeRef PLUG_ON = new AttributeRef(FakeAdapter.PLUG, "onOff", "on");
    private static final int STEP_SECONDS = 60;

    @TempDir
    Path dir;

    private TestFaceContext context;
    private UspFace face;

    @AfterEach
    void stopAll() {
        if (face != null) {
            face.close();
        }
        if (context != null) {
            context.close();
        }
    }


    @Test
    void wsAndProtobufjsGetAndToggleOverTheWebSocketMtp() throws Exception {
        context = new TestFaceContext(dir.resolve("data"), Map.of(
                "usp.mqtt.url", "tcp://127.0.0.1:" + FreePorts.tcp(),
                "usp.mqtt.connectRetryTime", "30s",
                "usp.controller.endpointId", CONTROLLER_ID,
                "usp.websocket.listen", "127.0.0.1:0",
                "usp.websocket.path", "/usp-interop"));
        context.adapter.registerDevices();
        face = new UspFace(context);
        face.start();
        int port = face.webSocketAddress().orElseThrow().getPort();

        try (UspJsProcess node = UspJsProcess.start("ws-controller.js", List.of("ws", "protobufjs"), Map.of(
                "WS_URL", "ws://127.0.0.1:" + port + "/usp-interop", "AGENT_ID", AGENT_ID,
                "CONTROLLER_ID", CONTROLLER_ID, "DEVICE_PATH", PLUG_PATH,
                "WS_SECRET", UspWebSocketAuthIT.secretOf(context, CONTROLLER_ID)))) {
            assertEquals("v1.usp", ((Map<?, ?>) node.await("open", STEP_SECONDS)).get("protocol"));
            Map<?, ?> connect = (Map<?, ?>) node.await("connect", STEP_SECONDS);
            assertEquals(CONTROLLER_ID, connect.get("toId"), connect.toString());
            assertEquals(AGENT_ID, connect.get("fromId"), connect.toString());
            assertTrue(connect.containsKey("websocketConnect"), connect.toString());

            String deviceInfo = UspJsProcess.text(node.await("getDeviceInfo", STEP_SECONDS));
            assertTrue(deviceInfo.contains("cpe-bridge project"), deviceInfo);
            assertTrue(deviceInfo.contains("CPEB-TEST0001"), deviceInfo);

            String toggle = UspJsProcess.text(node.await("toggle", STEP_SECONDS));
            assertTrue(toggle.contains("BinaryControl.Toggle()") && toggle.contains("reqOutputArgs"), toggle);
            String value = UspJsProcess.text(node.await("getValue", STEP_SECONDS));
            assertTrue(value.contains("\"Value\":\"true\""), value);
            // The agent answers the script's Close with 1000 (RFC 6455 5.5.1).
            assertEquals(1000L, ((Number) node.await("closed", STEP_SECONDS)).longValue());
            node.awaitSuccess(STEP_SECONDS);
        }
        assertTrue(context.adapter.received.contains(
                new DeviceCommand.Invoke(FakeAdapter.PLUG, "onOff", "toggle", Map.of())),
                context.adapter.received.toString());
        // The simulated device changed.
        assertEquals(Value.of(true), context.registry.state(PLUG_ON).orElseThrow().value());
    }
}
