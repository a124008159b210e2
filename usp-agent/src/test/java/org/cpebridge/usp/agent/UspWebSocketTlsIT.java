package org.cpebridge.usp.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import javax.net.ssl.SSLContext;
import org.cpebridge.usp.proto.UspMsg;
import org.cpebridge.usp.proto.UspRecord;
import org.cpebridge.usp.testing.FreePorts;
import org.cpebridge.usp.testing.JdkWebSocketController;
import org.cpebridge.usp.testing.Msgs;
import org.cpebridge.usp.testing.TestFaceContext;
import org.cpebridge.usp.testing.TestPki;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The WebSocket server MTP over TLS with client certificates (TP-469 7.9 "Use of TLS", TR-369 R-WS.22, R-SEC.0a),
 * with the JDK's {@code java.net.http} WebSocket client as the Controller and a throw-away {@link TestPki}. The
 * configured Controller ({@code usp.controller.endpointId}) has the FullAccess role; any other Endpoint ID is
 * Untrusted (no permission), which is how a test sees whose role a session got.
 */
class UspWebSocketTlsIT {
    private static final String AGENT_ID = "os::000000-CPEB-TEST0001";
    private static final String CONTROLLER_ID = "proto::ws-controller";
    private static final String STRANGER_ID = "proto::ws-stranger";
    private static final int WAIT_SECONDS = 30;

    @TempDir
    Path dir;

    private TestPki pki;
    private TestPki.Issued serverCertificate;
    private TestFaceContext context;
    private UspFace face;

    @BeforeEach
    void makePki() throws Exception {
        pki = TestPki.create(dir.resolve("pki"), "usp-ca");
        serverCertificate = pki.server(dir.resolve("pki"), "agent");
    }

    private void startAgent(boolean requireClientCertificates) throws Exception {
        Map<String, String> settings = new HashMap<>(Map.of(
                "usp.mqtt.url", "tcp://127.0.0.1:" + FreePorts.tcp(),
                "usp.mqtt.connectRetryTime", "30s",
                "usp.controller.endpointId", CONTROLLER_ID,
                "usp.websocket.listen", "127.0.0.1:0",
                "usp.websocket.tls.certFile", serverCertificate.certificate().toString(),
                "usp.websocket.tls.keyFile", serverCertificate.key().toString()));
        if (requireClientCertificates) {
            settings.put("usp.websocket.tls.caFile", pki.ca().certificate().toString());
        }
        context = new TestFaceContext(dir.resolve("data"), settings);
        context.adapter.registerDevices();
        face = new UspFace(context);
        face.start();
        assertTrue(face.webSocketAddress().isPresent(), "the WebSocket MTP did not bind");
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
        return URI.create("wss://127.0.0.1:" + face.webSocketAddress().orElseThrow().getPort() + pathAndQuery);
    }

    private SSLContext controllerTls(String name, String endpointId) throws Exception {
        return pki.clientContext(pki.client(dir.resolve("pki"), name, "urn:bbf:usp:id:" + endpointId));
    }

    private static String serialNumber(UspMsg.Msg resp) {
        return Msgs.resolved(resp).getOrDefault("Device.DeviceInfo.", Map.of()).get("SerialNumber");
    }

    /** TP-469 7.9: a Get over wss with a good client certificate; the session has the certificate's role. */
    @Test
    void tp7_9_getOverWssWithAClientCertificate() throws Exception {
        startAgent(true);
        try (JdkWebSocketController controller = JdkWebSocketController.connect(
                controllerTls("controller", CONTROLLER_ID), uri("/usp?eid=" + CONTROLLER_ID), CONTROLLER_ID,
                AGENT_ID, "v1.usp")) {
            UspRecord.Record connect = controller.nextRecord(WAIT_SECONDS);
            assertNotNull(connect, "no WebSocketConnect Record");
            assertTrue(connect.hasWebsocketConnect(), connect.toString());
            assertEquals(CONTROLLER_ID, connect.getToId());
            controller.send(Msgs.get("wss-get-1", "Device.DeviceInfo.",
                    "Device.LocalAgent.MTP.2.WebSocket.EnableEncryption"));
            UspMsg.Msg resp = controller.nextMessage(WAIT_SECONDS);
            assertNotNull(resp, "no answer within " + WAIT_SECONDS + " s");
            assertEquals("wss-get-1", resp.getHeader().getMsgId());
            assertEquals("CPEB-TEST0001", serialNumber(resp), "FullAccess: the configured Controller's role");
            assertEquals("true", Msgs.resolved(resp).get("Device.LocalAgent.MTP.2.WebSocket.").get(
                    "EnableEncryption"));
        }
    }

