package org.cpebridge.usp.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.cpebridge.usp.proto.UspMsg;
import org.cpebridge.usp.record.RecordBody;
import org.cpebridge.usp.testing.FakeAdapter;
import org.cpebridge.usp.testing.Msgs;
import org.cpebridge.usp.testing.PahoTestController;
import org.cpebridge.usp.testing.TestBroker;
import org.cpebridge.usp.testing.TestFaceContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Notifications end to end over a real MQTT 5 broker: a door contact's {@code opened} event in the core reaches a
 * Paho test Controller as a Notify Event ({@code X_CPEBRIDGE_CapabilityEvent!}) on its configured topic, with
 * {@code send_resp=true} for a NotifRetry subscription; after the Controller's NotifyResp no retry follows.
 */
class UspNotifyMqttIT {
    private static final String AGENT_ID = "os::000000-CPEB-TEST0001";
    private static final String AGENT_TOPIC = "usp/agent/notify-it";
    private static final String CONTROLLER_ID = "proto::notify-it-controller";
    private static final String CONTROLLER_TOPIC = "usp/controller/notify-it";
    private static final String REPLY_TOPIC = "usp/controller/notify-it-reply";
    private static final String DOOR = "Device.ProxiedDevice.2.";
    private static final int WAIT_SECONDS = 30;

    @TempDir
    Path dir;

    private TestBroker broker;
    private TestFaceContext context;
    private UspFace face;
    private PahoTestController controller;

    private void startAll(TestBroker.Kind kind) throws Exception {
        Files.createDirectories(dir.resolve("broker"));
        broker = kind.start(dir.resolve("broker"));
        controller = new PahoTestController(broker.url(), CONTROLLER_ID, AGENT_ID, CONTROLLER_TOPIC, REPLY_TOPIC);
        context = new TestFaceContext(dir.resolve("data"), Map.of(
                "usp.mqtt.url", broker.url(),
                "usp.mqtt.agentTopic", AGENT_TOPIC,
                "usp.mqtt.connectRetryTime", "1s",
                "usp.mqtt.connectRetryMaxInterval", "2s",
                "usp.controller.endpointId", CONTROLLER_ID,
                "usp.controller.topic", CONTROLLER_TOPIC));
        context.adapter.registerDevices();
        face = new UspFace(context);
        face.start();
        // The MQTTConnect Record (R-MTP.6) says the agent's link is up.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (true) {
            PahoTestController.Received r = controller.received.poll(1, TimeUnit.SECONDS);
            if (r != null && r.record() != null && r.record().body() instanceof RecordBody.MqttConnect) {
                return;
            }
            assertTrue(System.nanoTime() < deadline, "no MQTTConnect Record within " + WAIT_SECONDS + " s");
        }
    }

    @AfterEach
    void stopAll() throws Exception {
        if (face != null) {
            face.close();
        }
        if (controller != null) {
            controller.close();
        }
        if (context != null) {
            context.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    private void subscribeToDoorEvents() throws Exception {
        UspMsg.Add.CreateObject.Builder create = UspMsg.Add.CreateObject.newBuilder()
                .setObjPath("Device.LocalAgent.Subscription.");
        Map.of("Enable", "true", "ID", "door-events", "NotifType", "Event",
                "ReferenceList", DOOR + "X_CPEBRIDGE_CapabilityEvent!", "NotifRetry", "true")
                .forEach((k, v) -> create.addParamSettings(UspMsg.Add.CreateParamSetting.newBuilder().setParam(k)
                        .setValue(v).setRequired(true)));
        controller.send(AGENT_TOPIC, Msgs.request("add-events", UspMsg.Header.MsgType.ADD, UspMsg.Request
                .newBuilder().setAdd(UspMsg.Add.newBuilder().addCreateObjs(create)).build()), Optional.of(CONTROLLER_TOPIC));
        PahoTestController.Received added = controller.nextMessage(WAIT_SECONDS);
        assertNotNull(added, "no AddResp");
        assertTrue(PahoTestController.message(added).getBody().getResponse().hasAddResp());
    }

    private UspMsg.Msg awaitDoorEventNotify() throws Exception {
        context.registry.fireEvent(FakeAdapter.DOOR, "contact", "opened", Map.of());
        PahoTestController.Received received = controller.nextMessage(WAIT_SECONDS);
        assertNotNull(received, "no Notify for the door event");
        assertEquals(CONTROLLER_TOPIC, received.topic());
        assertEquals(AGENT_ID, received.record().fromId());
        UspMsg.Msg msg = PahoTestController.message(received);
        assertEquals(UspMsg.Header.MsgType.NOTIFY, msg.getHeader().getMsgType());
        UspMsg.Notify notify = msg.getBody().getRequest().getNotify();
        assertEquals("door-events", notify.getSubscriptionId());
        assertTrue(notify.getSendResp());
        assertEquals(DOOR, notify.getEvent().getObjPath());
        assertEquals("X_CPEBRIDGE_CapabilityEvent!", notify.getEvent().getEventName());
        assertEquals("contact", notify.getEvent().getParamsMap().get("Capability"));
        assertEquals("opened", notify.getEvent().getParamsMap().get("Event"));
        return msg;
    }

    @ParameterizedTest
    @EnumSource(TestBroker.Kind.class)
    void deviceEventReachesTheControllerAsANotifyEvent(TestBroker.Kind kind) throws Exception {
        startAll(kind);
        subscribeToDoorEvents();
        awaitDoorEventNotify();
    }

    /** TR-369 R-NOT.1: without a NotifyResp the Notify comes again after 5-10 s; after one, it does not. */
    @Test
    void notifyRespEndsTheRetries() throws Exception {
        startAll(TestBroker.Kind.EMBEDDED);
        subscribeToDoorEvents();
        UspMsg.Msg first = awaitDoorEventNotify();
        PahoTestController.Received retry = controller.nextMessage(WAIT_SECONDS);
        assertNotNull(retry, "no retry without a NotifyResp");
        assertEquals(first, PahoTestController.message(retry), "a retry is the same Notify");
        controller.send(AGENT_TOPIC, UspMsg.Msg.newBuilder()
                .setHeader(UspMsg.Header.newBuilder().setMsgId(first.getHeader().getMsgId())
                        .setMsgType(UspMsg.Header.MsgType.NOTIFY_RESP))
                .setBody(UspMsg.Body.newBuilder().setResponse(UspMsg.Response.newBuilder().setNotifyResp(
                        UspMsg.NotifyResp.newBuilder().setSubscriptionId("door-events")))).build(), Optional.empty());
        // The next retry was due 10-20 s after the first; nothing arrives within 25 s once answered.
        assertNull(controller.nextMessage(25), "retried after the NotifyResp");
    }
}
