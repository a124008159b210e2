package org.cpebridge.usp.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
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
import org.cpebridge.usp.testing.MosquittoBroker;
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
 * Bounded work per request (issue 23, finding 1), the real agent over a real broker with 200 devices: requests that
 * name {@code Device.ProxiedDevice.} thousands of times get Error 7005 (Resources exceeded) instead of an answer the
 * agent would run out of memory building, and the agent answers the next Get; an answer larger than the broker's
 * Maximum Packet Size becomes 7005 instead of a PUBLISH the broker would drop the agent for.
 */
class UspBoundedWorkIT {
    private static final String AGENT_ID = "os::000000-CPEB-TEST0001";
    private static final String AGENT_TOPIC = "usp/agent/bounded";
    private static final String CONTROLLER_ID = "proto::bounded-controller";
    private static final String CONTROLLER_TOPIC = "usp/controller/bounded";
    private static final String REPLY_TOPIC = "usp/controller/bounded-reply";
    private static final String DEVICES_PATH = "Device.ProxiedDevice.";
    private static final int DEVICES = 200;
    private static final int WAIT_SECONDS = 60;

    @TempDir
    Path dir;

    private TestBroker broker;
    private TestFaceContext context;
    private UspFace face;
    private PahoTestController controller;

    private void startAfterBroker(Map<String, String> extraSettings) throws Exception {
        controller = new PahoTestController(broker.url(), CONTROLLER_ID, AGENT_ID, CONTROLLER_TOPIC, REPLY_TOPIC);
        Map<String, String> settings = new HashMap<>(Map.of(
                "usp.mqtt.url", broker.url(),
                "usp.mqtt.agentTopic", AGENT_TOPIC,
                "usp.mqtt.connectRetryTime", "1s",
                "usp.controller.endpointId", CONTROLLER_ID,
                "usp.controller.topic", CONTROLLER_TOPIC));
        settings.putAll(extraSettings);
        context = new TestFaceContext(dir.resolve("data"), settings);
        for (int i = 0; i < DEVICES; i++) {
            DeviceId id = DeviceId.of("zigbee", String.format(Locale.ROOT, "0x00124b00%08x", i));
            context.registry.register(Device.builder(id).vendor("Acme").model("Plug Z1").name("Plug " + i)
                    .capabilities(Capability.of(CapabilityType.ON_OFF), Capability.of(
                            CapabilityType.ELECTRICAL_POWER).withAttributes("power")).build());
            context.registry.updateState(id, "onOff", "on", Value.of(i % 2 == 0));
        }
        face = new UspFace(context);
        face.start();
        assertNotNull(controller.received.poll(WAIT_SECONDS, java.util.concurrent.TimeUnit.SECONDS),
                "no MQTTConnect Record");
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

    private UspMsg.Msg ask(UspMsg.Msg request) throws Exception {
        controller.send(AGENT_TOPIC, request, Optional.of(CONTROLLER_TOPIC));
        PahoTestController.Received answer = controller.nextMessage(WAIT_SECONDS);
        assertNotNull(answer, "no answer to " + request.getHeader().getMsgId() + " within " + WAIT_SECONDS + " s");
        UspMsg.Msg msg = PahoTestController.message(answer);
        assertEquals(request.getHeader().getMsgId(), msg.getHeader().getMsgId());
        return msg;
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
        Files.createDirectories(dir.resolve("broker"));
        broker = kind.start(dir.resolve("broker"));
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
        Files.createDirectories(dir.resolve("broker"));
        broker = kind.start(dir.resolve("broker"));
        startAfterBroker(Map.of());
        UspMsg.Msg request = Msgs.request("instances", MsgType.GET_INSTANCES, UspMsg.Request.newBuilder()
                .setGetInstances(UspMsg.GetInstances.newBuilder()
                        .addAllObjPaths(Collections.nCopies(5_000, DEVICES_PATH)).setFirstLevelOnly(false))
                .build());
        assertResourcesExceeded(ask(request));
        assertNextGetIsAnswered();
    }

    /** Repeated paths within the budget are answered, each copy with the same result (resolved once). */
    @ParameterizedTest
    @EnumSource(TestBroker.Kind.class)
    void repeatedPathsThatFitAreAnsweredOncePerCopy(TestBroker.Kind kind) throws Exception {
        Files.createDirectories(dir.resolve("broker"));
        broker = kind.start(dir.resolve("broker"));
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
        Files.createDirectories(dir.resolve("broker"));
        broker = new TestBroker.Mosquitto(MosquittoBroker.start(dir.resolve("broker"), "max_packet_size 65536\n"));
        startAfterBroker(Map.of());
        UspMsg.Msg answer = ask(Msgs.get("big", DEVICES_PATH));
        assertResourcesExceeded(answer);
        assertTrue(answer.getBody().getError().getErrMsg().contains("exceed"), answer.toString());
        assertTrue(face.mtpUp(), "the agent stays connected");
        assertNextGetIsAnswered();
    }

    /** The memory budget {@code usp.maxResponseSize} bounds an answer the MTP would carry. */
    @ParameterizedTest
    @EnumSource(TestBroker.Kind.class)
    void theMemoryBudgetBoundsTheAnswer(TestBroker.Kind kind) throws Exception {
        Files.createDirectories(dir.resolve("broker"));
        broker = kind.start(dir.resolve("broker"));
        startAfterBroker(Map.of("usp.maxResponseSize", "65536"));
        assertResourcesExceeded(ask(Msgs.get("big", DEVICES_PATH)));
        assertNextGetIsAnswered();
    }
}
