package org.cpebridge.usp.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collections;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.cpebridge.core.model.Capability;
import org.cpebridge.core.model.CapabilityType;
import org.cpebridge.core.model.Device;
import org.cpebridge.core.model.DeviceId;
import org.cpebridge.core.model.Value;
import org.cpebridge.usp.error.UspErrors;
import org.cpebridge.usp.proto.UspMsg;
import org.cpebridge.usp.proto.UspMsg.Header.MsgType;
import org.cpebridge.usp.testing.JdkWebSocketController;
import org.cpebridge.usp.testing.Msgs;
import org.cpebridge.usp.testing.TestBroker;
import org.cpebridge.usp.testing.TestFaceContext;
import org.cpebridge.usp.testing.UspMqttHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Bounded work per request (issue 23, finding 1), the real agent over a real broker with 200 devices: requests that
 * name {@code Device.ProxiedDevice.} thousands of times get Error 7005 (Resources exceeded) instead of an answer the
 * agent would run out of memory building, and the agent answers the next Get; an answer larger than the broker's
 * Maximum Packet Size becomes 7005 instead of a PUBLISH the broker would drop the agent for. The same over the
 * WebSocket MTP (its message limit and the memory budget), and for GetSupportedDM.
 */
class UspBoundedWorkIT {
    private static final String AGENT_ID = UspMqttHarness.AGENT_ID;
    private static final String AGENT_TOPIC = "usp/agent/bounded";
    private static final String CONTROLLER_ID = "proto::bounded-controller";
    private static final String CONTROLLER_TOPIC = "usp/controller/bounded";
    private static final String REPLY_TOPIC = "usp/controller/bounded-reply";
    private static final String DEVICES_PATH = "Device.ProxiedDevice.";
    private static final int DEVICES = 200;
    private static final int WAIT_SECONDS = 60;

    @RegisterExtension
    final UspMqttHarness usp = UspMqttHarness.agentTopic(AGENT_TOPIC).controller(CONTROLLER_ID, CONTROLLER_TOPIC)
            .subscribe(CONTROLLER_TOPIC, REPLY_TOPIC).waitSeconds(WAIT_SECONDS).devices(UspBoundedWorkIT::plugs);

    private JdkWebSocketController webSocket;

    /** {@link #DEVICES} Zigbee plugs with power metering, every other one on. */
    private static void plugs(TestFaceContext context) {
        for (int i = 0; i < DEVICES; i++) {
            DeviceId id = DeviceId.of("zigbee", String.format(Locale.ROOT, "0x00124b00%08x", i));
            context.registry.register(Device.builder(id).vendor("Acme").model("Plug Z1").name("Plug " + i)
                    .capabilities(Capability.of(CapabilityType.ON_OFF), Capability.of(
                            CapabilityType.ELECTRICAL_POWER).withAttributes("power")).build());
            context.registry.updateState(id, "onOff", "on", Value.of(i % 2 == 0));
        }
    }

    private void startAfterBroker(Map<String, String> extraSettings) throws Exception {
        assertNotNull(usp.startAfterBroker(extraSettings), "no MQTTConnect Record");
    }

    /**
     * The agent with its WebSocket MTP on a free loopback port (and an MQTT broker it never reaches); the Controller
     * opens a session with its secret, as {@code usp.websocket.auth=SECRET} asks.
     */
    private void startOverWebSocket(Map<String, String> extraSettings) throws Exception {
        // The harness's broker is not started: the MQTT MTP retries only every 30 s against a port nobody listens on.
        Map<String, String> settings = new HashMap<>(Map.of(
                "usp.mqtt.connectRetryTime", "30s",
                "usp.mqtt.connectRetryMaxInterval", "30s",
                "usp.websocket.listen", "127.0.0.1:0"));
        settings.putAll(extraSettings);
        UspFace face = usp.startAgent(settings);
        java.net.URI uri = java.net.URI.create("ws://127.0.0.1:" + face.webSocketAddress().orElseThrow().getPort()
                + "/usp?eid=" + CONTROLLER_ID);
        webSocket = JdkWebSocketController.connectWithSecret(UspWebSocketAuthIT.secretOf(usp.context(),
                CONTROLLER_ID), uri, CONTROLLER_ID, AGENT_ID, "v1.usp");
        assertTrue(webSocket.nextRecord(WAIT_SECONDS).hasWebsocketConnect(), "no WebSocketConnect Record");
    }

