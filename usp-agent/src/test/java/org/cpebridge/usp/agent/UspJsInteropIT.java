package org.cpebridge.usp.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.cpebridge.core.model.AttributeRef;
import org.cpebridge.core.model.Value;
import org.cpebridge.core.spi.DeviceCommand;
import org.cpebridge.usp.agent.notify.SubscriptionTable;
import org.cpebridge.usp.testing.FakeAdapter;
import org.cpebridge.usp.testing.TestBroker;
import org.cpebridge.usp.testing.TestFaceContext;
import org.cpebridge.usp.testing.UspJsProcess;
import org.cpebridge.usp.testing.UspMqttHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The real usp-js 0.5.1 Controller (Node, pinned in src/test/interop) against the agent through Debian's mosquitto.
 * usp-js speaks MQTT 3.1.1 and sends no reply topic, so every answer here also proves the fallback to the
 * Controller's configured topic. Node, usp-js or mosquitto missing fail the tests; they never skip them.
 */
class UspJsInteropIT {
    private static final String AGENT_TOPIC = "usp/agent/usp-js";
    private static final String CONTROLLER_ID = "proto::usp-js-controller";
    private static final String CONTROLLER_TOPIC = "usp/controller/usp-js";
    // Registry order: dect SENSOR 1, dect DOOR 2, zigbee PLUG 3, zigbee LIGHT 4.
    private static final String PLUG_PATH = "Device.ProxiedDevice.3.";
    private static final String PLUG_VALUE = PLUG_PATH + "IoTCapability.1.BinaryControl.Value";
    private static final AttributeRef PLUG_ON = new AttributeRef(FakeAdapter.PLUG, "onOff", "on");
    private static final int STEP_SECONDS = 60;

    @RegisterExtension
    final UspMqttHarness harness = UspMqttHarness.agentTopic(AGENT_TOPIC).controller(CONTROLLER_ID, CONTROLLER_TOPIC)
            .waitSeconds(STEP_SECONDS);
    private TestFaceContext context;

    private void startBroker() throws Exception {
        harness.startBroker(TestBroker.Kind.MOSQUITTO);
    }

    /** Starts (or restarts) the agent over the same data directory; the adapter reports its devices again. */
    private void startAgent() throws Exception {
        harness.startAgent(Map.of());
        context = harness.context();
        harness.await(harness.face()::mtpUp, "the agent's MQTT MTP to come up");
    }

    private void stopAgent() {
        harness.stopAgent();
        context = null;
    }

    private UspJsProcess uspJs(String mode, Map<String, String> extra) {
        Map<String, String> environment = new HashMap<>(extra);
        environment.put("MODE", mode);
        return harness.uspJs("controller.js", CONTROLLER_ID, CONTROLLER_TOPIC, environment);
    }

    @Test
    void uspJsGetsSetsAndOperates() throws Exception {
        startBroker();
        startAgent();
        try (UspJsProcess usp = uspJs("basic", Map.of("DEVICE_PATH", PLUG_PATH, "NEW_NAME", "Tea kettle"))) {
            assertEquals("1.4", usp.await("version", STEP_SECONDS));
            String deviceInfo = UspJsProcess.text(usp.await("getDeviceInfo", STEP_SECONDS));
            assertTrue(deviceInfo.contains("cpe-bridge project"), deviceInfo);
            assertTrue(deviceInfo.contains("CPEB-TEST0001"), deviceInfo);
            String devices = UspJsProcess.text(usp.await("getProxiedDevices", STEP_SECONDS));
            for (String expected : List.of("Kettle plug", "Desk lamp", "Hall climate", "Front door", "ZigBee",
                    "X_CPEBRIDGE_DECT-ULE", "BinaryControl", "LevelSensor")) {
                assertTrue(devices.contains(expected), expected + " missing in " + devices);
            }
            usp.await("setName", STEP_SECONDS);
            assertTrue(UspJsProcess.text(usp.await("getName", STEP_SECONDS)).contains("Tea kettle"));
            usp.await("toggle", STEP_SECONDS);
            assertTrue(UspJsProcess.text(usp.await("getValue", STEP_SECONDS)).contains("true"));
            usp.awaitSuccess(STEP_SECONDS);
        }
        assertEquals("Tea kettle", context.registry.device(FakeAdapter.PLUG).orElseThrow().name());
        assertTrue(context.adapter.received.contains(
                new DeviceCommand.Invoke(FakeAdapter.PLUG, "onOff", "toggle", Map.of())),
                context.adapter.received.toString());
        // The simulated device changed.
        assertEquals(Value.of(true), context.registry.state(PLUG_ON).orElseThrow().value());
    }

