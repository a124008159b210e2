package org.cpebridge.usp.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.cpebridge.usp.proto.UspMsg;
import org.cpebridge.usp.proto.UspMsg.Header.MsgType;
import org.cpebridge.usp.record.RecordBody;
import org.cpebridge.usp.testing.MosquittoBroker;
import org.cpebridge.usp.testing.Msgs;
import org.cpebridge.usp.testing.PahoTestController;
import org.cpebridge.usp.testing.TestFaceContext;
import org.cpebridge.usp.testing.UspJsProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
    private static final String AGENT_ID = "os::000000-CPEB-TEST0001";
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

    @TempDir
    Path dir;

    private MosquittoBroker broker;
    private TestFaceContext context;
    private UspFace face;
    private PahoTestController household;

    @AfterEach
    void stopAll() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {face, household, context, broker}) {
            if (c != null) {
                c.close();
            }
        }
    }

    private UspMsg.Msg call(UspMsg.Msg msg) throws Exception {
        household.send(AGENT_TOPIC, msg, Optional.empty());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (System.nanoTime() < deadline) {
            PahoTestController.Received r = household.nextMessage(WAIT_SECONDS);
            assertNotNull(r, "no answer to " + msg.getHeader().getMsgId());
            UspMsg.Msg got = PahoTestController.message(r);
            if (got.getHeader().getMsgId().equals(msg.getHeader().getMsgId())) {
                return got;
            }
        }
        throw new AssertionError("no answer to " + msg.getHeader().getMsgId());
    }

    private static UspMsg.Msg add(String msgId, String objPath, String... params) {
        UspMsg.Add.CreateObject.Builder create = UspMsg.Add.CreateObject.newBuilder().setObjPath(objPath);
        for (int i = 0; i < params.length; i += 2) {
            create.addParamSettings(UspMsg.Add.CreateParamSetting.newBuilder().setParam(params[i])
                    .setValue(params[i + 1]).setRequired(true));
        }
        return Msgs.request(msgId, MsgType.ADD, UspMsg.Request.newBuilder()
                .setAdd(UspMsg.Add.newBuilder().addCreateObjs(create)).build());
    }

    private static String created(UspMsg.Msg reply) {
        UspMsg.AddResp.CreatedObjectResult.OperationStatus status = reply.getBody().getResponse().getAddResp()
                .getCreatedObjResults(0).getOperStatus();
        assertTrue(status.hasOperSuccess(), reply.toString());
        return status.getOperSuccess().getInstantiatedPath();
    }

    /** One run of the usp-js ISP: each step's result as JSON text. */
    private Map<String, String> runIsp() throws Exception {
        try (UspJsProcess usp = UspJsProcess.start("hostile-controller.js", List.of("usp-js"), Map.of(
                "MQTT_PORT", Integer.toString(broker.port()), "AGENT_ID", AGENT_ID, "CONTROLLER_ID", ISP,
                "AGENT_TOPIC", AGENT_TOPIC, "CONTROLLER_TOPIC", ISP_TOPIC, "PLUG_PATH", PLUG))) {
            Map<String, String> steps = new java.util.LinkedHashMap<>();
            for (String step : List.of("getHiddenValue", "getPlug", "searchTrue", "searchFalse", "toggle")) {
                steps.put(step, UspJsProcess.text(usp.await(step, WAIT_SECONDS)));
            }
            usp.awaitSuccess(WAIT_SECONDS);
            return steps;
        }
    }

    @Test
    void uspJsAsTheIspLearnsAndSwitchesNothingAndEveryAttemptIsLogged() throws Exception {
        Files.createDirectories(dir.resolve("broker"));
        broker = MosquittoBroker.start(dir.resolve("broker"));
        household = new PahoTestController(broker.url(), HOUSEHOLD, AGENT_ID, HOUSEHOLD_TOPIC);
        context = new TestFaceContext(dir.resolve("data"), Map.of(
                "usp.mqtt.url", broker.url(),
                "usp.mqtt.agentTopic", AGENT_TOPIC,
                "usp.mqtt.connectRetryTime", "1s",
                "usp.mqtt.connectRetryMaxInterval", "2s",
                "usp.controller.endpointId", HOUSEHOLD,
                "usp.controller.topic", HOUSEHOLD_TOPIC));
        context.adapter.registerDevices();
        face = new UspFace(context);
        face.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (true) {
            PahoTestController.Received r = household.received.poll(1, TimeUnit.SECONDS);
            if (r != null && r.record() != null && r.record().body() instanceof RecordBody.MqttConnect) {
                break;
            }
            assertTrue(System.nanoTime() < deadline, "no MQTTConnect Record within " + WAIT_SECONDS + " s");
        }
        String row = created(call(add("a1", "Device.LocalAgent.Controller.", "EndpointID", ISP, "Enable", "true",
                "AssignedRole", "Device.LocalAgent.ControllerTrust.Role.3")));
        created(call(add("a2", row + "MTP.", "Protocol", "MQTT", "MQTT.Topic", ISP_TOPIC)));

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