    /**
     * Without eid the certificate alone names the Controller; a Record claiming the full-access Controller in its
     * from_id is not processed (R-SEC.0a), and the certificate's own Controller gets the Untrusted role.
     */
    @Test
    void theCertificateNotTheRecordNamesTheController() throws Exception {
        startAgent(true);
        try (JdkWebSocketController stranger = JdkWebSocketController.connect(controllerTls("stranger",
                STRANGER_ID), uri("/usp"), STRANGER_ID, AGENT_ID, "v1.usp");
                JdkWebSocketController forger = JdkWebSocketController.connect(controllerTls("forger",
                        STRANGER_ID + "-2"), uri("/usp"), CONTROLLER_ID, AGENT_ID, "v1.usp")) {
            UspRecord.Record connect = stranger.nextRecord(WAIT_SECONDS);
            assertNotNull(connect, "no WebSocketConnect Record");
            assertEquals(STRANGER_ID, connect.getToId(), "the Controller is the certificate's Endpoint ID");
            assertEquals(STRANGER_ID + "-2", forger.nextRecord(WAIT_SECONDS).getToId());
            // The forger's Record claims the full-access Controller; then a Get in its certificate's own name. The
            // agent handles one session's Records in order, so an answer to the first would arrive before the second.
            forger.send(Msgs.get("forged", "Device.DeviceInfo."));
            forger.sendBinary(UspRecord.Record.newBuilder().setVersion("1.4").setToId(AGENT_ID)
                    .setFromId(STRANGER_ID + "-2").setNoSessionContext(UspRecord.NoSessionContextRecord.newBuilder()
                            .setPayload(Msgs.get("own", "Device.DeviceInfo.").toByteString())).build()
                    .toByteArray());
            UspMsg.Msg answer = forger.nextMessage(WAIT_SECONDS);
            assertNotNull(answer, "no answer within " + WAIT_SECONDS + " s");
            assertEquals("own", answer.getHeader().getMsgId(), "the forged Record was processed");
            assertFalse(forger.isClosed(), "a Record with a foreign from_id is dropped, the session stays");

            stranger.send(Msgs.get("stranger-get", "Device.DeviceInfo."));
            UspMsg.Msg resp = stranger.nextMessage(WAIT_SECONDS);
            assertNotNull(resp, "no answer within " + WAIT_SECONDS + " s");
            assertEquals("stranger-get", resp.getHeader().getMsgId());
            // The Untrusted role sees nothing: the agent answers as if the path did not exist (7026).
            assertEquals(UspMsg.Header.MsgType.GET_RESP, resp.getHeader().getMsgType());
            UspMsg.GetResp.RequestedPathResult result = resp.getBody().getResponse().getGetResp()
                    .getReqPathResults(0);
            assertEquals(7026, result.getErrCode(), resp.toString());
            assertNull(serialNumber(resp));
        }
    }

    /** A certificate for one Controller with the eid of another: Close 1008, no session (R-SEC.0a). */
    @Test
    void anEidOfAnotherControllerIsRefused() throws Exception {
        startAgent(true);
        try (JdkWebSocketController impostor = JdkWebSocketController.connect(controllerTls("impostor",
                STRANGER_ID), uri("/usp?eid=" + CONTROLLER_ID), CONTROLLER_ID, AGENT_ID, "v1.usp")) {
            assertEquals(1008, impostor.awaitClose(WAIT_SECONDS).statusCode());
            assertTrue(face.webSocketAddress().isPresent());
            // Frames arrive in order: a WebSocketConnect Record would be queued before the Close.
            assertNull(impostor.nextRecord(0), "no WebSocketConnect Record on a refused session");
        }
    }

