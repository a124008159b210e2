package org.cpebridge.usp.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.cpebridge.core.model.Capability;
import org.cpebridge.core.model.CapabilityType;
import org.cpebridge.core.model.Device;
import org.cpebridge.core.model.DeviceId;
import org.cpebridge.usp.agent.model.InstanceNumbers;
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
 * Where the agent answers a Record from the MQTT MTP (UspFace, MqttMtp, QuickRequests), over a real broker: a small
 * Get is answered on the MQTT client's I/O loop when the agent's executor is idle, without any worker; a Get the
 * schema does not bound ({@code Device.ProxiedDevice.}) waits for a worker, and a small Get behind it waits behind
 * it, so one Controller's answers keep their order; an answer that needs a store write first is sent from a worker;
 * the roles, the privacy policy and the access log apply as on a worker.
 * The test context can hold its workers ({@link TestFaceContext#holdWorkers}), as a machine whose workers are all
 * busy would: what is answered meanwhile was answered without one.
 */
class UspIoLoopIT {
    private static final String AGENT_ID = UspMqttHarness.AGENT_ID;
    private static final String AGENT_TOPIC = "usp/agent/io-loop";
    private static final String CONTROLLER_ID = "proto::io-loop-controller";
    private static final String CONTROLLER_TOPIC = "usp/controller/io-loop";
    private static final int WAIT_SECONDS = 30;
    /** How long an answer that waits for a worker is given to show up anyway (it must not). */
    private static final int NOT_BEFORE_SECONDS = 1;

    @RegisterExtension
    final UspMqttHarness usp = UspMqttHarness.agentTopic(AGENT_TOPIC).controller(CONTROLLER_ID, CONTROLLER_TOPIC);

    private TestFaceContext context;
    private PahoTestController controller;

    private void startAll(TestBroker.Kind kind) throws Exception {
        usp.start(kind);
        context = usp.context();
        controller = usp.controller();
        // Let the start's own tasks finish (the device numbers are stored 1 s after the devices appear) with a Get
        // answered, so that the executor is idle when a test holds the workers.
        Thread.sleep(1_500);
        assertEquals("warm-up", answer("warm-up", "Device.DeviceInfo.SerialNumber").getHeader().getMsgId());
    }

    @ParameterizedTest
    @EnumSource(TestBroker.Kind.class)
    void smallGetsAreAnsweredWithoutAWorker(TestBroker.Kind kind) throws Exception {
        startAll(kind);
        context.holdWorkers();
        UspMsg.Msg info = answer("info", "Device.DeviceInfo.");
        assertEquals("cpe-bridge project", Msgs.resolved(info).get("Device.DeviceInfo.").get("Manufacturer"));
        UspMsg.Msg id = answer("id", "Device.LocalAgent.EndpointID");
        assertEquals(AGENT_ID, Msgs.resolved(id).get("Device.LocalAgent.").get("EndpointID"));
        UspMsg.Msg two = answer("two", "Device.DeviceInfo.SerialNumber", "Device.LocalAgent.EndpointID");
        assertEquals(2, Msgs.resolved(two).size(), two.toString());
    }

    @ParameterizedTest
    @EnumSource(TestBroker.Kind.class)
    void aGetOfTheDeviceTableWaitsForAWorkerAndTheSmallGetBehindItWaitsBehindIt(TestBroker.Kind kind)
            throws Exception {
        startAll(kind);
        context.holdWorkers();
        controller.send(AGENT_TOPIC, Msgs.get("devices", "Device.ProxiedDevice."), Optional.empty());
        controller.send(AGENT_TOPIC, Msgs.get("small-after", "Device.LocalAgent.EndpointID"), Optional.empty());
        assertNull(nextAnswer(NOT_BEFORE_SECONDS), "answered while every worker was held");
        context.releaseWorkers();
        UspMsg.Msg first = nextAnswer(WAIT_SECONDS);
        assertNotNull(first, "no answer once the workers ran");
        assertEquals("devices", first.getHeader().getMsgId());
        assertEquals(4, Msgs.resolved(first).keySet().stream().filter(p -> p.matches("Device\\.ProxiedDevice\\.\\d+\\."))
                .count(), first.toString());
        UspMsg.Msg second = nextAnswer(WAIT_SECONDS);
        assertNotNull(second, "no answer to the small Get");
        assertEquals("small-after", second.getHeader().getMsgId());
        // And once the executor is idle again, small Gets are answered on the loop again.
        context.holdWorkers();
        assertEquals("again", answer("again", "Device.LocalAgent.EndpointID").getHeader().getMsgId());
    }

    /**
     * A new device's instance number is stored before any answer leaves (it may carry it): with one waiting, a small
     * Get is still decoded and handled on the loop, but its answer waits for a worker, where the store is written.
     */
    @ParameterizedTest
    @EnumSource(TestBroker.Kind.class)
    void anAnswerThatNeedsAStoreWriteFirstIsSentFromAWorker(TestBroker.Kind kind) throws Exception {
        startAll(kind);
        DeviceId added = DeviceId.of("zigbee", "0x00124b0001a2b3ff");
        context.registry.register(Device.builder(added).vendor("Acme").model("Plug Z1").name("New plug")
                .capabilities(Capability.of(CapabilityType.ON_OFF)).build());
        // The agent numbers the device when the event arrives and stores the number 1 s later, or before it answers.
        Thread.sleep(300);
        context.holdWorkers();
        controller.send(AGENT_TOPIC, Msgs.get("after-join", "Device.LocalAgent.EndpointID"), Optional.empty());
        assertNull(nextAnswer(NOT_BEFORE_SECONDS), "answered before the new number was stored");
        context.releaseWorkers();
        UspMsg.Msg answer = nextAnswer(WAIT_SECONDS);
        assertNotNull(answer, "no answer once the workers ran");
        assertEquals("after-join", answer.getHeader().getMsgId());
        String stored = context.store.read(InstanceNumbers.RECORD).orElseThrow().textOfFormat(1);
        assertTrue(stored.contains("0x00124b0001a2b3ff"), stored);
    }

    /**
     * The roles, the privacy policy and the access log hold on the loop: an Untrusted Controller (Role 2: only
     * {@code LocalAgent.EndpointID} and {@code SupportedProtocols}) gets nothing of {@code Device.DeviceInfo.} and its
     * {@code EndpointID}; as a non-household Controller its answers wait until their log entries are durable, so
     * they leave from a worker, and the household then reads both entries with their decisions.
     */
    @ParameterizedTest
    @EnumSource(TestBroker.Kind.class)
    void anUntrustedControllersSmallGetsAreFilteredAndLogged(TestBroker.Kind kind) throws Exception {
        startAll(kind);
        String untrustedId = "proto::io-loop-untrusted";
        String untrustedTopic = "usp/controller/io-loop-untrusted";
        String row = Msgs.created(call(controller, Msgs.add("add-c", "Device.LocalAgent.Controller.", "EndpointID",
                untrustedId, "Enable", "true", "AssignedRole", "Device.LocalAgent.ControllerTrust.Role.2")));
        Msgs.created(call(controller, Msgs.add("add-m", row + "MTP.", "Protocol", "MQTT", "MQTT.Topic",
                untrustedTopic)));
        try (PahoTestController untrusted = new PahoTestController(usp.broker().url(), untrustedId, AGENT_ID,
                untrustedTopic)) {
            context.holdWorkers();
            untrusted.send(AGENT_TOPIC, Msgs.get("u-info", "Device.DeviceInfo."), Optional.empty());
            untrusted.send(AGENT_TOPIC, Msgs.get("u-id", "Device.LocalAgent.EndpointID"), Optional.empty());
            assertNull(nextAnswer(untrusted, NOT_BEFORE_SECONDS), "answered before its log entry was durable");
            context.releaseWorkers();
            UspMsg.Msg info = nextAnswer(untrusted, WAIT_SECONDS);
            assertNotNull(info, "no answer to u-info");
            assertEquals("u-info", info.getHeader().getMsgId());
            assertTrue(Msgs.resolved(info).values().stream().allMatch(Map::isEmpty), info.toString());
            UspMsg.Msg id = nextAnswer(untrusted, WAIT_SECONDS);
            assertNotNull(id, "no answer to u-id");
            assertEquals("u-id", id.getHeader().getMsgId());
            assertEquals(AGENT_ID, Msgs.resolved(id).get("Device.LocalAgent.").get("EndpointID"));
        }
        Map<String, Map<String, String>> log = Msgs.resolved(answer("log", "Device.X_CPEBRIDGE_Privacy.AccessLog."));
        java.util.List<String> lines = log.values().stream().filter(e -> untrustedId.equals(e.get("Controller"))
                && "Get".equals(e.get("Operation"))).map(e -> e.get("Operation") + " " + e.get("Path") + " " + e.get("Decision")).toList();
        assertEquals(java.util.List.of("Get Device.DeviceInfo. Denied", "Get Device.LocalAgent.EndpointID Allowed"),
                lines);
    }

    private UspMsg.Msg call(PahoTestController from, UspMsg.Msg msg) throws Exception {
        from.send(AGENT_TOPIC, msg, Optional.empty());
        UspMsg.Msg answer = nextAnswer(WAIT_SECONDS);
        assertNotNull(answer, "no answer to " + msg.getHeader().getMsgId());
        assertEquals(msg.getHeader().getMsgId(), answer.getHeader().getMsgId());
        return answer;
    }

    private UspMsg.Msg answer(String msgId, String... paths) throws Exception {
        controller.send(AGENT_TOPIC, Msgs.get(msgId, paths), Optional.empty());
        UspMsg.Msg answer = nextAnswer(WAIT_SECONDS);
        assertNotNull(answer, "no answer to " + msgId + " within " + WAIT_SECONDS + " s");
        assertEquals(msgId, answer.getHeader().getMsgId());
        return answer;
    }

    /** The next USP Message the agent sends that is not a Notify of its own, within {@code seconds}; null if none. */
    private UspMsg.Msg nextAnswer(int seconds) throws Exception {
        return nextAnswer(controller, seconds);
    }

    private static UspMsg.Msg nextAnswer(PahoTestController from, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            PahoTestController.Received r = from.received.poll(Math.max(0, deadline - System.nanoTime()),
                    TimeUnit.NANOSECONDS);
            if (r == null) {
                return null;
            }
            if (r.record() != null && r.record().body() instanceof RecordBody.NoSessionContext) {
                UspMsg.Msg msg = PahoTestController.message(r);
                if (!msg.getBody().getRequest().hasNotify()) {
                    return msg;
                }
            }
        }
    }
}
