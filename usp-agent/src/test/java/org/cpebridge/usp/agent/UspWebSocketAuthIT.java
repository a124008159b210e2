package org.cpebridge.usp.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import org.cpebridge.usp.proto.UspMsg;
import org.cpebridge.usp.proto.UspRecord;
import org.cpebridge.usp.testing.FreePorts;
import org.cpebridge.usp.testing.JdkWebSocketController;
import org.cpebridge.usp.testing.Msgs;
import org.cpebridge.usp.testing.TestFaceContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * WebSocket MTP authentication without client certificates (issue 23 finding 2): by default
 * ({@code usp.websocket.auth=SECRET}) a Controller opens the session with {@code Authorization: Bearer <secret>},
 * the secret the agent keeps for it in the data directory's {@code usp/websocket-secrets}; the secret, not the claimed
 * {@code eid}, names the Controller. A process that claims the Controller's Endpoint ID without it gets HTTP 401 and
 * nothing else.
 */
class UspWebSocketAuthIT {
    private static final String AGENT_ID = "os::000000-CPEB-TEST0001";
    private static final String CONTROLLER_ID = "proto::ws-auth-controller";
    private static final int WAIT_SECONDS = 30;

    @TempDir
    Path dir;

    private TestFaceContext context;
    private UspFace face;

    /** The Controller's secret as the agent stored it (waits for the agent's first write after start). */
    static String secretOf(TestFaceContext context, String controllerId) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT_SECONDS * 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            Optional<String> secret = WebSocketSecrets.read(context.store, controllerId);
            if (secret.isPresent()) {
                return secret.get();
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no WebSocket secret stored for " + controllerId);
    }

    private void startAgent() throws Exception {
        Map<String, String> settings = new HashMap<>(Map.of(
                "usp.mqtt.url", "tcp://127.0.0.1:" + FreePorts.tcp(),
                "usp.mqtt.connectRetryTime", "30s",
                "usp.controller.endpointId", CONTROLLER_ID,
                "usp.websocket.listen", "127.0.0.1:0"));
        context = new TestFaceContext(dir.resolve("data"), settings);
        context.adapter.registerDevices();
        face = new UspFace(context);
        face.start();
    }

    @AfterEach
    void stopAll() {
        if (face != null) {
            face.close();
        }
        if (context != null) {
            context.close();
        }
    }

    private URI uri(String pathAndQuery) {
        return URI.create("ws://127.0.0.1:" + face.webSocketAddress().orElseThrow().getPort() + pathAndQuery);
    }

    private int refusedStatus(ExecutionException refused) {
        return ((WebSocketHandshakeException) refused.getCause()).getResponse().statusCode();
    }

    @Test
    void claimingTheControllersIdWithoutItsSecretGetsNothing() throws Exception {
        startAgent();
        String secret = secretOf(context, CONTROLLER_ID);
        assertEquals(401, refusedStatus(assertThrows(ExecutionException.class, () -> JdkWebSocketController.connect(
                uri("/usp?eid=" + CONTROLLER_ID), CONTROLLER_ID, AGENT_ID, "v1.usp"))));
        assertEquals(401, refusedStatus(assertThrows(ExecutionException.class, () -> JdkWebSocketController.connect(
                uri("/usp"), CONTROLLER_ID, AGENT_ID, "v1.usp"))));
        String wrong = secret.substring(0, secret.length() - 1) + (secret.endsWith("A") ? "B" : "A");
        assertEquals(401, refusedStatus(assertThrows(ExecutionException.class,
                () -> JdkWebSocketController.connectWithSecret(wrong, uri("/usp?eid=" + CONTROLLER_ID),
                        CONTROLLER_ID, AGENT_ID, "v1.usp"))));
        assertEquals(401, refusedStatus(assertThrows(ExecutionException.class,
                () -> JdkWebSocketController.connectWithSecret("", uri("/usp?eid=" + CONTROLLER_ID),
                        CONTROLLER_ID, AGENT_ID, "v1.usp"))));
        // The real Controller still gets in.
        try (JdkWebSocketController controller = JdkWebSocketController.connectWithSecret(secret,
                uri("/usp?eid=" + CONTROLLER_ID), CONTROLLER_ID, AGENT_ID, "v1.usp")) {
            assertTrue(controller.nextRecord(WAIT_SECONDS).hasWebsocketConnect());
            controller.send(Msgs.get("with-secret", "Device.DeviceInfo.SerialNumber"));
            UspMsg.Msg answer = controller.nextMessage(WAIT_SECONDS);
            assertEquals("CPEB-TEST0001", Msgs.resolved(answer).get("Device.DeviceInfo.").get("SerialNumber"));
        }
    }

    /** The secret names the Controller: no eid needed, the WebSocketConnect Record comes at once. */
    @Test
    void theSecretNamesTheController() throws Exception {
        startAgent();
        try (JdkWebSocketController controller = JdkWebSocketController.connectWithSecret(
                secretOf(context, CONTROLLER_ID), uri("/usp"), CONTROLLER_ID, AGENT_ID, "v1.usp")) {
            UspRecord.Record connect = controller.nextRecord(WAIT_SECONDS);
            assertNotNull(connect);
            assertTrue(connect.hasWebsocketConnect(), connect.toString());
            assertEquals(CONTROLLER_ID, connect.getToId());
        }
    }

    /**
     * One Controller's secret does not make its holder another Controller: an eid of another closes the session
     * with 1008, and a Record claiming another from_id on the session is not processed.
     */
    @Test
    void aSecretIsGoodForItsOwnControllerOnly() throws Exception {
        startAgent();
        String secret = secretOf(context, CONTROLLER_ID);
        try (JdkWebSocketController other = JdkWebSocketController.connectWithSecret(secret,
                uri("/usp?eid=proto::someone-else"), "proto::someone-else", AGENT_ID, "v1.usp")) {
            assertEquals(1008, other.awaitClose(WAIT_SECONDS).statusCode());
        }
        try (JdkWebSocketController controller = JdkWebSocketController.connectWithSecret(secret,
                uri("/usp?eid=" + CONTROLLER_ID), CONTROLLER_ID, AGENT_ID, "v1.usp")) {
            assertTrue(controller.nextRecord(WAIT_SECONDS).hasWebsocketConnect());
            UspMsg.Msg get = Msgs.get("forged", "Device.DeviceInfo.");
            controller.sendBinary(UspRecord.Record.parseFrom(controller.record(get)).toBuilder()
                    .setFromId("proto::intruder").build().toByteArray());
            controller.send(Msgs.get("own", "Device.DeviceInfo.SerialNumber"));
            assertEquals("own", controller.nextMessage(WAIT_SECONDS).getHeader().getMsgId());
            assertFalse(controller.isClosed());
        }
    }

    /** The secret is kept: a restart of the agent keeps it, and each Controller has its own. */
    @Test
    void theSecretSurvivesARestartAndIsTheControllersOwn() throws Exception {
        startAgent();
        String first = secretOf(context, CONTROLLER_ID);
        assertTrue(first.length() >= 43, "32 random bytes, base64url");
        face.close();
        face = new UspFace(context);
        face.start();
        assertEquals(first, secretOf(context, CONTROLLER_ID));
        assertNotEquals(Optional.of(first), WebSocketSecrets.read(context.store, "proto::someone-else"));
    }
}