    /**
     * An asynchronous command the way usp-js runs one: it subscribes to OperationComplete on the command, operates,
     * and resolves with the Notify carrying the output arguments; then it deletes the subscription.
     */
    @Test
    void uspJsRunsTheAsynchronousSelfTestToItsOperationComplete() throws Exception {
        startBroker();
        startAgent();
        try (UspJsProcess usp = uspJs("selftest", Map.of())) {
            usp.await("subscribed", STEP_SECONDS);
            String completed = UspJsProcess.text(usp.await("completed", STEP_SECONDS));
            assertTrue(completed.contains("store ok") && completed.contains("devices 4 (0 unreachable)")
                    && completed.contains("mqtt Connected"), completed);
            // usp-js resolves run() only on a NOTIFY, and "cleaned" follows its Delete of the subscription.
            usp.await("cleaned", STEP_SECONDS);
            usp.awaitSuccess(STEP_SECONDS);
        }
    }

    /**
     * Subscribe to ValueChange and get the Notify when the device changes on its own; Add and Delete a
     * subscription; restart the agent and find the persistent one still delivering; kill and restart the broker
     * and see the agent reconnect, answer and still deliver.
     */
    @Test
    void uspJsSubscriptionSurvivesAgentAndBrokerRestarts() throws Exception {
        startBroker();
        startAgent();
        try (UspJsProcess usp = uspJs("subscribe", Map.of("SUB_ID", "plug", "REFERENCE", PLUG_VALUE,
                "PERSIST", "1"))) {
            usp.await("subscribed", STEP_SECONDS);
            context.registry.updateState(FakeAdapter.PLUG, "onOff", "on", Value.of(true));
            String notified = UspJsProcess.text(usp.await("notified", STEP_SECONDS));
            assertTrue(notified.contains(PLUG_VALUE) && notified.contains("true"), notified);
            usp.awaitSuccess(STEP_SECONDS);
        }
        try (UspJsProcess usp = uspJs("subscribe", Map.of("SUB_ID", "temporary", "REFERENCE", PLUG_VALUE,
                "PERSIST", "1", "CLEAR", "1"))) {
            usp.await("subscribed", STEP_SECONDS);
            assertTrue(storedSubscriptions().contains("NOTIFY@temporary"), storedSubscriptions());
            context.registry.updateState(FakeAdapter.PLUG, "onOff", "on", Value.of(false));
            usp.await("notified", STEP_SECONDS);
            usp.await("deleted", STEP_SECONDS);
            usp.awaitSuccess(STEP_SECONDS);
        }
        String stored = storedSubscriptions();
        assertTrue(stored.contains("NOTIFY@plug"), stored);
        assertFalse(stored.contains("NOTIFY@temporary"), stored);

        stopAgent();
        startAgent();
        listenAndToggle(true);

        harness.broker().stop();
        harness.await(() -> !harness.face().mtpUp(), "the agent to notice the broker is gone");
        harness.broker().restart();
        harness.await(harness.face()::mtpUp, "the agent to reconnect");
        listenAndToggle(false);
    }

    /** usp-js gets an answer, then waits on the stored subscription while the plug changes by itself. */
    private void listenAndToggle(boolean on) throws Exception {
        try (UspJsProcess usp = uspJs("listen", Map.of("SUB_ID", "plug"))) {
            assertTrue(UspJsProcess.text(usp.await("get", STEP_SECONDS)).contains("CPEB-TEST0001"));
            usp.await("listening", STEP_SECONDS);
            context.registry.updateState(FakeAdapter.PLUG, "onOff", "on", Value.of(on));
            String notified = UspJsProcess.text(usp.await("notified", STEP_SECONDS));
            assertTrue(notified.contains(PLUG_VALUE) && notified.contains(Boolean.toString(on)), notified);
            usp.awaitSuccess(STEP_SECONDS);
        }
    }

    private String storedSubscriptions() {
        return context.store.read(SubscriptionTable.RECORD).map(r -> new String(r.payload(), StandardCharsets.UTF_8))
                .orElse("");
    }
}
