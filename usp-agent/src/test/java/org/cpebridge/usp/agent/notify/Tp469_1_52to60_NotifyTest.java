package org.cpebridge.usp.agent.notify;

import static org.cpebridge.usp.agent.notify.NotifyHarness.CONTROLLER;
import static org.cpebridge.usp.agent.notify.NotifyHarness.notifyOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.cpebridge.core.event.DeviceEvent;
import org.cpebridge.usp.proto.UspMsg;
import org.cpebridge.usp.testing.Msgs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mirrors of TP-469 1.4.0 section 1, cases 1.52-1.60 (Notify and Subscription), over the real agent model with a
 * manual clock and scheduler. TP-469 sets {@code Controller.{i}.ProvisioningCode}; one 1.52 case does too, the others
 * use {@code Device.ProxiedDevice.3.Name} (a Set renames the core device, whose DeviceChanged event drives the
 * notification through the core). Times are the test plan's; the manual clock makes them exact.
 */
class Tp469_1_52to60_NotifyTest {
    private static final String PLUG = "Device.ProxiedDevice.3.";

    @TempDir
    Path dir;
    private NotifyHarness h;

    @BeforeEach
    void setUp() {
        h = new NotifyHarness(dir, Instant.parse("2026-11-24T10:00:30Z"));
    }

    @AfterEach
    void tearDown() {
        h.close();
    }

    /** Set the plug's Name and hand the rename to the notifier. */
    private void rename(String name) throws Exception {
        UspMsg.Msg reply = h.set(PLUG, "Name", name);
        assertTrue(reply.getBody().getResponse().hasSetResp(), reply.toString());
        h.pumpEventsUntil(e -> e instanceof DeviceEvent.DeviceChanged c && c.after().name().equals(name));
    }

    @Test
    void tp1_52_valueChangeSubscriptionNotifies() throws Exception {
        h.subscribe("notify52", "ValueChange", PLUG + "Name", "NotifRetry", "true");
        rename("TestValue52");
        assertEquals(1, h.sent.size(), h.sent.toString());
        assertEquals(CONTROLLER, h.sent.get(0).getKey());
        UspMsg.Msg msg = h.sent.get(0).getValue();
        assertEquals(UspMsg.Header.MsgType.NOTIFY, msg.getHeader().getMsgType());
        UspMsg.Notify n = notifyOf(msg);
        assertEquals("notify52", n.getSubscriptionId());
        assertTrue(n.getSendResp(), "NotifRetry=true gives send_resp=true");
        assertEquals(PLUG + "Name", n.getValueChange().getParamPath());
        assertEquals("TestValue52", n.getValueChange().getParamValue());
        h.answer(msg);
        assertEquals(0, h.agent.notificationsAwaitingAnswer());
    }

    @Test
    void tp1_52_valueChangeOfTheControllersProvisioningCode() throws Exception {
        // TP-469's own parameter: Device.LocalAgent.Controller.<instance>.ProvisioningCode.
        h.set("Device.LocalAgent.Controller.1.", "ProvisioningCode", "NotTestValue52");
        h.subscribe("notify52", "ValueChange", "Device.LocalAgent.Controller.1.ProvisioningCode",
                "NotifRetry", "true");
        h.set("Device.LocalAgent.Controller.1.", "ProvisioningCode", "TestValue52");
        assertEquals(1, h.sent.size(), h.sent.toString());
        UspMsg.Notify n = notifyOf(h.sent.get(0).getValue());
        assertEquals("notify52", n.getSubscriptionId());
        assertEquals("Device.LocalAgent.Controller.1.ProvisioningCode", n.getValueChange().getParamPath());
        assertEquals("TestValue52", n.getValueChange().getParamValue());
        h.set("Device.LocalAgent.Controller.1.", "ProvisioningCode", "TestValue52");
        assertEquals(1, h.sent.size(), "setting the same value again is no change");
    }