    /** A certificate with no urn:bbf:usp:id: subjectAltName authenticates nobody: Close 1008. */
    @Test
    void aCertificateWithoutEndpointIdIsRefused() throws Exception {
        startAgent(true);
        SSLContext tls = pki.clientContext(pki.client(dir.resolve("pki"), "anonymous"));
        try (JdkWebSocketController anonymous = JdkWebSocketController.connect(tls,
                uri("/usp?eid=" + CONTROLLER_ID), CONTROLLER_ID, AGENT_ID, "v1.usp")) {
            assertEquals(1008, anonymous.awaitClose(WAIT_SECONDS).statusCode());
        }
    }

    /**
     * No client certificate: the TLS handshake fails (clientAuth REQUIRE), so no WebSocket at all. The same client
     * context opens a session when no CA file is set ({@link #tlsWithoutCaFileTakesControllersWithoutCertificates}),
     * so the failure is the missing certificate, not the server's certificate or host name.
     */
    @Test
    void withoutAClientCertificateTheTlsHandshakeFails() throws Exception {
        startAgent(true);
        SSLContext noCertificate = pki.clientContext(null);
        assertThrows(ExecutionException.class, () -> JdkWebSocketController.connect(noCertificate,
                uri("/usp?eid=" + CONTROLLER_ID), CONTROLLER_ID, AGENT_ID, "v1.usp").close());
        assertTrue(face.webSocketAddress().isPresent());
    }

    /** A client certificate from another CA, even one naming the right Controller, fails the TLS handshake. */
    @Test
    void aCertificateFromAnotherCaFails() throws Exception {
        startAgent(true);
        TestPki rogue = TestPki.create(dir.resolve("rogue"), "rogue-ca");
        SSLContext tls = pki.clientContext(rogue.client(dir.resolve("rogue"), "rogue",
                "urn:bbf:usp:id:" + CONTROLLER_ID));
        assertThrows(ExecutionException.class, () -> JdkWebSocketController.connect(tls,
                uri("/usp?eid=" + CONTROLLER_ID), CONTROLLER_ID, AGENT_ID, "v1.usp").close());
    }

    /** A key file that cannot be read leaves the WebSocket MTP off (never plain ws instead); the face still runs. */
    @Test
    void anUnreadableKeyFileLeavesTheMtpOff() throws Exception {
        context = new TestFaceContext(dir.resolve("data"), Map.of(
                "usp.mqtt.url", "tcp://127.0.0.1:" + FreePorts.tcp(),
                "usp.websocket.listen", "127.0.0.1:0",
                "usp.websocket.tls.certFile", serverCertificate.certificate().toString(),
                "usp.websocket.tls.keyFile", dir.resolve("pki").resolve("missing.key").toString()));
        face = new UspFace(context);
        face.start();
        assertTrue(face.webSocketAddress().isEmpty());
    }

    /**
     * TLS without a CA file: encryption only, no client certificate; the Controller's secret names it, as on plain
     * ws (usp.websocket.auth=SECRET), and without the secret the upgrade gets 401.
     */
    @Test
    void tlsWithoutCaFileTakesControllersWithTheirSecret() throws Exception {
        startAgent(false);
        java.util.concurrent.ExecutionException refused = assertThrows(java.util.concurrent.ExecutionException.class,
                () -> JdkWebSocketController.connect(pki.clientContext(null), uri("/usp?eid=" + CONTROLLER_ID),
                        CONTROLLER_ID, AGENT_ID, "v1.usp"));
        assertEquals(401, ((java.net.http.WebSocketHandshakeException) refused.getCause()).getResponse()
                .statusCode());
        try (JdkWebSocketController controller = JdkWebSocketController.connectWithSecret(pki.clientContext(null),
                UspWebSocketAuthIT.secretOf(context, CONTROLLER_ID), uri("/usp?eid=" + CONTROLLER_ID),
                CONTROLLER_ID, AGENT_ID, "v1.usp")) {
            assertTrue(controller.nextRecord(WAIT_SECONDS).hasWebsocketConnect());
            controller.send(Msgs.get("wss-get-2", "Device.DeviceInfo."));
            UspMsg.Msg resp = controller.nextMessage(WAIT_SECONDS);
            assertNotNull(resp, "no answer within " + WAIT_SECONDS + " s");
            assertEquals("CPEB-TEST0001", serialNumber(resp));
        }
    }
}
