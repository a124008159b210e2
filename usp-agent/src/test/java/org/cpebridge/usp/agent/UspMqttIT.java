package org.cpebridge.usp.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.cpebridge.usp.proto.UspMsg;
import org.cpebridge.usp.record.RecordBody;
import org.cpebridge.usp.testing.Msgs;
import org.cpebridge.usp.testing.PahoTestController;
import org.cpebridge.usp.testing.TestBroker;
import org.cpebridge.usp.testing.TestFaceContext;
import org.cpebridge.usp.testing.UspMqttHarness;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The USP face over a real MQTT 5 broker (the project's embedded broker in-JVM, and Debian's mosquitto): a Paho
 * test Controller sends Get Records and receives the GetResp Records. Methods named tp11_N mirror TP-469 section 11
 * (usp-test 11-mqtt.md; the numbers follow MqttLinkTest's: 11.12 PUBLISH, 11.14 reply-to, 11.15 content type, 11.16
 * connection retry, 11.17 Connect Record).
 */
class UspMqttIT {
    private static final String AGENT_ID = UspMqttHarness.AGENT_ID;
    private static final String AGENT_TOPIC = "usp/agent/it";
    private static final String CONTROLLER_ID = "proto::it-controller";
    private static final String CONTROLLER_TOPIC = "usp/controller/it";
    private static final String REPLY_TOPIC = "usp/controller/it-reply";
    private static final int WAIT_SECONDS = 30;

    @RegisterExtension
    final UspMqttHarness usp = UspMqttHarness.agentTopic(AGENT_TOPIC).controller(CONTROLLER_ID, CONTROLLER_TOPIC)
            .subscribe(CONTROLLER_TOPIC, REPLY_TOPIC, AGENT_TOPIC + "/status")
            // Short keep-alive: a broker that vanishes without closing its sockets is noticed in seconds.
            .setting("usp.mqtt.keepAlive", "3s");

    /** TP-469 11.17: after CONNACK and SUBACK the agent sends each Controller an MQTTConnect Record (R-MTP.6). */
    @ParameterizedTest
    @EnumSource(TestBroker.Kind.class)
    void tp11_17_connectRecordAfterEachConnect(TestBroker.Kind kind) throws Exception {
        PahoTestController.Received connect = usp.start(kind);
        assertEquals(CONTROLLER_TOPIC, connect.topic());
        RecordBody.MqttConnect body = (RecordBody.MqttConnect) connect.record().body();
        assertEquals(AGENT_TOPIC, body.subscribedTopic());
        assertEquals(RecordBody.MqttVersion.V5, body.version());
        assertEquals(AGENT_ID, connect.record().fromId());
        assertEquals(CONTROLLER_ID, connect.record().toId());
        assertEquals(Optional.of("usp.msg"), connect.contentType());
    }