    @AfterEach
    void closeWebSocket() {
        if (webSocket != null) {
            webSocket.close();
        }
    }

    /** Sends the request over the WebSocket session when one is open, else over MQTT, and reads its answer. */
    private UspMsg.Msg ask(UspMsg.Msg request) throws Exception {
        UspMsg.Msg msg;
        if (webSocket != null) {
            webSocket.send(request);
            msg = webSocket.nextMessage(WAIT_SECONDS);
            assertNotNull(msg, "no answer to " + request.getHeader().getMsgId() + " within " + WAIT_SECONDS + " s");
        } else {
            msg = usp.ask(request, Optional.of(CONTROLLER_TOPIC));
        }
        assertEquals(request.getHeader().getMsgId(), msg.getHeader().getMsgId());
        return msg;
    }

    private static UspMsg.Msg getInstances(String msgId, int copies) {
        return Msgs.request(msgId, MsgType.GET_INSTANCES, UspMsg.Request.newBuilder()
                .setGetInstances(UspMsg.GetInstances.newBuilder()
                        .addAllObjPaths(Collections.nCopies(copies, DEVICES_PATH)).setFirstLevelOnly(false))
                .build());
    }

    private static UspMsg.Msg getSupportedDm(String msgId, int copies) {
        return Msgs.request(msgId, MsgType.GET_SUPPORTED_DM, UspMsg.Request.newBuilder()
                .setGetSupportedDm(UspMsg.GetSupportedDM.newBuilder()
                        .addAllObjPaths(Collections.nCopies(copies, "Device.")).setFirstLevelOnly(false)
                        .setReturnCommands(true).setReturnEvents(true).setReturnParams(true))
                .build());
    }

    private void assertResourcesExceeded(UspMsg.Msg answer) {
        assertEquals(MsgType.ERROR, answer.getHeader().getMsgType(), answer.getHeader().toString());
        assertEquals(UspErrors.RESOURCES_EXCEEDED, answer.getBody().getError().getErrCode());
    }

    /** The next plain Get is answered in full: the agent survived and serves on. */
    private void assertNextGetIsAnswered() throws Exception {
        UspMsg.Msg next = ask(Msgs.get("after", DEVICES_PATH + "*.Name"));
        assertEquals(MsgType.GET_RESP, next.getHeader().getMsgType());
        assertEquals(DEVICES, Msgs.resolved(next).size());
    }

    /** Finding 1: a 44 kB Get naming the device table 2,000 times. */
    @ParameterizedTest
    @EnumSource(TestBroker.Kind.class)
    void aGetNamingTheDeviceTable2000TimesGets7005AndTheNextGetIsAnswered(TestBroker.Kind kind) throws Exception {
        usp.startBroker(kind);
        startAfterBroker(Map.of());
        UspMsg.Msg once = ask(Msgs.get("once", DEVICES_PATH));
        assertEquals(DEVICES * 5, Msgs.resolved(once).size(), "a device and its four sub-objects");
        assertResourcesExceeded(ask(Msgs.get("copies", Collections.nCopies(2_000, DEVICES_PATH)
                .toArray(String[]::new))));
        assertNextGetIsAnswered();
    }

    /** Finding 1: a GetInstances naming the device table 5,000 times. */
    @ParameterizedTest
    @EnumSource(TestBroker.Kind.class)
    void aGetInstancesNamingTheDeviceTable5000TimesGets7005AndTheNextGetIsAnswered(TestBroker.Kind kind)
            throws Exception {
        usp.startBroker(kind);
        startAfterBroker(Map.of());
        assertResourcesExceeded(ask(getInstances("instances", 5_000)));
        assertNextGetIsAnswered();
    }

    /** Finding 1 over the WebSocket MTP: the same two requests on one session, which stays open and serves on. */
    @Test
    void overWebSocketThe2000CopyGetAnd5000CopyGetInstancesGet7005AndTheNextGetIsAnswered() throws Exception {
        startOverWebSocket(Map.of());
        UspMsg.Msg once = ask(Msgs.get("once", DEVICES_PATH));
        assertEquals(DEVICES * 5, Msgs.resolved(once).size(), "a device and its four sub-objects");
        assertResourcesExceeded(ask(Msgs.get("copies", Collections.nCopies(2_000, DEVICES_PATH)
                .toArray(String[]::new))));
        assertNextGetIsAnswered();
        assertResourcesExceeded(ask(getInstances("instances", 5_000)));
        assertNextGetIsAnswered();
        assertTrue(!webSocket.isClosed(), "the session stays open");
    }

