package org.cpebridge.usp.agent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.cpebridge.core.model.Value;
import org.cpebridge.usp.proto.UspMsg;
import org.cpebridge.usp.proto.UspRecord;
import org.cpebridge.usp.record.RecordCodec;
import org.cpebridge.usp.testing.FakeAdapter;
import org.cpebridge.usp.testing.FreePorts;
import org.cpebridge.usp.testing.JdkWebSocketController;
import org.cpebridge.usp.testing.Msgs;
import org.cpebridge.usp.testing.TestFaceContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The USP face's WebSocket server MTP over loopback, with the JDK's own WebSocket client as the Controller. Methods
 * named tp7_N mirror TP-469 section 7 (usp-test 07-websocket.md) as far as they apply to an agent that accepts the
 * session; the MQTT MTP points at a port nobody listens on, so every answer here came over the WebSocket.
 */
class UspWebSocketIT {
    private static final String AGENT_ID = "os::000000-CPEB-TEST0001";
    private static final String CONTROLLER_ID = "proto::ws-controller";
    private static final int WAIT_SECONDS = 30;
    // Registry order: dect SENSOR 1, dect DOOR 2, zigbee PLUG 3, zigbee LIGHT 4.
    private static final String PLUG_VALUE = "Device.ProxiedDevice.3.IoTCapability.1.BinaryControl.Value";

    @TempDir
    Path dir;

    private TestFaceContext context;
    private UspFace face;

    private void startAgent(Map<String, String> extra) throws Exception {
        Map<String, String> settings = new HashMap<>(Map.of(
                "usp.mqtt.url", "tcp://127.0.0.1:" + FreePorts.tcp(),
                "usp.mqtt.connectRetryTime", "30s",
                "usp.controller.endpointId", CONTROLLER_ID,
                "usp.websocket.listen", "127.0.0.1:0"));
        settings.putAll(extra);
        context = new TestFaceContext(dir.resolve("data"), settings);
        context.adapter.registerDevices();
        face = new UspFace(context);
        face.start();
        assertTrue(face.webSocketAddress().isPresent(), "the WebSocket MTP did not bind");
    }

    private void startAgent() throws Exception {
        startAgent(Map.of());
    }


    /** Opens a session as the Controller, with its secret from the agent's store (usp.websocket.auth=SECRET). */
    private JdkWebSocketController connectWithSecret(URI uri, String controllerId, String agentId,
            String... subprotocols) throws Exception {
        return JdkWebSocketController.connectWithSecret(UspWebSocketAuthIT.secretOf(context, CONTROLLER_ID), uri,
                controllerId, agentId, subprotocols);
    }

    private URI uri(String pathAndQuery) {
        return URI.create("ws://127.0.0.1:" + face.webSocketAddress().orElseThrow().getPort() + pathAndQuery);
    }

    /** Opens a session naming the Controller in the query (R-WS.10b) and reads the WebSocketConnect Record. */
    private JdkWebSocketController openSession() throws Exception {
        JdkWebSocketController controller = connectWithSecret(uri("/usp?eid=" + CONTROLLER_ID),
                CONTROLLER_ID, AGENT_ID, "v1.usp");
        UspRecord.Record connect = controller.nextRecord(WAIT_SECONDS);
        assertNotNull(connect, "no WebSocketConnect Record");
        assertTrue(connect.hasWebsocketConnect(), connect.toString());
        return controller;
    }

