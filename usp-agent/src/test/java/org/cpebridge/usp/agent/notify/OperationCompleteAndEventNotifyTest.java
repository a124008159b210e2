package org.cpebridge.usp.agent.notify;

import static org.cpebridge.usp.agent.notify.NotifyHarness.CONTROLLER;
import static org.cpebridge.usp.agent.notify.NotifyHarness.notifyOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.cpebridge.core.event.DeviceEvent;
import org.cpebridge.core.model.PrivacyClass;
import org.cpebridge.core.model.Value;
import org.cpebridge.usp.proto.UspMsg;
import org.cpebridge.usp.testing.FakeAdapter;
import org.cpebridge.usp.testing.Msgs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * OperationComplete to subscriptions whose ReferenceList covers the command or its Request row (TR-369 "Asynchronous
 * Operations"; TR-181 Subscription.ReferenceList for OperationComplete), and core capability events as the vendor
 * Event {@code ProxiedDevice.{i}.X_CPEBRIDGE_CapabilityEvent!} (declared, so GetSupportedDM lists it with its
 * arguments).
 */
class OperationCompleteAndEventNotifyTest {
    private static final String PLUG = "Device.ProxiedDevice.3.";
    private static final String TOGGLE_OBJECT = PLUG + "IoTCapability.1.BinaryControl.";

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

    private static UspMsg.Notify.OperationComplete toggled(String key) {
        return UspMsg.Notify.OperationComplete.newBuilder().setObjPath(TOGGLE_OBJECT).setCommandName("Toggle()")
                .setCommandKey(key).setReqOutputArgs(UspMsg.Notify.OperationComplete.OutputArgs.newBuilder())
                .build();
    }

    @Test
    void operationCompleteGoesToSubscriptionsCoveringTheCommandOrTheRequest() throws Exception {
        h.subscribe("by-command", "OperationComplete",
                "Device.ProxiedDevice.*.IoTCapability.*.BinaryControl.Toggle()");
        h.subscribe("by-object", "OperationComplete", PLUG);
        h.subscribe("by-request", "OperationComplete", "Device.LocalAgent.Request.");
        h.subscribe("other-command", "OperationComplete",
                "Device.ProxiedDevice.*.IoTCapability.*.LevelControl.StepUp()");
        h.subscribe("not-this-type", "Event", PLUG);
        h.agent.notifier().operationComplete("Device.LocalAgent.Request.7.", toggled("key-1"));
        assertEquals(List.of("by-command", "by-object", "by-request"), h.messages().stream()
                .map(m -> notifyOf(m).getSubscriptionId()).toList());
        UspMsg.Notify n = notifyOf(h.sent.get(0).getValue());
        assertEquals(toggled("key-1"), n.getOperComplete());
        assertEquals(false, n.getSendResp());
    }

    @Test
    void untrustedRecipientGetsNoOperationComplete() throws Exception {
        // Controller 2 is known but has the untrusted role: the policy withholds notifications (no n right).
        h.send(CONTROLLER, Msgs.request("add-c", UspMsg.Header.MsgType.ADD, UspMsg.Request.newBuilder().setAdd(
                UspMsg.Add.newBuilder().addCreateObjs(UspMsg.Add.CreateObject.newBuilder()
                        .setObjPath("Device.LocalAgent.Controller.")
                        .addParamSettings(UspMsg.Add.CreateParamSetting.newBuilder().setParam("EndpointID")
                                .setValue("proto::weak"))
                        .addParamSettings(UspMsg.Add.CreateParamSetting.newBuilder().setParam("AssignedRole")
                                .setValue("Device.LocalAgent.ControllerTrust.Role.1.")))).build()));
        h.subscribeAs("proto::weak", "weak", "OperationComplete", PLUG);
        h.set("Device.LocalAgent.Controller.2.", "AssignedRole", "Device.LocalAgent.ControllerTrust.Role.2.");
        h.agent.notifier().operationComplete("Device.LocalAgent.Request.1.", toggled("k"));
        assertTrue(h.sent.isEmpty(), h.sent.toString());
    }

    @Test
    void capabilityEventBecomesAVendorEvent() throws Exception {
        h.subscribe("buttons", "Event", "Device.ProxiedDevice.*.X_CPEBRIDGE_CapabilityEvent!", "NotifRetry", "true");
        h.subscribe("boot-only", "Event", "Device.Boot!");
        h.agent.notifier().onEvent(new DeviceEvent.CapabilityEvent(FakeAdapter.PLUG, "button", "pressed",
                Map.of("count", Value.of(2)), PrivacyClass.ACTIVITY, Instant.parse("2026-11-24T10:00:00Z")));
        assertEquals(1, h.sent.size(), h.sent.toString());
        UspMsg.Notify n = notifyOf(h.sent.get(0).getValue());
        assertEquals("buttons", n.getSubscriptionId());
        assertTrue(n.getSendResp());
        assertEquals(PLUG, n.getEvent().getObjPath());
        assertEquals("X_CPEBRIDGE_CapabilityEvent!", n.getEvent().getEventName());
        assertEquals(Map.of("Capability", "button", "Event", "pressed", "Fields", "{\"count\":\"2\"}"),
                n.getEvent().getParamsMap());
    }

    @Test
    void capabilityEventOfAnUnnumberedDeviceIsDropped() throws Exception {
        h.subscribe("all", "Event", "Device.");
        h.agent.notifier().onEvent(new DeviceEvent.CapabilityEvent(org.cpebridge.core.model.DeviceId.of("zigbee",
                "0x00000000deadbeef"), "button", "pressed", Map.of(), PrivacyClass.ACTIVITY, Instant.now()));
        assertTrue(h.sent.isEmpty());
    }

    @Test
    void getSupportedDmListsTheVendorEventAndThePeriodicEvent() throws Exception {
        UspMsg.Msg reply = h.send(CONTROLLER, Msgs.request("gsdm", UspMsg.Header.MsgType.GET_SUPPORTED_DM,
                UspMsg.Request.newBuilder().setGetSupportedDm(UspMsg.GetSupportedDM.newBuilder()
                        .addObjPaths("Device.").setReturnEvents(true).setReturnCommands(true)).build()));
        Map<String, List<String>> events = new java.util.TreeMap<>();
        Map<String, List<String>> commandInputs = new java.util.TreeMap<>();
        for (UspMsg.GetSupportedDMResp.RequestedObjectResult r : reply.getBody().getResponse()
                .getGetSupportedDmResp().getReqObjResultsList()) {
            for (UspMsg.GetSupportedDMResp.SupportedObjectResult o : r.getSupportedObjsList()) {
                o.getSupportedEventsList().forEach(e -> events.put(o.getSupportedObjPath() + e.getEventName(),
                        e.getArgNamesList()));
                o.getSupportedCommandsList().forEach(c -> commandInputs.put(o.getSupportedObjPath()
                        + c.getCommandName(), c.getInputArgNamesList()));
            }
        }
        assertEquals(List.of("Capability", "Event", "Fields"),
                events.get("Device.ProxiedDevice.{i}.X_CPEBRIDGE_CapabilityEvent!"), events.toString());
        assertEquals(List.of(), events.get("Device.LocalAgent.Periodic!"));
        assertEquals(List.of("CommandKey", "Cause", "Reason", "FirmwareUpdated", "ParameterMap"),
                events.get("Device.Boot!"));
        assertEquals(List.of("Cause", "Reason"), commandInputs.get("Device.Reboot()"));
        assertEquals(List.of(), commandInputs.get("Device.LocalAgent.Controller.{i}.SendOnBoardRequest()"));
        assertEquals(List.of(), commandInputs.get("Device.LocalAgent.Request.{i}.Cancel()"));
    }
}
