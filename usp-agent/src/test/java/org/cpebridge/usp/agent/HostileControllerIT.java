package org.cpebridge.usp.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.cpebridge.core.model.Value;
import org.cpebridge.usp.proto.UspMsg;
import org.cpebridge.usp.testing.FakeAdapter;
import org.cpebridge.usp.testing.Msgs;
import org.cpebridge.usp.testing.PahoTestController;
import org.cpebridge.usp.testing.TestBroker;
import org.cpebridge.usp.testing.TestFaceContext;
import org.cpebridge.usp.testing.UspMqttHarness;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The hostile Controller through the real agent ({@link UspFace} with the shipped privacy policy) over a real broker
 * (the embedded one and mosquitto): the household Controller adds an {@code ISP-Operations} Controller with its MQTT
 * topic over USP; the ISP, a Paho client on its own topic, reads, searches, subscribes and operates, and learns no
 * state and switches nothing, while the household's same requests succeed; the household then reads each attempt
 * from {@code Device.X_CPEBRIDGE_Privacy.AccessLog.} with its decision. The full list of attempts runs in-process in
 * {@code HostileControllerTest}.
 */
class HostileControllerIT {
    private static final String AGENT_ID = UspMqttHarness.AGENT_ID;
    private static final String AGENT_TOPIC = "usp/agent/hostile-it";
    private static final String HOUSEHOLD = "proto::household-it";
    private static final String HOUSEHOLD_TOPIC = "usp/controller/household-it";
    private static final String ISP = "proto::isp-it";
    private static final String ISP_TOPIC = "usp/controller/isp-it";
    private static final String PLUG = "Device.ProxiedDevice.3.";
    private static final String PLUG_VALUE = PLUG + "IoTCapability.1.BinaryControl.Value";
    private static final int WAIT_SECONDS = 30;

    @RegisterExtension
    final UspMqttHarness usp = UspMqttHarness.agentTopic(AGENT_TOPIC).controller(HOUSEHOLD, HOUSEHOLD_TOPIC);

    private PahoTestController household;
    private PahoTestController isp;
    private int ids;

    private void start(TestBroker.Kind kind) throws Exception {
        usp.start(kind);
        household = usp.controller();
        isp = usp.connect(ISP, AGENT_ID, ISP_TOPIC);
    }

    private UspMsg.Msg call(PahoTestController controller, UspMsg.Msg msg) throws Exception {
        List<UspMsg.Msg> notifies = new ArrayList<>();
        UspMsg.Msg reply = usp.call(controller, msg, notifies);
        if (controller == isp) {
            assertTrue(notifies.stream().noneMatch(n -> n.getBody().getRequest().getNotify().hasValueChange()
                    && n.getBody().getRequest().getNotify().getValueChange().getParamPath().contains("Value")),
                    notifies.toString());
        }
        return reply;
    }

    private UspMsg.Msg add(String objPath, String... params) {
        return Msgs.add("add-" + ids++, objPath, params);
    }

    private static boolean noValues(UspMsg.Msg getReply) {
        return Msgs.resolved(getReply).values().stream().allMatch(Map::isEmpty);
    }