    @Test
    void tp1_52_anErrorFromTheControllerAlsoEndsTheRetries() throws Exception {
        h.subscribe("notify52", "ValueChange", PLUG + "Name", "NotifRetry", "true");
        rename("TestValue52");
        UspMsg.Msg error = UspMsg.Msg.newBuilder().setHeader(UspMsg.Header.newBuilder()
                .setMsgId(h.sent.get(0).getValue().getHeader().getMsgId()).setMsgType(UspMsg.Header.MsgType.ERROR))
                .setBody(UspMsg.Body.newBuilder().setError(UspMsg.Error.newBuilder().setErrCode(7002))).build();
        assertTrue(h.trySend(CONTROLLER, error).isEmpty());
        assertEquals(0, h.agent.notificationsAwaitingAnswer());
        h.advance(Duration.ofHours(1));
        assertEquals(1, h.sent.size());
    }

    @Test
    void tp1_53_deletedSubscriptionNoLongerNotifies() throws Exception {
        String row = h.subscribe("notify53", "ValueChange", PLUG + "Name", "NotifRetry", "true");
        rename("TestValue53");
        h.answer(h.sent.get(0).getValue());
        UspMsg.Msg deleted = h.send(CONTROLLER, Msgs.request("del", UspMsg.Header.MsgType.DELETE,
                UspMsg.Request.newBuilder().setDelete(UspMsg.Delete.newBuilder().addObjPaths(row)).build()));
        assertTrue(deleted.getBody().getResponse().hasDeleteResp(), deleted.toString());
        rename("notify53-2");
        h.advance(Duration.ofSeconds(20));
        assertEquals(1, h.sent.size(), h.sent.toString());
    }

    @Test
    void tp1_54_notifyIsRetriedWithTheBackOffUntilTheNotifyResp() throws Exception {
        h.subscribe("notify54", "ValueChange", PLUG + "Name", "NotifRetry", "true");
        rename("TestValue54");
        Instant first = h.sentAt.get(0);
        h.advance(Duration.ofMillis(4999));
        assertEquals(1, h.sent.size(), "R-NOT.1: no retry before m = 5 s");
        h.advance(Duration.ofMillis(5001));
        assertEquals(2, h.sent.size(), "retry #1 within 5-10 s");
        Duration firstWait = Duration.between(first, h.sentAt.get(1));
        assertTrue(firstWait.compareTo(Duration.ofSeconds(5)) >= 0 && firstWait.compareTo(Duration.ofSeconds(10)) <= 0,
                firstWait.toString());
        h.advance(Duration.ofSeconds(20));
        assertEquals(3, h.sent.size(), "retry #2 within 10-20 s of retry #1");
        Duration secondWait = Duration.between(h.sentAt.get(1), h.sentAt.get(2));
        assertTrue(secondWait.compareTo(Duration.ofSeconds(10)) >= 0
                && secondWait.compareTo(Duration.ofSeconds(20)) <= 0, secondWait.toString());
        // A retry is the same Notify (same msg_id), so the Controller can answer any copy.
        assertEquals(h.sent.get(0).getValue(), h.sent.get(2).getValue());
        h.answer(h.sent.get(2).getValue());
        h.advance(Duration.ofHours(2));
        assertEquals(3, h.sent.size(), "no retry after the NotifyResp");
        assertEquals(0, h.agent.notificationsAwaitingAnswer());
    }

    @Test
    void tp1_55_timeToLiveRemovesTheSubscription() throws Exception {
        String row = h.subscribe("notify55", "ValueChange", PLUG + "Name", "NotifRetry", "true",
                "TimeToLive", "20");
        rename("TestValue55");
        assertEquals(1, h.sent.size());
        h.answer(h.sent.get(0).getValue());
        h.advance(Duration.ofSeconds(19));
        assertTrue(h.get("Device.LocalAgent.Subscription.").containsKey(row));
        h.advance(Duration.ofSeconds(1));
        assertFalse(h.get("Device.LocalAgent.Subscription.").containsKey(row), "gone 20 s after creation");
        assertEquals(0, instances("Device.LocalAgent.Subscription.").size());
        rename("TestValue55-2");
        h.advance(Duration.ofSeconds(10));
        assertEquals(1, h.sent.size(), "no Notify once the subscription expired");
    }

