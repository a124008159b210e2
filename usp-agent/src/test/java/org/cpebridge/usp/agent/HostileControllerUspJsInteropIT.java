package org.cpebridge.usp.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.cpebridge.usp.proto.UspMsg;
import org.cpebridge.usp.testing.Msgs;
import org.cpebridge.usp.testing.TestBroker;
import org.cpebridge.usp.testing.TestFaceContext;
import org.cpebridge.usp.testing.UspJsProcess;
import org.cpebridge.usp.testing.UspMqttHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The hostile Controller as a real USP Controller: usp-js 0.5.1 ({@code src/test/interop/hostile-controller.js}) is
 * the ISP-Operations Controller, against the real agent ({@link UspFace}, shipped privacy policy) through Debian's
 * mosquitto; the household, a Paho client, adds it with its MQTT topic over USP. usp-js sends no reply topic, so its
 * answers also come on the topic the household gave its row. The ISP's Get of the plug's value, a search on that
 * value (true and false give the same answer, before and after the plug is switched) and Toggle() learn and switch
 * nothing; the household then reads each attempt from {@code Device.X_CPEBRIDGE_Privacy.AccessLog.} with its
 * decision. Node, usp-js or mosquitto missing fail the test.
 */
class HostileControllerUspJsInteropIT {
    private static final String AGENT_TOPIC = "usp/agent/hostile-usp-js";
    private static final String HOUSEHOLD = "proto::household-usp-js";
    private static final String HOUSEHOLD_TOPIC = "usp/controller/household-usp-js";
    private static final String ISP = "proto::isp-usp-js";
    private static final String ISP_TOPIC = "usp/controller/isp-usp-js";
    // Registry order: dect SENSOR 1, dect DOOR 2, zigbee PLUG 3, zigbee LIGHT 4.
    private static final String PLUG = "Device.ProxiedDevice.3.";
    private static final String PLUG_VALUE = PLUG + "IoTCapability.1.BinaryControl.Value";
    private static final String SEARCH_TRUE = "Device.ProxiedDevice.*.IoTCapability.[BinaryControl.Value==true].";
    private static final String SEARCH_FALSE = "Device.ProxiedDevice.*.IoTCapability.[BinaryControl.Value==false].";
    private static final int WAIT_SECONDS = 60;

    @RegisterExtension
    final UspMqttHarness usp = UspMqttHarness.agentTopic(AGENT_TOPIC).controller(HOUSEHOLD, HOUSEHOLD_TOPIC)
            .waitSeconds(WAIT_SECONDS);

    private UspMsg.Msg call(UspMsg.Msg msg) throws Exception {
        return usp.call(usp.controller(), msg, new ArrayList<>());
    }

    /** One run of the usp-js ISP: each step's result as JSON text. */
    private Map<String, String> runIsp() throws Exception {
        try (UspJsProcess uspJs = usp.uspJs("hostile-controller.js", ISP, ISP_TOPIC, Map.of("PLUG_PATH", PLUG))) {
            Map<String, String> steps = new java.util.LinkedHashMap<>();
            for (String step : List.of("getHiddenValue", "getPlug", "searchTrue", "searchFalse", "toggle")) {
                steps.put(step, UspJsProcess.text(uspJs.await(step, WAIT_SECONDS)));
            }
            uspJs.awaitSuccess(WAIT_SECONDS);
            return steps;
        }
    }

    @Test
    void uspJsAsTheIspLearnsAndSwitchesNothingAndEveryAttemptIsLogged() throws Exception {
        usp.start(TestBroker.Kind.MOSQUITTO);
        TestFaceContext context = usp.context();
        String row = Msgs.created(call(Msgs.add("a1", "Device.LocalAgent.Controller.", "EndpointID", ISP, "Enable",
                "true", "AssignedRole", "Device.LocalAgent.ControllerTrust.Role.3")));
        Msgs.created(call(Msgs.add("a2", row + "MTP.", "Protocol", "MQTT", "MQTT.Topic", ISP_TOPIC)));

        Map<String, String> off = runIsp();
        // The value itself: 7026, as for a path that does not exist, and no value.
        assertTrue(off.get("getHiddenValue").contains("\"errCode\":7026"), off.get("getHiddenValue"));
        assertFalse(off.get("getHiddenValue").contains("false"), off.get("getHiddenValue"));
        // The plug's row: its inventory, not its state.
        assertTrue(off.get("getPlug").contains("BinaryControl"), off.get("getPlug"));
        assertFalse(off.get("getPlug").contains("\"Value\""), off.get("getPlug"));
        assertFalse(off.get("getPlug").contains("Kettle plug"), "the user-given name is IDENTITY");
        // A search on the hidden value: true and false answer alike (only the requested path differs).
        assertEquals(off.get("searchTrue").replace("==true]", "==false]"), off.get("searchFalse"));
        // Toggle() is refused and reaches no device.
        assertTrue(off.get("toggle").contains("refused") || off.get("toggle").contains("errCode"),
                off.get("toggle"));
        assertTrue(context.adapter.received.isEmpty(), context.adapter.received.toString());

        // Someone at home switches the plug on (the household's Toggle() goes through); the ISP's view is the same.
        UspMsg.Msg homeToggle = call(Msgs.operate("op", PLUG + "IoTCapability.1.BinaryControl.Toggle()"));
        assertTrue(homeToggle.getBody().getResponse().getOperateResp().getOperationResults(0).hasReqOutputArgs(),
                homeToggle.toString());
        assertEquals("true", Msgs.resolved(call(Msgs.get("g", PLUG_VALUE)))
                .get(PLUG + "IoTCapability.1.BinaryControl.").get("Value"));
        Map<String, String> on = runIsp();
        assertEquals(off.get("getHiddenValue"), on.get("getHiddenValue"));
        assertEquals(off.get("searchTrue"), on.get("searchTrue"));
        assertEquals(off.get("searchFalse"), on.get("searchFalse"));
        assertEquals(1, context.adapter.received.size(), "only the household's Toggle() reached the plug");

        // The household reads every attempt from the log, with its decision.
        Map<String, Map<String, String>> log = Msgs.resolved(call(Msgs.get("log",
                "Device.X_CPEBRIDGE_Privacy.AccessLog.")));
        List<String> lines = log.values().stream().filter(e -> ISP.equals(e.get("Controller")))
                .map(e -> e.get("Operation") + " " + e.get("Path") + " " + e.get("Decision")).toList();
        for (String expected : List.of("Get " + PLUG_VALUE + " Denied", "Get " + PLUG + " Filtered",
                "Get " + SEARCH_TRUE + " Denied", "Get " + SEARCH_FALSE + " Denied",
                "Operate " + PLUG + "IoTCapability.1.BinaryControl.Toggle() Denied")) {
            assertEquals(2, lines.stream().filter(expected::equals).count(), expected + " twice in " + lines);
        }
        assertTrue(log.values().stream().noneMatch(e -> HOUSEHOLD.equals(e.get("Controller"))));
        UspMsg.Msg verify = call(Msgs.operate("verify", "Device.X_CPEBRIDGE_Privacy.VerifyAccessLog()"));
        assertEquals("intact", verify.getBody().getResponse().getOperateResp().getOperationResults(0)
                .getReqOutputArgs().getOutputArgsMap().get("Result"));
    }
}