    /**
     * The service stops the agent the moment {@code Device.Reboot()} asks for a restart (its main thread does not wait
     * for the agent): the OperateResp must still reach the Controller before the MTP goes down. Here the restart
     * request stops the face on another thread at once, as the service's main thread does.
     */
    @ParameterizedTest
    @EnumSource(TestBroker.Kind.class)
    void rebootIsAnsweredBeforeTheRestartStopsTheMtp(TestBroker.Kind kind) throws Exception {
        usp.start(kind);
        PahoTestController controller = usp.controller();
        TestFaceContext context = usp.context();
        UspFace stopping = usp.face();
        java.util.concurrent.CountDownLatch stopQueued = new java.util.concurrent.CountDownLatch(1);
        context.onRestart = () -> {
            Thread main = new Thread(() -> {
                stopQueued.countDown();
                stopping.close();
            }, "test-service-main");
            main.start();
            try {
                // Give the stop time to get ahead of anything the agent has not queued yet.
                stopQueued.await();
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        controller.send(AGENT_TOPIC, Msgs.operate("reboot-1", "Device.Reboot()"), Optional.of(REPLY_TOPIC));
        PahoTestController.Received answer = controller.nextMessage(WAIT_SECONDS);
        assertNotNull(answer, "no OperateResp within " + WAIT_SECONDS + " s");
        UspMsg.Msg resp = PahoTestController.message(answer);
        assertEquals("reboot-1", resp.getHeader().getMsgId());
        assertTrue(resp.getBody().getResponse().hasOperateResp(), resp.toString());
        // The restart is passed on once the answer is handed to the MTP, which now writes it straight to the socket:
        // the Controller may hold the answer a moment before the request reaches the service.
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (context.restarts.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(List.of("restart: USP Device.Reboot()"), context.restarts);
        usp.detachFace();
        stopping.close();
    }

    /** TP-469 11.12, 11.14, 11.15 / R-MQTT.26: the answer goes to the request's Response Topic, with Content Type usp.msg. */
    @ParameterizedTest
    @EnumSource(TestBroker.Kind.class)
    void tp11_12_14_15_getIsAnsweredOnTheResponseTopicWithContentType(TestBroker.Kind kind) throws Exception {
        usp.start(kind);
        PahoTestController controller = usp.controller();
        addControllerTopic(AGENT_TOPIC, Optional.of(CONTROLLER_TOPIC));
        controller.send(AGENT_TOPIC, Msgs.get("get-1", "Device.DeviceInfo."), Optional.of(REPLY_TOPIC));
        PahoTestController.Received answer = controller.nextMessage(WAIT_SECONDS);
        assertNotNull(answer, "no GetResp within " + WAIT_SECONDS + " s");
        assertEquals(REPLY_TOPIC, answer.topic());
        assertEquals(Optional.of("usp.msg"), answer.contentType());
        UspMsg.Msg resp = PahoTestController.message(answer);
        assertEquals("get-1", resp.getHeader().getMsgId());
        Map<String, String> info = Msgs.resolved(resp).get("Device.DeviceInfo.");
        assertEquals("cpe-bridge project", info.get("Manufacturer"));
        assertEquals("CPEB-TEST0001", info.get("SerialNumber"));
    }

    /** usp-js sends no Response Topic: the agent answers on the Controller's configured MTP.{i}.MQTT.Topic. */
    @ParameterizedTest
    @EnumSource(TestBroker.Kind.class)
    void getWithoutResponseTopicIsAnsweredOnTheConfiguredTopic(TestBroker.Kind kind) throws Exception {
        usp.start(kind);
        PahoTestController controller = usp.controller();
        controller.send(AGENT_TOPIC, Msgs.get("get-2", "Device.ProxiedDevice.*.Name"), Optional.empty());
        PahoTestController.Received answer = controller.nextMessage(WAIT_SECONDS);
        assertNotNull(answer, "no GetResp within " + WAIT_SECONDS + " s");
        assertEquals(CONTROLLER_TOPIC, answer.topic());
        Map<String, Map<String, String>> resolved = Msgs.resolved(PahoTestController.message(answer));
        assertEquals(4, resolved.size(), resolved.toString());
        // First start numbers the devices in registry order: the two dect devices, then the two zigbee ones.
        assertEquals("Hall climate", resolved.get("Device.ProxiedDevice.1.").get("Name"));
        assertEquals("Kettle plug", resolved.get("Device.ProxiedDevice.3.").get("Name"));
    }

    /** Garbage and a Record for another agent are dropped; the agent keeps serving (R-MTP.5, R-E2E.2). */
    @ParameterizedTest
    @EnumSource(TestBroker.Kind.class)
    void garbageIsDroppedAndTheAgentKeepsServing(TestBroker.Kind kind) throws Exception {
        usp.start(kind);
        PahoTestController controller = usp.controller();
        controller.sendRaw(AGENT_TOPIC, new byte[] {0x0a, (byte) 0xff, 0x01, 0x02}, Optional.of(CONTROLLER_TOPIC));
        controller.sendRaw(AGENT_TOPIC, new byte[0], Optional.of(CONTROLLER_TOPIC));
        controller.send(AGENT_TOPIC, Msgs.get("get-3", "Device.DeviceInfo.UpTime"), Optional.of(CONTROLLER_TOPIC));
        PahoTestController.Received answer = controller.nextMessage(WAIT_SECONDS);
        assertNotNull(answer);
        assertEquals("get-3", PahoTestController.message(answer).getHeader().getMsgId());
    }

    /**
     * TP-469 11.14 on MQTT 3.1.1 (R-MQTT.2, R-MQTT.24/25): with {@code usp.mqtt.version=V3_1_1} the agent speaks MQTT 3.1.1, takes the reply topic
     * from the {@code /reply-to=} suffix of the request's topic and names its own in the suffix of what it sends.
     */
    @ParameterizedTest
    @EnumSource(TestBroker.Kind.class)
    void tp11_14_mqtt311UsesTheReplyToSuffix(TestBroker.Kind kind) throws Exception {
        usp.subscribe(CONTROLLER_TOPIC + "/#", REPLY_TOPIC + "/#", AGENT_TOPIC + "/status");
        PahoTestController.Received connect = usp.start(kind, Map.of("usp.mqtt.version", "V3_1_1"));
        PahoTestController controller = usp.controller();
        assertEquals(CONTROLLER_TOPIC + "/reply-to=usp%2Fagent%2Fit", connect.topic());
        assertEquals(RecordBody.MqttVersion.V3_1_1, ((RecordBody.MqttConnect) connect.record().body()).version());
        addControllerTopic(AGENT_TOPIC + "/reply-to=usp%2Fcontroller%2Fit", Optional.empty());
        controller.send(AGENT_TOPIC + "/reply-to=usp%2Fcontroller%2Fit-reply", Msgs.get("get-v3",
                "Device.DeviceInfo.SerialNumber"), Optional.empty());
        PahoTestController.Received answer = controller.nextMessage(WAIT_SECONDS);
        assertNotNull(answer, "no GetResp over MQTT 3.1.1");
        assertEquals(REPLY_TOPIC + "/reply-to=usp%2Fagent%2Fit", answer.topic());
        assertEquals("get-v3", PahoTestController.message(answer).getHeader().getMsgId());
        assertEquals(Optional.empty(), answer.contentType(), "3.1.1 has no Content Type");
    }

    /**
     * A burst of requests makes the agent publish more answers than the broker lets a client have in flight (its
     * Receive Maximum, here 2): the answers wait for a slot instead of being lost.
     */
    @org.junit.jupiter.api.Test
    void answersABurstBeyondTheBrokersReceiveMaximum() throws Exception {
        usp.startMosquitto("max_inflight_messages 2\n");
        usp.startAfterBroker(Map.of());
        PahoTestController controller = usp.controller();
        int burst = 60;
        for (int i = 0; i < burst; i++) {
            controller.sendQos0(AGENT_TOPIC, Msgs.get("burst-" + i, "Device."), Optional.of(CONTROLLER_TOPIC));
        }
        java.util.Set<String> answered = new java.util.HashSet<>();
        for (int i = 0; i < burst; i++) {
            PahoTestController.Received answer = controller.nextMessage(WAIT_SECONDS);
            assertNotNull(answer, "only " + answered.size() + " of " + burst + " answers arrived");
            answered.add(PahoTestController.message(answer).getHeader().getMsgId());
        }
        assertEquals(burst, answered.size());
    }

    /** A persistent Event subscription to Device.Boot! gets the Boot! Notify when the agent starts again. */
    @ParameterizedTest
    @EnumSource(TestBroker.Kind.class)
    void bootEventAfterARestartReachesAPersistentSubscription(TestBroker.Kind kind) throws Exception {
        usp.start(kind);
        PahoTestController controller = usp.controller();
        UspMsg.Add.CreateObject.Builder create = UspMsg.Add.CreateObject.newBuilder()
                .setObjPath("Device.LocalAgent.Subscription.");
        Map.of("Enable", "true", "ID", "boot", "NotifType", "Event", "ReferenceList", "Device.Boot!",
                "Persistent", "true").forEach((k, v) -> create.addParamSettings(
                        UspMsg.Add.CreateParamSetting.newBuilder().setParam(k).setValue(v).setRequired(true)));
        controller.send(AGENT_TOPIC, Msgs.request("add-boot", UspMsg.Header.MsgType.ADD, UspMsg.Request.newBuilder()
                .setAdd(UspMsg.Add.newBuilder().addCreateObjs(create)).build()), Optional.of(CONTROLLER_TOPIC));
        PahoTestController.Received added = controller.nextMessage(WAIT_SECONDS);
        assertNotNull(added);
        assertTrue(PahoTestController.message(added).getBody().getResponse().hasAddResp());

        usp.stopAgent();
        usp.startAgent(Map.of());
        PahoTestController.Received boot = controller.nextMessage(WAIT_SECONDS);
        assertNotNull(boot, "no Boot! after the restart");
        assertEquals(CONTROLLER_TOPIC, boot.topic());
        UspMsg.Notify notify = PahoTestController.message(boot).getBody().getRequest().getNotify();
        assertEquals("boot", notify.getSubscriptionId());
        assertEquals("Boot!", notify.getEvent().getEventName());
    }

    /**
     * Malformed requests over a real broker: a Record for another agent is dropped (R-E2E.2), a bad search
     * expression and a 64 kB path get error codes (7008/7026 family), a Register gets 7001 (not a USP Broker); the
     * agent then still answers a valid Get.
     */
    @ParameterizedTest
    @EnumSource(TestBroker.Kind.class)
    void malformedRequestsGetErrorsOrAreDroppedAndServingContinues(TestBroker.Kind kind) throws Exception {
        usp.start(kind);
        PahoTestController controller = usp.controller();
        PahoTestController other = new PahoTestController(usp.broker().url(), CONTROLLER_ID, "os::000000-SOMEONE-ELSE");
        try {
            other.send(AGENT_TOPIC, Msgs.get("not-for-us", "Device.DeviceInfo."), Optional.of(CONTROLLER_TOPIC));
        } finally {
            other.close();
        }
        controller.send(AGENT_TOPIC, Msgs.get("bad-search", "Device.ProxiedDevice.[Name==].Name"),
                Optional.of(CONTROLLER_TOPIC));
        assertErrorAnswer("bad-search");
        controller.send(AGENT_TOPIC, Msgs.get("huge", "Device." + "X".repeat(65_536) + "."),
                Optional.of(CONTROLLER_TOPIC));
        assertErrorAnswer("huge");
        controller.send(AGENT_TOPIC, Msgs.request("register", UspMsg.Header.MsgType.REGISTER,
                UspMsg.Request.newBuilder().setRegister(UspMsg.Register.newBuilder()).build()),
                Optional.of(CONTROLLER_TOPIC));
        PahoTestController.Received register = controller.nextMessage(WAIT_SECONDS);
        assertNotNull(register);
        UspMsg.Msg registerReply = PahoTestController.message(register);
        assertEquals("register", registerReply.getHeader().getMsgId());
        assertEquals(7001, registerReply.getBody().getError().getErrCode(), registerReply.toString());
        controller.send(AGENT_TOPIC, Msgs.get("fine", "Device.DeviceInfo.SerialNumber"), Optional.of(CONTROLLER_TOPIC));
        PahoTestController.Received fine = controller.nextMessage(WAIT_SECONDS);
        assertNotNull(fine);
        // The Record for another agent was never answered: the next answer is the valid Get's.
        assertEquals("fine", PahoTestController.message(fine).getHeader().getMsgId());
    }

    /**
     * Issue 23: a Record with a bogus {@code version} was answered as if valid. A Get in one is answered Error 7104
     * Invalid Record value (R-MTP.5), never a GetResp; the same Get in a "1.4" Record is answered.
     */
    @ParameterizedTest
    @EnumSource(TestBroker.Kind.class)
    void aRecordWithABogusVersionGetsError7104(TestBroker.Kind kind) throws Exception {
        usp.start(kind);
        PahoTestController controller = usp.controller();
        for (String version : new String[] {"banana", "", "2.0", "1.4.1"}) {
            byte[] record = org.cpebridge.usp.proto.UspRecord.Record.newBuilder().setVersion(version)
                    .setToId(AGENT_ID).setFromId(CONTROLLER_ID)
                    .setNoSessionContext(org.cpebridge.usp.proto.UspRecord.NoSessionContextRecord.newBuilder()
                            .setPayload(Msgs.get("v-" + version, "Device.DeviceInfo.SerialNumber").toByteString()))
                    .build().toByteArray();
            controller.sendRaw(AGENT_TOPIC, record, Optional.of(CONTROLLER_TOPIC));
            PahoTestController.Received answer = controller.nextMessage(WAIT_SECONDS);
            assertNotNull(answer, "no answer to version '" + version + "'");
            UspMsg.Msg reply = PahoTestController.message(answer);
            assertEquals("v-" + version, reply.getHeader().getMsgId());
            assertEquals(7104, reply.getBody().getError().getErrCode(), reply.toString());
        }
        controller.send(AGENT_TOPIC, Msgs.get("v-ok", "Device.DeviceInfo.SerialNumber"), Optional.of(CONTROLLER_TOPIC));
        UspMsg.Msg ok = PahoTestController.message(controller.nextMessage(WAIT_SECONDS));
        assertEquals("CPEB-TEST0001", Msgs.resolved(ok).get("Device.DeviceInfo.").get("SerialNumber"));
    }

    /**
     * Makes {@link #REPLY_TOPIC} one of the Controller's configured topics (a second {@code Controller.1.MTP.} row,
     * added over USP as a Controller would), so that a reply-to naming it is honoured.
     */
    private void addControllerTopic(String sendTo, Optional<String> replyTo) throws Exception {
        UspMsg.Add.CreateObject.Builder mtp = UspMsg.Add.CreateObject.newBuilder()
                .setObjPath("Device.LocalAgent.Controller.1.MTP.");
        Map.of("Enable", "true", "Protocol", "MQTT").forEach((param, value) -> mtp
                .addParamSettings(UspMsg.Add.CreateParamSetting.newBuilder().setParam(param).setValue(value)
                        .setRequired(true)));
        usp.controller().send(sendTo, Msgs.request("add-mtp", UspMsg.Header.MsgType.ADD, UspMsg.Request.newBuilder()
                .setAdd(UspMsg.Add.newBuilder().addCreateObjs(mtp)).build()), replyTo);
        UspMsg.Msg addResp = PahoTestController.message(usp.controller().nextMessage(WAIT_SECONDS));
        assertEquals("add-mtp", addResp.getHeader().getMsgId());
        UspMsg.AddResp.CreatedObjectResult created = addResp.getBody().getResponse().getAddResp()
                .getCreatedObjResults(0);
        assertTrue(created.getOperStatus().hasOperSuccess(), addResp.toString());
        String row = created.getOperStatus().getOperSuccess().getInstantiatedPath();
        usp.controller().send(sendTo, Msgs.set("set-topic", row + "MQTT.", "Topic", REPLY_TOPIC), replyTo);
        UspMsg.Msg setResp = PahoTestController.message(usp.controller().nextMessage(WAIT_SECONDS));
        assertEquals("set-topic", setResp.getHeader().getMsgId());
        assertTrue(setResp.getBody().getResponse().hasSetResp(), setResp.toString());
    }

    /**
     * Issue 23 finding 6: a reply-to that is not one of the sender's configured Controller topics is not published
     * to. The configured Controller's answer goes to its configured topic instead; an unknown sender (Untrusted)
     * gets nothing, on the topic it named or anywhere else.
     */
    @ParameterizedTest
    @EnumSource(TestBroker.Kind.class)
    void aReplyToOutsideTheControllersTopicsIsNotPublishedTo(TestBroker.Kind kind) throws Exception {
        String victim = "zigbee2mqtt/bridge/request/permit_join";
        usp.subscribe(CONTROLLER_TOPIC, REPLY_TOPIC, "zigbee2mqtt/#", AGENT_TOPIC + "/status");
        usp.start(kind);
        PahoTestController controller = usp.controller();
        controller.send(AGENT_TOPIC, Msgs.get("elsewhere", "Device.DeviceInfo.SerialNumber"), Optional.of(victim));
        PahoTestController.Received answer = controller.nextMessage(WAIT_SECONDS);
        assertNotNull(answer, "no answer on the configured topic");
        assertEquals(CONTROLLER_TOPIC, answer.topic());
        assertEquals("elsewhere", PahoTestController.message(answer).getHeader().getMsgId());

        PahoTestController stranger = new PahoTestController(usp.broker().url(), "proto::stranger",
                AGENT_ID);
        try {
            stranger.send(AGENT_TOPIC, Msgs.get("stranger", "Device.DeviceInfo."), Optional.of(victim));
        } finally {
            stranger.close();
        }
        // The agent answers in order: had it published for the stranger, that would arrive before this answer.
        controller.send(AGENT_TOPIC, Msgs.get("after", "Device.DeviceInfo.SerialNumber"),
                Optional.of(CONTROLLER_TOPIC));
        PahoTestController.Received next = controller.nextMessage(WAIT_SECONDS);
        assertNotNull(next);
        assertEquals("after", PahoTestController.message(next).getHeader().getMsgId());
        assertEquals(CONTROLLER_TOPIC, next.topic());
        assertTrue(controller.received.stream().noneMatch(r -> r.topic().startsWith("zigbee2mqtt/")),
                controller.received.toString());
    }

    private void assertErrorAnswer(String msgId) throws Exception {
        PahoTestController.Received answer = usp.controller().nextMessage(WAIT_SECONDS);
        assertNotNull(answer, "no answer to " + msgId);
        UspMsg.Msg reply = PahoTestController.message(answer);
        assertEquals(msgId, reply.getHeader().getMsgId());
        int code = reply.getBody().hasError() ? reply.getBody().getError().getErrCode()
                : reply.getBody().getResponse().getGetResp().getReqPathResults(0).getErrCode();
        assertTrue(code >= 7000 && code < 7100, msgId + " answered " + reply);
    }

    /** TP-469 11.16 / R-MQTT.33: the broker goes away and comes back; the agent reconnects and answers again. */
    @ParameterizedTest
    @EnumSource(TestBroker.Kind.class)
    void tp11_16_reconnectsAfterTheBrokerRestarts(TestBroker.Kind kind) throws Exception {
        usp.start(kind);
        PahoTestController controller = usp.controller();
        assertEquals("online", awaitStatus("online"));
        usp.broker().stop();
        Thread.sleep(1_500);
        usp.broker().restart();
        // A fresh test controller, so only the agent's reconnect is under test.
        controller = usp.reconnectController();
        PahoTestController.Received answer = null;
        for (int attempt = 0; attempt < 10 && answer == null; attempt++) {
            controller.send(AGENT_TOPIC, Msgs.get("get-r" + attempt, "Device.DeviceInfo.SerialNumber"),
                    Optional.of(CONTROLLER_TOPIC));
            answer = controller.nextMessage(5);
        }
        assertNotNull(answer, "the agent did not answer after the broker restart");
        assertTrue(PahoTestController.message(answer).getHeader().getMsgId().startsWith("get-r"));
    }

    private String awaitStatus(String wanted) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT_SECONDS * 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            String s = usp.controller().status.poll(1, java.util.concurrent.TimeUnit.SECONDS);
            if (wanted.equals(s)) {
                return s;
            }
        }
        throw new AssertionError("no status " + wanted);
    }
}