    @Test
    void tp1_55_persistentSubscriptionExpiresAfterARestartToo() throws Exception {
        String row = h.subscribe("kept", "ValueChange", PLUG + "Name", "Persistent", "true", "TimeToLive", "60");
        h.advance(Duration.ofSeconds(30));
        h.restart();
        assertTrue(h.get("Device.LocalAgent.Subscription.").containsKey(row), "stored row is back");
        h.advance(Duration.ofSeconds(29));
        assertTrue(h.get("Device.LocalAgent.Subscription.").containsKey(row));
        h.advance(Duration.ofSeconds(1));
        assertFalse(h.get("Device.LocalAgent.Subscription.").containsKey(row),
                "60 s after its CreationDate, counted across the restart");
        h.restart();
        assertTrue(h.get("Device.LocalAgent.Subscription.").isEmpty(), "the deletion was stored");
    }

    @Test
    void tp1_56_retriesStopAtNotifExpiration() throws Exception {
        h.subscribe("notify56", "ValueChange", PLUG + "Name", "NotifRetry", "true", "NotifExpiration", "20");
        rename("TestValue56");
        Instant first = h.sentAt.get(0);
        h.advance(Duration.ofSeconds(20));
        int withinExpiration = h.sent.size();
        assertTrue(withinExpiration >= 2, "retried within the 20 s: " + h.sentAt);
        h.advance(Duration.ofSeconds(30));
        h.advance(Duration.ofHours(2));
        assertEquals(withinExpiration, h.sent.size(), "no retry after NotifExpiration: " + h.sentAt);
        assertTrue(Duration.between(first, h.sentAt.get(h.sentAt.size() - 1)).compareTo(Duration.ofSeconds(20)) <= 0);
        assertEquals(0, h.agent.notificationsAwaitingAnswer());
    }

    @Test
    void tp1_57_objectCreationOfASubscriptionRow() throws Exception {
        h.subscribe("notify57", "ObjectCreation", "Device.LocalAgent.Subscription.", "NotifRetry", "true");
        assertEquals(0, h.sent.size(), "a subscription does not report its own creation");
        String row = h.subscribe("notify57-2", "ValueChange", PLUG + "Name", "NotifRetry", "true");
        assertEquals(1, h.sent.size());
        UspMsg.Notify n = notifyOf(h.sent.get(0).getValue());
        assertEquals("notify57", n.getSubscriptionId());
        assertEquals(row, n.getObjCreation().getObjPath());
        assertEquals(Map.of("Alias", "cpe-2", "ID", "notify57-2", "Recipient", "Device.LocalAgent.Controller.1."),
                n.getObjCreation().getUniqueKeysMap());
    }

    @Test
    void tp1_58_objectDeletionOfASubscriptionRow() throws Exception {
        String existing = h.subscribe("existing", "ValueChange", PLUG + "Name");
        h.subscribe("notify58", "ObjectDeletion", "Device.LocalAgent.Subscription.", "NotifRetry", "true");
        UspMsg.Msg deleted = h.send(CONTROLLER, Msgs.request("del", UspMsg.Header.MsgType.DELETE,
                UspMsg.Request.newBuilder().setDelete(UspMsg.Delete.newBuilder().addObjPaths(existing)).build()));
        assertTrue(deleted.getBody().getResponse().hasDeleteResp(), deleted.toString());
        assertEquals(1, h.sent.size());
        UspMsg.Notify n = notifyOf(h.sent.get(0).getValue());
        assertEquals("notify58", n.getSubscriptionId());
        assertEquals(existing, n.getObjDeletion().getObjPath());
    }