    /**
     * GetSupportedDM is charged to the same budget: one copy of {@code Device.} is answered, 2,000 copies get 7005
     * (over MQTT on both brokers and over the WebSocket MTP), and the next Get is answered.
     */
    @ParameterizedTest
    @EnumSource(TestBroker.Kind.class)
    void aGetSupportedDmNamingDevice2000TimesGets7005AndTheNextGetIsAnswered(TestBroker.Kind kind)
            throws Exception {
        usp.startBroker(kind);
        startAfterBroker(Map.of());
        assertGetSupportedDmIsBounded();
    }

    @Test
    void overWebSocketAGetSupportedDmNamingDevice2000TimesGets7005() throws Exception {
        startOverWebSocket(Map.of());
        assertGetSupportedDmIsBounded();
    }

    private void assertGetSupportedDmIsBounded() throws Exception {
        UspMsg.Msg once = ask(getSupportedDm("gsdm-once", 1));
        assertEquals(MsgType.GET_SUPPORTED_DM_RESP, once.getHeader().getMsgType(), once.getHeader().toString());
        assertTrue(once.getBody().getResponse().getGetSupportedDmResp().getReqObjResults(0)
                .getSupportedObjsCount() > 10, "the supported model of Device.");
        assertResourcesExceeded(ask(getSupportedDm("gsdm-copies", 2_000)));
        assertNextGetIsAnswered();
    }

    /** The memory budget bounds an answer on the WebSocket MTP too (its own limit is 5 MiB). */
    @Test
    void overWebSocketTheMemoryBudgetBoundsTheAnswer() throws Exception {
        startOverWebSocket(Map.of("usp.maxResponseSize", "65536"));
        assertResourcesExceeded(ask(Msgs.get("big", DEVICES_PATH)));
        assertNextGetIsAnswered();
    }

    /** Repeated paths within the budget are answered, each copy with the same result (resolved once). */
    @ParameterizedTest
    @EnumSource(TestBroker.Kind.class)
    void repeatedPathsThatFitAreAnsweredOncePerCopy(TestBroker.Kind kind) throws Exception {
        usp.startBroker(kind);
        startAfterBroker(Map.of());
        UspMsg.Msg answer = ask(Msgs.get("three", DEVICES_PATH + "1.Name", DEVICES_PATH + "1.Name",
                DEVICES_PATH + "2.Name"));
        UspMsg.GetResp resp = answer.getBody().getResponse().getGetResp();
        assertEquals(3, resp.getReqPathResultsCount());
        assertEquals(resp.getReqPathResults(0), resp.getReqPathResults(1));
    }

    /**
     * The broker's Maximum Packet Size (mosquitto's max_packet_size, announced in its MQTT 5 CONNACK) bounds the
     * answer: the 160 kB GetResp of 200 devices does not fit in 64 KiB, so the Controller gets 7005 and the agent
     * stays connected; a small Get is answered next.
     */
    @Test
    void anAnswerAboveTheBrokersMaximumPacketSizeGets7005() throws Exception {
        usp.startMosquitto("max_packet_size 65536\n");
        startAfterBroker(Map.of());
        UspMsg.Msg answer = ask(Msgs.get("big", DEVICES_PATH));
        assertResourcesExceeded(answer);
        assertTrue(answer.getBody().getError().getErrMsg().contains("exceed"), answer.toString());
        assertTrue(usp.face().mtpUp(), "the agent stays connected");
        assertNextGetIsAnswered();
    }

    /** The memory budget {@code usp.maxResponseSize} bounds an answer the MTP would carry. */
    @ParameterizedTest
    @EnumSource(TestBroker.Kind.class)
    void theMemoryBudgetBoundsTheAnswer(TestBroker.Kind kind) throws Exception {
        usp.startBroker(kind);
        startAfterBroker(Map.of("usp.maxResponseSize", "65536"));
        assertResourcesExceeded(ask(Msgs.get("big", DEVICES_PATH)));
        assertNextGetIsAnswered();
    }
}
