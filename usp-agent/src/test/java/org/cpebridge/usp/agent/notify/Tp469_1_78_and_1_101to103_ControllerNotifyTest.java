package org.cpebridge.usp.agent.notify;

import static org.cpebridge.usp.agent.notify.NotifyHarness.CONTROLLER;
import static org.cpebridge.usp.agent.notify.NotifyHarness.notifyOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.cpebridge.usp.proto.UspMsg;
import org.cpebridge.usp.testing.Msgs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mirrors of TP-469 1.4.0 1.78 (subscriptions of a deleted Controller go) and 1.101-1.103 (OnBoardingComplete and
 * OnBoardingRestartTime), with a manual clock and scheduler.
 */
class Tp469_1_78_and_1_101to103_ControllerNotifyTest {
    private static final String SECONDARY = "proto::secondary-controller";
    private static final String CONTROLLER_1 = "Device.LocalAgent.Controller.1.";

    @TempDir
    Path dir;
    private NotifyHarness h;

    @BeforeEach
    void setUp() {
        h = new NotifyHarness(dir, Instant.parse("2026-11-24T10:00:00Z"));
    }

    @AfterEach
    void tearDown() {
        h.close();
    }

    @Test
    void tp1_78_subscriptionsOfADeletedControllerAreRemoved() throws Exception {
        UspMsg.Msg added = h.send(CONTROLLER, Msgs.request("add-c", UspMsg.Header.MsgType.ADD,
                UspMsg.Request.newBuilder().setAdd(UspMsg.Add.newBuilder().addCreateObjs(UspMsg.Add.CreateObject
                        .newBuilder().setObjPath("Device.LocalAgent.Controller.")
                        .addParamSettings(UspMsg.Add.CreateParamSetting.newBuilder().setParam("EndpointID")
                                .setValue(SECONDARY))
                        .addParamSettings(UspMsg.Add.CreateParamSetting.newBuilder().setParam("AssignedRole")
                                .setValue("Device.LocalAgent.ControllerTrust.Role.1.")))).build()));
        String secondaryRow = added.getBody().getResponse().getAddResp().getCreatedObjResults(0).getOperStatus()
                .getOperSuccess().getInstantiatedPath();
        String primarySub = h.subscribe("primary", "ValueChange", "Device.ProxiedDevice.*.Name");
        String secondarySub = h.subscribeAs(SECONDARY, "secondary", "ValueChange", "Device.ProxiedDevice.*.Name");
        assertEquals(secondaryRow, h.get(secondarySub + "Recipient").get(secondarySub).get("Recipient"));

        UspMsg.Msg deleted = h.send(CONTROLLER, Msgs.request("del-c", UspMsg.Header.MsgType.DELETE,
                UspMsg.Request.newBuilder().setDelete(UspMsg.Delete.newBuilder().addObjPaths(secondaryRow)).build()));
        assertTrue(deleted.getBody().getResponse().hasDeleteResp(), deleted.toString());
        Map<String, Map<String, String>> rows = h.get("Device.LocalAgent.Subscription.");
        assertFalse(rows.containsKey(secondarySub), rows.toString());
        assertTrue(rows.containsKey(primarySub), rows.toString());
    }

    /**
     * R-NOT.5 item 3: at start (the first MTP link up), a Controller whose OnBoardingComplete is false gets an
     * OnBoardRequest, again after every restart, until it sets OnBoardingComplete to true. The Controller created from
     * the configuration starts complete unless {@code usp.controller.onBoard} says otherwise.
     */
    @Test
    void rNot5_3_onBoardRequestAtStartWhileOnBoardingIsIncomplete() throws Exception {
        h.agent.announceBoot();
        assertTrue(h.messages().stream().noneMatch(m -> notifyOf(m).hasOnBoardReq()), "the configured one is done");

        h.set(CONTROLLER_1, "OnBoardingComplete", "false");
        h.restart();
        h.agent.announceBoot();
        List<Map.Entry<String, UspMsg.Msg>> requests = h.sent.stream()
                .filter(e -> notifyOf(e.getValue()).hasOnBoardReq()).toList();
        assertEquals(1, requests.size(), h.sent.toString());
        assertEquals(CONTROLLER, requests.get(0).getKey());
        assertTrue(notifyOf(requests.get(0).getValue()).getSendResp(), "R-NOT.6: send_resp=true");
        h.answer(requests.get(0).getValue());

        h.set(CONTROLLER_1, "OnBoardingComplete", "true");
        h.sent.clear();
        h.restart();
        h.agent.announceBoot();
        assertTrue(h.messages().stream().noneMatch(m -> notifyOf(m).hasOnBoardReq()), h.sent.toString());
    }

    @Test
    void tp1_101_sendOnBoardRequestSetsOnBoardingCompleteToFalse() throws Exception {
        h.set(CONTROLLER_1, "OnBoardingComplete", "true");
        h.operate(CONTROLLER_1 + "SendOnBoardRequest()", false, "test101");
        assertEquals(1, h.sent.size());
        assertTrue(notifyOf(h.sent.get(0).getValue()).hasOnBoardReq());
        h.answer(h.sent.get(0).getValue());
        assertEquals("false", h.get(CONTROLLER_1 + "OnBoardingComplete").get(CONTROLLER_1).get("OnBoardingComplete"));
        UspMsg.Msg set = h.set(CONTROLLER_1, "OnBoardingComplete", "true");
        assertTrue(set.getBody().getResponse().getSetResp().getUpdatedObjResults(0).getOperStatus().hasOperSuccess());
    }

    @Test
    void tp1_102_onBoardRequestRestartsAfterOnBoardingRestartTimeUntilComplete() throws Exception {
        h.set(CONTROLLER_1, "OnBoardingRestartTime", "60");
        h.operate(CONTROLLER_1 + "SendOnBoardRequest()", false, "test102");
        assertEquals(1, h.sent.size());
        h.advance(Duration.ofSeconds(2));
        h.answer(h.sent.get(0).getValue());
        Instant answeredAt = h.clock.instant();
        h.advance(Duration.ofMillis(59_999));
        assertEquals(1, h.sent.size());
        h.advance(Duration.ofMillis(1));
        assertEquals(2, h.sent.size(), "another OnBoardRequest 60 s after the NotifyResp");
        assertEquals(answeredAt.plusSeconds(60), h.sentAt.get(1));
        assertTrue(notifyOf(h.sent.get(1).getValue()).hasOnBoardReq());
        h.answer(h.sent.get(1).getValue());
        h.set(CONTROLLER_1, "OnBoardingComplete", "true");
        h.advance(Duration.ofMinutes(10));
        assertEquals(2, h.sent.size(), "none once OnBoardingComplete is true");
    }

    @Test
    void tp1_103_noRestartWhenOnBoardingRestartTimeIsZero() throws Exception {
        h.set(CONTROLLER_1, "OnBoardingRestartTime", "0");
        h.operate(CONTROLLER_1 + "SendOnBoardRequest()", false, "test103");
        h.answer(h.sent.get(0).getValue());
        h.advance(Duration.ofSeconds(60));
        h.advance(Duration.ofHours(1));
        assertEquals(1, h.sent.size(), h.sentAt.toString());
    }
}