    @Test
    void tp1_59_periodicEventFollowsIntervalAndTime() throws Exception {
        UspMsg.Msg set = h.set("Device.LocalAgent.Controller.1.", "PeriodicNotifInterval", "60",
                "PeriodicNotifTime", "2019-01-01T00:00:00Z");
        assertTrue(set.getBody().getResponse().getSetResp().getUpdatedObjResults(0).getOperStatus().hasOperSuccess(),
                set.toString());
        h.subscribe("sub-103", "Event", "Device.LocalAgent.Periodic!");
        // Now is 10:00:30; the phase is 2019-01-01T00:00:00Z + n * 60 s, so the first is due at 10:01:00.
        h.advance(Duration.ofMillis(29_999));
        assertEquals(0, h.sent.size());
        h.advance(Duration.ofMillis(1));
        assertEquals(1, h.sent.size());
        assertEquals(Instant.parse("2026-11-24T10:01:00Z"), h.sentAt.get(0));
        UspMsg.Notify n = notifyOf(h.sent.get(0).getValue());
        assertEquals("sub-103", n.getSubscriptionId());
        assertEquals("Device.LocalAgent.", n.getEvent().getObjPath());
        assertEquals("Periodic!", n.getEvent().getEventName());
        h.advance(Duration.ofSeconds(60));
        assertEquals(2, h.sent.size());
        assertEquals(Duration.ofSeconds(60), Duration.between(h.sentAt.get(0), h.sentAt.get(1)),
                "the second 60 (+/- 4) s after the first");
    }

    @Test
    void tp1_59_zeroIntervalIsRefused() throws Exception {
        UspMsg.Msg set = h.set("Device.LocalAgent.Controller.1.", "PeriodicNotifInterval", "0");
        String reply = set.toString();
        assertTrue(set.getBody().hasError() || set.getBody().getResponse().getSetResp().getUpdatedObjResults(0)
                .getOperStatus().hasOperFailure(), reply);
        assertTrue(reply.contains("7012"), "TR-181 range minInclusive 1: " + reply);
    }

    @Test
    void tp1_60_sendOnBoardRequestSendsAnOnBoardRequest() throws Exception {
        assertTrue(h.operate("Device.LocalAgent.Controller.1.SendOnBoardRequest()", false, "test60").isEmpty(),
                "send_resp=false: no OperateResp");
        assertEquals(1, h.sent.size());
        assertEquals(CONTROLLER, h.sent.get(0).getKey());
        UspMsg.Notify n = notifyOf(h.sent.get(0).getValue());
        assertEquals("", n.getSubscriptionId(), "R-NOT.7");
        assertTrue(n.getSendResp(), "R-NOT.6");
        assertEquals("000000", n.getOnBoardReq().getOui());
        assertEquals("SmartHomeBridge", n.getOnBoardReq().getProductClass());
        assertEquals("CPEB-TEST0001", n.getOnBoardReq().getSerialNumber());
        assertEquals("1.0,1.1,1.2,1.3,1.4", n.getOnBoardReq().getAgentSupportedProtocolVersions());
        // R-NOT.6a: retried, and never expiring, until the Controller answers.
        h.advance(Duration.ofHours(3));
        assertTrue(h.sent.size() >= 5, h.sentAt.toString());
        h.answer(h.sent.get(0).getValue());
        int answeredAt = h.sent.size();
        h.advance(Duration.ofHours(3));
        assertEquals(answeredAt, h.sent.size());
    }

    private java.util.List<String> instances(String table) throws Exception {
        UspMsg.Msg reply = h.send(CONTROLLER, Msgs.request("gi", UspMsg.Header.MsgType.GET_INSTANCES,
                UspMsg.Request.newBuilder().setGetInstances(UspMsg.GetInstances.newBuilder().addObjPaths(table)
                        .setFirstLevelOnly(true)).build()));
        return reply.getBody().getResponse().getGetInstancesResp().getReqPathResults(0).getCurrInstsList().stream()
                .map(UspMsg.GetInstancesResp.CurrInstance::getInstantiatedObjPath).toList();
    }
}