    private static void assertDeviceInfo(UspMsg.Msg resp, String msgId) {
        assertNotNull(resp, "no answer within " + WAIT_SECONDS + " s");
        assertEquals(msgId, resp.getHeader().getMsgId());
        assertEquals(UspMsg.Header.MsgType.GET_RESP, resp.getHeader().getMsgType());
        assertEquals("CPEB-TEST0001", Msgs.resolved(resp).get("Device.DeviceInfo.").get("SerialNumber"));
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

    /** TP-469 7.1: a Get over the session is answered over it. */
    @Test
    void tp7_1_getOverTheSession() throws Exception {
        startAgent();
        try (JdkWebSocketController controller = openSession()) {
            assertEquals("v1.usp", controller.subprotocol(), "R-WS.11");
            controller.send(Msgs.get("ws-get-1", "Device.DeviceInfo."));
            assertDeviceInfo(controller.nextMessage(WAIT_SECONDS), "ws-get-1");
        }
    }

    /** A listen port already taken leaves the WebSocket MTP off; the face still starts and closes. */
    @Test
    void aTakenPortLeavesTheWebSocketMtpOff() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1,
                java.net.InetAddress.getLoopbackAddress())) {
            context = new TestFaceContext(dir.resolve("data"), Map.of(
                    "usp.mqtt.url", "tcp://127.0.0.1:" + FreePorts.tcp(),
                    "usp.websocket.listen", "127.0.0.1:" + taken.getLocalPort()));
            face = new UspFace(context);
            face.start();
            assertTrue(face.webSocketAddress().isEmpty());
        }
    }

    /** TP-469 7.10: the first thing on a new session is the agent's WebSocketConnect Record (R-MTP.6). */
    @Test
    void tp7_10_webSocketConnectRecordOpensTheSession() throws Exception {
        startAgent();
        try (JdkWebSocketController controller = connectWithSecret(uri("/usp?eid=" + CONTROLLER_ID),
                CONTROLLER_ID, AGENT_ID, "v1.usp")) {
            UspRecord.Record connect = controller.nextRecord(WAIT_SECONDS);
            assertNotNull(connect, "no Record within " + WAIT_SECONDS + " s");
            assertTrue(connect.hasWebsocketConnect());
            assertEquals(CONTROLLER_ID, connect.getToId());
            assertEquals(AGENT_ID, connect.getFromId());
            assertEquals("1.4", connect.getVersion());
        }
    }

    /** R-WS.12a (the deprecated TP-469 7.5's rule): no v1.usp subprotocol, no session; a wrong path gets 404. */
    @Test
    void tp7_5_handshakeWithoutTheUspSubprotocolIsRefused() throws Exception {
        startAgent();
        ExecutionException none = assertThrows(ExecutionException.class, () -> connectWithSecret(
                uri("/usp?eid=" + CONTROLLER_ID), CONTROLLER_ID, AGENT_ID));
        assertEquals(400, ((WebSocketHandshakeException) none.getCause()).getResponse().statusCode());
        ExecutionException other = assertThrows(ExecutionException.class, () -> connectWithSecret(
                uri("/usp"), CONTROLLER_ID, AGENT_ID, "v1.usp-json"));
        assertEquals(400, ((WebSocketHandshakeException) other.getCause()).getResponse().statusCode());
        ExecutionException path = assertThrows(ExecutionException.class, () -> connectWithSecret(
                uri("/elsewhere"), CONTROLLER_ID, AGENT_ID, "v1.usp"));
        assertEquals(404, ((WebSocketHandshakeException) path.getCause()).getResponse().statusCode());
        // Serving goes on.
        try (JdkWebSocketController controller = openSession()) {
            controller.send(Msgs.get("after-refusals", "Device.DeviceInfo."));
            assertDeviceInfo(controller.nextMessage(WAIT_SECONDS), "after-refusals");
        }
    }

    /** Raw HTTP over a plain socket: the status line the agent answers with. */
    private String statusLineFor(String request) throws Exception {
        try (java.net.Socket socket = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(),
                face.webSocketAddress().orElseThrow().getPort())) {
            socket.setSoTimeout(WAIT_SECONDS * 1000);
            socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                    java.nio.charset.StandardCharsets.US_ASCII)).readLine();
        }
    }

    /**
     * RFC 6455 4.2.1: a plain GET gets 426, an upgrade without Sec-WebSocket-Key and bytes that are no HTTP get 400;
     * the server serves on.
     */
    @Test
    void invalidOpeningHandshakesAreRefused() throws Exception {
        startAgent();
        assertEquals("HTTP/1.1 426 Upgrade Required", statusLineFor("GET /usp HTTP/1.1\r\nHost: x\r\n\r\n"));
        assertEquals("HTTP/1.1 400 Bad Request", statusLineFor("GET /usp HTTP/1.1\r\nHost: x\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                + "Sec-WebSocket-Protocol: v1.usp\r\nAuthorization: Bearer "
                + UspWebSocketAuthIT.secretOf(context, CONTROLLER_ID) + "\r\n\r\n"));
        assertEquals("HTTP/1.1 400 Bad Request", statusLineFor("\u0000\u0001garbage\r\n\r\n"));
        try (JdkWebSocketController controller = openSession()) {
            controller.send(Msgs.get("after-bad-handshakes", "Device.DeviceInfo."));
            assertDeviceInfo(controller.nextMessage(WAIT_SECONDS), "after-bad-handshakes");
        }
    }

    /**
     * TP-469 7.11: the handshake names no Controller (no eid query, no bbf-usp-protocol extension: the JDK client
     * cannot even send one). The agent learns it from the first Record, sends the WebSocketConnect Record, then
     * answers.
     */
    @Test
    void tp7_11_noEndpointIdInTheHandshakeStillWorks() throws Exception {
        startAgent(Map.of("usp.websocket.auth", "NONE")); // with a secret, the secret names the Controller at once
        try (JdkWebSocketController controller = JdkWebSocketController.connect(uri("/usp"), CONTROLLER_ID,
                AGENT_ID, "v1.usp")) {
            assertEquals(null, controller.nextRecord(1), "nothing before the agent knows who is there");
            controller.send(Msgs.get("anonymous-get", "Device.DeviceInfo."));
            UspRecord.Record connect = controller.nextRecord(WAIT_SECONDS);
            assertNotNull(connect);
            assertTrue(connect.hasWebsocketConnect(), connect.toString());
            assertEquals(CONTROLLER_ID, connect.getToId());
            assertDeviceInfo(controller.nextMessage(WAIT_SECONDS), "anonymous-get");
        }
    }

    /** TP-469 7.12 / R-WS.14b: a Record split over several frames is joined and answered. */
    @Test
    void tp7_12_fragmentedMessageIsAnswered() throws Exception {
        startAgent();
        try (JdkWebSocketController controller = openSession()) {
            byte[] record = controller.record(Msgs.get("fragmented", "Device.DeviceInfo."));
            controller.sendFragmented(record, 5);
            assertDeviceInfo(controller.nextMessage(WAIT_SECONDS), "fragmented");
        }
    }

    /** TP-469 7.7: a Ping gets a Pong with the same data; an unsolicited Pong does not end the session. */
    @Test
    void tp7_7_pingIsAnsweredAndAnUnsolicitedPongIsHarmless() throws Exception {
        startAgent();
        try (JdkWebSocketController controller = openSession()) {
            byte[] data = {'u', 's', 'p', 7};
            controller.ping(data);
            assertArrayEquals(data, controller.nextPong(WAIT_SECONDS));
            controller.pong(new byte[] {1});
            controller.send(Msgs.get("after-pong", "Device.DeviceInfo."));
            assertDeviceInfo(controller.nextMessage(WAIT_SECONDS), "after-pong");
            assertFalse(controller.isClosed());
        }
    }

    /** R-WS.17 / R-WS.18: the agent pings at its KeepAliveInterval; the JDK's automatic Pongs keep the session. */
    @Test
    void keepAlivePingsAtTheConfiguredInterval() throws Exception {
        startAgent(Map.of("usp.websocket.keepAlive", "2s"));
        try (JdkWebSocketController controller = openSession()) {
            assertNotNull(controller.nextPing(WAIT_SECONDS), "no keep-alive Ping");
            assertNotNull(controller.nextPing(WAIT_SECONDS), "no second keep-alive Ping");
            controller.send(Msgs.get("after-pings", "Device.DeviceInfo."));
            assertDeviceInfo(controller.nextMessage(WAIT_SECONDS), "after-pings");
            assertFalse(controller.isClosed());
        }
    }

    /** TP-469 7.6 / R-WS.16: bytes that are no USP Record close the session with 1003. */
    @Test
    void tp7_6_malformedRecordClosesWith1003() throws Exception {
        startAgent();
        try (JdkWebSocketController controller = openSession()) {
            controller.sendBinary(new byte[] {(byte) 0xFF, (byte) 0xFF, 0x00, 0x13, 0x37});
            assertEquals(1003, controller.awaitClose(WAIT_SECONDS).statusCode());
        }
        // The agent still takes new sessions.
        try (JdkWebSocketController controller = openSession()) {
            controller.send(Msgs.get("after-garbage", "Device.DeviceInfo."));
            assertDeviceInfo(controller.nextMessage(WAIT_SECONDS), "after-garbage");
        }
    }

    /** R-WS.14 / R-WS.16: a text message carries no USP Record: 1003 too. */
    @Test
    void textMessageClosesWith1003() throws Exception {
        startAgent();
        try (JdkWebSocketController controller = openSession()) {
            controller.sendText("{\"get\": \"Device.\"}");
            assertEquals(1003, controller.awaitClose(WAIT_SECONDS).statusCode());
        }
    }

    /**
     * RFC 6455 7.4.1: a message above the agent's limit (RecordCodec.DEFAULT_MAX_RECORD_SIZE, 5 MiB) closes the
     * session with 1009, whether it comes in one frame (the frame decoder) or in fragments (the joiner).
     */
    @Test
    void oversizedMessageClosesWith1009() throws Exception {
        startAgent();
        byte[] tooBig = new byte[RecordCodec.DEFAULT_MAX_RECORD_SIZE + 1];
        try (JdkWebSocketController controller = openSession()) {
            sendUntilClosed(() -> controller.sendFragmented(tooBig, 4));
            assertEquals(1009, controller.awaitClose(WAIT_SECONDS).statusCode());
        }
        // The agent refuses the frame from its header while the client still sends the rest: its Close must not be
        // lost to a connection reset (it was, now and then, when the agent closed the socket at once). Ten times.
        for (int attempt = 0; attempt < 10; attempt++) {
            try (JdkWebSocketController controller = openSession()) {
                sendUntilClosed(() -> controller.sendBinary(tooBig));
                assertEquals(1009, controller.awaitClose(WAIT_SECONDS).statusCode(), "attempt " + attempt);
            }
        }
    }

    private interface Sending {
        void send() throws Exception;
    }

    /** Sends; the agent may close the connection before the last bytes are out, which the JDK reports as failure. */
    private static void sendUntilClosed(Sending sending) throws Exception {
        try {
            sending.send();
        } catch (ExecutionException e) {
            assertTrue(e.getCause() instanceof java.io.IOException, e.toString());
        }
    }

    /** Stopping the agent closes its sessions with 1001 Going Away (RFC 6455 7.4.1). */
    @Test
    void stoppingTheAgentClosesSessionsWith1001() throws Exception {
        startAgent();
        try (JdkWebSocketController controller = openSession()) {
            face.close();
            face = null;
            assertEquals(1001, controller.awaitClose(WAIT_SECONDS).statusCode());
        }
    }

    /**
     * A well-formed Record that is not for this agent, or claims another Controller on this session, is dropped
     * (R-MTP.5) and the session stays: the next Get is answered.
     */
    @Test
    void recordForAnotherAgentIsDroppedWithTheSessionAlive() throws Exception {
        startAgent();
        try (JdkWebSocketController controller = openSession()) {
            UspMsg.Msg get = Msgs.get("not-for-us", "Device.DeviceInfo.");
            controller.sendBinary(UspRecord.Record.parseFrom(controller.record(get)).toBuilder()
                    .setToId("os::000000-SOMEONE-ELSE").build().toByteArray());
            controller.sendBinary(UspRecord.Record.parseFrom(controller.record(get)).toBuilder()
                    .setFromId("proto::intruder").build().toByteArray());
            controller.send(Msgs.get("for-us", "Device.DeviceInfo."));
            assertDeviceInfo(controller.nextMessage(WAIT_SECONDS), "for-us");
            assertFalse(controller.isClosed());
        }
    }

    /**
     * Issue 23 finding 6 over WebSocket: a Get in a Record whose version is bogus gets Error 7104 (Invalid Record value,
     * R-MTP.5), never a GetResp, and the session serves on.
     */
    @Test
    void aRecordWithABogusVersionGetsError7104() throws Exception {
        startAgent();
        try (JdkWebSocketController controller = openSession()) {
            for (String version : new String[] {"banana", "", "2.0", "1.4.1"}) {
                UspMsg.Msg get = Msgs.get("v-" + version, "Device.DeviceInfo.SerialNumber");
                controller.sendBinary(UspRecord.Record.parseFrom(controller.record(get)).toBuilder()
                        .setVersion(version).build().toByteArray());
                UspMsg.Msg reply = controller.nextMessage(WAIT_SECONDS);
                assertNotNull(reply, "no answer to version '" + version + "'");
                assertEquals("v-" + version, reply.getHeader().getMsgId());
                assertEquals(7104, reply.getBody().getError().getErrCode(), reply.toString());
            }
            controller.send(Msgs.get("v-ok", "Device.DeviceInfo."));
            assertDeviceInfo(controller.nextMessage(WAIT_SECONDS), "v-ok");
            assertFalse(controller.isClosed());
        }
    }

    /** TP-469 7.2 / R-WS.4: a second session of the same Controller closes the first (1000); the second serves. */
    @Test
    void tp7_2_secondSessionOfTheSameControllerReplacesTheFirst() throws Exception {
        startAgent();
        try (JdkWebSocketController first = openSession()) {
            first.send(Msgs.get("first", "Device.DeviceInfo."));
            assertDeviceInfo(first.nextMessage(WAIT_SECONDS), "first");
            try (JdkWebSocketController second = openSession()) {
                assertEquals(1000, first.awaitClose(WAIT_SECONDS).statusCode());
                second.send(Msgs.get("second", "Device.DeviceInfo."));
                assertDeviceInfo(second.nextMessage(WAIT_SECONDS), "second");
            }
        }
    }

    /** TP-469 7.4: the agent answers a Close frame with its own Close (RFC 6455 5.5.1, 7.1.2). */
    @Test
    void tp7_4_closeIsAnswered() throws Exception {
        startAgent();
        try (JdkWebSocketController controller = openSession()) {
            controller.sendClose(1000, "bye");
            assertEquals(1000, controller.awaitClose(WAIT_SECONDS).statusCode());
        }
    }

    /** A ValueChange subscription added over the session delivers its Notify over the same session. */
    @Test
    void notifyGoesOverTheControllersSession() throws Exception {
        startAgent();
        try (JdkWebSocketController controller = openSession()) {
            UspMsg.Add.CreateObject.Builder create = UspMsg.Add.CreateObject.newBuilder()
                    .setObjPath("Device.LocalAgent.Subscription.");
            Map.of("Enable", "true", "ID", "ws-plug", "NotifType", "ValueChange", "ReferenceList", PLUG_VALUE)
                    .forEach((k, v) -> create.addParamSettings(UspMsg.Add.CreateParamSetting.newBuilder()
                            .setParam(k).setValue(v).setRequired(true)));
            controller.send(Msgs.request("add-sub", UspMsg.Header.MsgType.ADD, UspMsg.Request.newBuilder()
                    .setAdd(UspMsg.Add.newBuilder().addCreateObjs(create)).build()));
            UspMsg.Msg added = controller.nextMessage(WAIT_SECONDS);
            assertNotNull(added);
            assertTrue(added.getBody().getResponse().hasAddResp(), added.toString());

            context.registry.updateState(FakeAdapter.PLUG, "onOff", "on", Value.of(true));
            UspMsg.Msg notify = controller.nextMessage(WAIT_SECONDS);
            assertNotNull(notify, "no Notify over the session");
            UspMsg.Notify body = notify.getBody().getRequest().getNotify();
            assertEquals("ws-plug", body.getSubscriptionId());
            assertEquals(PLUG_VALUE, body.getValueChange().getParamPath());
            assertEquals("true", body.getValueChange().getParamValue());
        }
    }

    /** A Controller MTP row added with Protocol WebSocket has no MQTT object; the MQTT row keeps its own. */
    @Test
    void controllerMtpRowsShowOnlyTheirProtocolsObject() throws Exception {
        startAgent();
        try (JdkWebSocketController controller = openSession()) {
            UspMsg.Add.CreateObject.Builder create = UspMsg.Add.CreateObject.newBuilder()
                    .setObjPath("Device.LocalAgent.Controller.1.MTP.")
                    .addParamSettings(UspMsg.Add.CreateParamSetting.newBuilder().setParam("Protocol")
                            .setValue("WebSocket").setRequired(true));
            controller.send(Msgs.request("add-mtp", UspMsg.Header.MsgType.ADD, UspMsg.Request.newBuilder()
                    .setAdd(UspMsg.Add.newBuilder().addCreateObjs(create)).build()));
            UspMsg.Msg added = controller.nextMessage(WAIT_SECONDS);
            assertNotNull(added);
            assertEquals("Device.LocalAgent.Controller.1.MTP.2.", added.getBody().getResponse().getAddResp()
                    .getCreatedObjResults(0).getOperStatus().getOperSuccess().getInstantiatedPath(), added.toString());
            controller.send(Msgs.get("mtps", "Device.LocalAgent.Controller.1.MTP."));
            Map<String, Map<String, String>> rows = Msgs.resolved(controller.nextMessage(WAIT_SECONDS));
            assertEquals("WebSocket", rows.get("Device.LocalAgent.Controller.1.MTP.2.").get("Protocol"));
            assertFalse(rows.containsKey("Device.LocalAgent.Controller.1.MTP.2.MQTT."), rows.toString());
            assertTrue(rows.containsKey("Device.LocalAgent.Controller.1.MTP.1.MQTT."), rows.toString());
        }
    }

    /** Device.LocalAgent.MTP.2. describes the WebSocket server MTP; SupportedProtocols names it. */
    @Test
    void localAgentDescribesTheWebSocketMtp() throws Exception {
        startAgent(Map.of("usp.websocket.keepAlive", "45s"));
        try (JdkWebSocketController controller = openSession()) {
            controller.send(Msgs.get("mtp", "Device.LocalAgent.MTP.", "Device.LocalAgent.SupportedProtocols"));
            UspMsg.Msg resp = controller.nextMessage(WAIT_SECONDS);
            assertNotNull(resp);
            Map<String, Map<String, String>> mtp = Msgs.resolved(resp);
            assertEquals("WebSocket", mtp.get("Device.LocalAgent.MTP.2.").get("Protocol"));
            assertEquals("Up", mtp.get("Device.LocalAgent.MTP.2.").get("Status"));
            Map<String, String> ws = mtp.get("Device.LocalAgent.MTP.2.WebSocket.");
            assertEquals(Integer.toString(face.webSocketAddress().orElseThrow().getPort()), ws.get("Port"));
            assertEquals("/usp", ws.get("Path"));
            assertEquals("false", ws.get("EnableEncryption"));
            assertEquals("45", ws.get("KeepAliveInterval"));
            assertFalse(mtp.containsKey("Device.LocalAgent.MTP.2.MQTT."), "MTP.2 has no MQTT object");
            assertFalse(mtp.containsKey("Device.LocalAgent.MTP.1.WebSocket."), "MTP.1 has no WebSocket object");
            assertEquals("MQTT", mtp.get("Device.LocalAgent.MTP.1.").get("Protocol"));
            String supported = resp.getBody().getResponse().getGetResp().getReqPathResults(1)
                    .getResolvedPathResults(0).getResultParamsMap().get("SupportedProtocols");
            assertEquals("MQTT,WebSocket", supported);
        }
    }
}