    @ParameterizedTest
    @EnumSource(TestBroker.Kind.class)
    void theIspLearnsNothingOfTheHouseholdsLifeAndEveryAttemptIsLogged(TestBroker.Kind kind) throws Exception {
        start(kind);
        TestFaceContext context = usp.context();
        String row = Msgs.created(call(household, add("Device.LocalAgent.Controller.", "EndpointID", ISP, "Enable",
                "true", "AssignedRole", "Device.LocalAgent.ControllerTrust.Role.3")));
        Msgs.created(call(household, add(row + "MTP.", "Protocol", "MQTT", "MQTT.Topic", ISP_TOPIC)));

        // Reads and searches.
        assertTrue(noValues(call(isp, Msgs.get("g1", PLUG_VALUE))));
        assertEquals("false", Msgs.resolved(call(household, Msgs.get("g1", PLUG_VALUE)))
                .get(PLUG + "IoTCapability.1.BinaryControl.").get("Value"));
        UspMsg.Msg ifTrue = call(isp, Msgs.get("s", "Device.ProxiedDevice.*.IoTCapability.[BinaryControl.Value==true]."));
        UspMsg.Msg ifFalse = call(isp, Msgs.get("s",
                "Device.ProxiedDevice.*.IoTCapability.[BinaryControl.Value==false]."));
        assertEquals(ifTrue.getBody(), ifFalse.getBody().toBuilder().setResponse(ifFalse.getBody().getResponse()
                .toBuilder().setGetResp(ifFalse.getBody().getResponse().getGetResp().toBuilder()
                        .setReqPathResults(0, ifFalse.getBody().getResponse().getGetResp().getReqPathResults(0)
                                .toBuilder().setRequestedPath(ifTrue.getBody().getResponse().getGetResp()
                                        .getReqPathResults(0).getRequestedPath())))).build(),
                "the same answer whatever the value");

        // Subscriptions on the value and on the objects above it.
        for (String[] s : new String[][] {{"v", PLUG_VALUE}, {"all", "Device.ProxiedDevice."}}) {
            Msgs.created(call(isp, add("Device.LocalAgent.Subscription.", "Enable", "true", "ID", s[0], "NotifType",
                    "ValueChange", "ReferenceList", s[1])));
        }
        Msgs.created(call(household, add("Device.LocalAgent.Subscription.", "Enable", "true", "ID", "home", "NotifType",
                "ValueChange", "ReferenceList", PLUG_VALUE)));

        // Control.
        UspMsg.Msg toggle = call(isp, Msgs.operate("op", PLUG + "IoTCapability.1.BinaryControl.Toggle()"));
        assertFalse(toggle.getBody().getResponse().getOperateResp().getOperationResults(0).hasReqOutputArgs(),
                toggle.toString());
        assertTrue(call(isp, Msgs.set("set", PLUG + "IoTCapability.1.BinaryControl.", "Value", "true")).getBody()
                .hasError());
        assertTrue(context.adapter.received.isEmpty(), "nothing reached the plug");

        // Someone at home switches the plug: the household hears of it, the ISP does not.
        context.registry.updateState(FakeAdapter.PLUG, "onOff", "on", Value.of(true));
        PahoTestController.Received homeNotify = household.nextMessage(WAIT_SECONDS);
        assertNotNull(homeNotify, "the household's ValueChange");
        assertEquals(PLUG_VALUE, PahoTestController.message(homeNotify).getBody().getRequest().getNotify()
                .getValueChange().getParamPath());
        // Then the plug drops off the network: health, which the ISP is told; it is the first thing it hears.
        context.registry.setReachable(FakeAdapter.PLUG, false, "gone");
        PahoTestController.Received first = isp.nextMessage(WAIT_SECONDS);
        assertNotNull(first, "the ISP's Online ValueChange");
        assertEquals(PLUG + "Online", PahoTestController.message(first).getBody().getRequest().getNotify()
                .getValueChange().getParamPath());

        // The household reads the log over USP.
        Map<String, Map<String, String>> log = Msgs.resolved(call(household, Msgs.get("log",
                "Device.X_CPEBRIDGE_Privacy.AccessLog.")));
        List<String> lines = log.values().stream().filter(e -> ISP.equals(e.get("Controller")))
                .map(e -> e.get("Operation") + " " + e.get("Path") + " " + e.get("Decision")).toList();
        for (String expected : List.of("Get " + PLUG_VALUE + " Denied",
                "Operate " + PLUG + "IoTCapability.1.BinaryControl.Toggle() Denied",
                "Set " + PLUG_VALUE + " Denied",
                "Notify " + PLUG_VALUE + " Denied",
                "Notify " + PLUG + "Online Allowed")) {
            assertTrue(lines.contains(expected), expected + " not in " + lines);
        }
        assertTrue(log.values().stream().noneMatch(e -> HOUSEHOLD.equals(e.get("Controller"))));
        UspMsg.Msg verify = call(household, Msgs.operate("verify", "Device.X_CPEBRIDGE_Privacy.VerifyAccessLog()"));
        assertEquals("intact", verify.getBody().getResponse().getOperateResp().getOperationResults(0)
                .getReqOutputArgs().getOutputArgsMap().get("Result"));

        // The household's own Toggle() goes through.
        context.registry.setReachable(FakeAdapter.PLUG, true, "back");
        UspMsg.Msg homeToggle = call(household, Msgs.operate("op2", PLUG + "IoTCapability.1.BinaryControl.Toggle()"));
        assertTrue(homeToggle.getBody().getResponse().getOperateResp().getOperationResults(0).hasReqOutputArgs(),
                homeToggle.toString());
        assertEquals(1, context.adapter.received.size());
    }
}
