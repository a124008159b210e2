package org.cpebridge.usp.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import org.cpebridge.usp.proto.UspMsg;
import org.cpebridge.usp.testing.FakeAdapter;
import org.cpebridge.usp.testing.Msgs;
import org.cpebridge.usp.testing.PahoTestController;
import org.cpebridge.usp.testing.TestBroker;
import org.cpebridge.usp.testing.UspMqttHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Notifications end to end over a real MQTT 5 broker: a door contact's {@code opened} event in the core reaches a
 * Paho test Controller as a Notify Event ({@code X_CPEBRIDGE_CapabilityEvent!}) on its configured topic, with
 * {@code send_resp=true} for a NotifRetry subscription; after the Controller's NotifyResp no retry follows.
 */
class UspNotifyMqttIT {
    private static final String AGENT_ID = UspMqttHarness.AGENT_ID;
    private static final String AGENT_TOPIC = "usp/agent/notify-it";
    private static final String CONTROLLER_ID = "proto::notify-it-controller";
    private static final String CONTROLLER_TOPIC = "usp/controller/notify-it";
    private static final String REPLY_TOPIC = "usp/controller/notify-it-reply";
    private static final String DOOR = "Device.ProxiedDevice.2.";
    private static final int WAIT_SECONDS = 30;

    @RegisterExtension
    final UspMqttHarness usp = UspMqttHarness.agentTopic(AGENT_TOPIC).controller(CONTROLLER_ID, CONTROLLER_TOPIC)
            .subscribe(CONTROLLER_TOPIC, REPLY_TOPIC);

    private void subscribeToDoorEvents() throws Exception {
        UspMsg.Msg added = usp.ask(Msgs.add("add-events", "Device.LocalAgent.Subscription.", "Enable", "true",
                "ID", "door-events", "NotifType", "Event", "ReferenceList", DOOR + "X_CPEBRIDGE_CapabilityEvent!",
                "NotifRetry", "true"), Optional.of(CONTROLLER_TOPIC));
        assertNotNull(added, "no AddResp");
        assertTrue(added.getBody().getResponse().hasAddResp());
    }

    private UspMsg.Msg awaitDoorEventNotify() throws Exception {
        usp.context().registry.fireEvent(FakeAdapter.DOOR, "contact", "opened", Map.of());
        PahoTestController.Received received = usp.controller().nextMessage(WAIT_SECONDS);
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
        usp.start(kind);
        subscribeToDoorEvents();
        awaitDoorEventNotify();
    }

    /** TR-369 R-NOT.1: without a NotifyResp the Notify comes again after 5-10 s; after one, it does not. */
    @Test
    void notifyRespEndsTheRetries() throws Exception {
        usp.start(TestBroker.Kind.EMBEDDED);
        PahoTestController controller = usp.controller();
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

    /**
     * Issue 23: a Notify larger than the broker's Maximum Packet Size (mosquitto's max_packet_size 16384, announced
     * in its CONNACK) is not sent, and the link stays up. Two subscriptions to the door's events, one with a 20 kB ID
     * (which every Notify carries; added over the WebSocket MTP, whose answers may be that large): the door opens, the
     * small Notify arrives over MQTT, the large one never does, and the next Get is answered.
     */
    @Test
    void aNotifyAboveTheBrokersMaximumPacketSizeIsNotSentAndTheLinkStays() throws Exception {
        usp.startMosquitto("max_packet_size 16384\n");
        usp.startAfterBroker(Map.of("usp.websocket.listen", "127.0.0.1:0"));
        UspFace face = usp.face();
        PahoTestController controller = usp.controller();
        String hugeId = "door-" + "x".repeat(20_000);
        UspMsg.Add.CreateObject.Builder create = UspMsg.Add.CreateObject.newBuilder()
                .setObjPath("Device.LocalAgent.Subscription.");
        Map.of("Enable", "true", "ID", hugeId, "NotifType", "Event",
                "ReferenceList", DOOR + "X_CPEBRIDGE_CapabilityEvent!")
                .forEach((k, v) -> create.addParamSettings(UspMsg.Add.CreateParamSetting.newBuilder().setParam(k)
                        .setValue(v).setRequired(true)));
        java.net.URI uri = java.net.URI.create("ws://127.0.0.1:" + face.webSocketAddress().orElseThrow().getPort()
                + "/usp?eid=" + CONTROLLER_ID);
        try (org.cpebridge.usp.testing.JdkWebSocketController ws = org.cpebridge.usp.testing.JdkWebSocketController
                .connectWithSecret(UspWebSocketAuthIT.secretOf(usp.context(), CONTROLLER_ID), uri, CONTROLLER_ID,
                        AGENT_ID, "v1.usp")) {
            ws.send(Msgs.request("add-huge", UspMsg.Header.MsgType.ADD, UspMsg.Request.newBuilder()
                    .setAdd(UspMsg.Add.newBuilder().addCreateObjs(create)).build()));
            UspMsg.Msg added = ws.nextMessage(WAIT_SECONDS);
            assertNotNull(added, "no AddResp");
            assertTrue(added.getBody().getResponse().hasAddResp(), added.toString());
            ws.sendClose(1000, "done");
            ws.awaitClose(WAIT_SECONDS);
        }
        Thread.sleep(500); // the agent forgets the closed session on its event loop; Notify then takes MQTT
        subscribeToDoorEvents();

        awaitDoorEventNotify();
        assertTrue(face.mtpUp());
        controller.send(AGENT_TOPIC, Msgs.get("after-notify", "Device.DeviceInfo.SerialNumber"),
                Optional.of(CONTROLLER_TOPIC));
        UspMsg.Msg answer;
        do {
            PahoTestController.Received received = controller.nextMessage(WAIT_SECONDS);
            assertNotNull(received, "no GetResp");
            answer = PahoTestController.message(received);
            assertTrue(!answer.getBody().getRequest().hasNotify()
                    || answer.getBody().getRequest().getNotify().getSubscriptionId().equals("door-events"),
                    "the 20 kB Notify was sent");
        } while (answer.getHeader().getMsgType() == UspMsg.Header.MsgType.NOTIFY);
        assertEquals("after-notify", answer.getHeader().getMsgId());
    }
}
