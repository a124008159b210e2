package org.cpebridge.usp.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.cpebridge.usp.agent.model.MqttClientState;
import org.cpebridge.usp.proto.UspMsg;
import org.cpebridge.usp.testing.Msgs;
import org.cpebridge.usp.testing.TestFaceContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code Device.MQTT.Client.1.} (TR-181 2.19 MQTT:1 names) from the {@code usp.mqtt.*} keys and what the MTP reports,
 * and {@code LocalAgent.MTP.1.MQTT.Reference} pointing at it, as TP-469 section 11 reads them.
 */
class MqttClientObjectTest {
    private static final String CONTROLLER = "proto::cpe-bridge-controller";
    private static final String CLIENT = "Device.MQTT.Client.1.";

    @TempDir
    Path dir;

    private TestFaceContext context;
    private AgentModel agent;

    @AfterEach
    void tearDown() {
        context.close();
    }

    private void build(Map<String, String> settings) {
        context = new TestFaceContext(dir, settings);
        agent = AgentModel.build(context, "os::000000-CPEB-TEST0001", "usp/agent/t", Runnable::run,
                (controller, msg) -> { });
    }

    private Map<String, Map<String, String>> get(String... paths) throws Exception {
        UspMsg.Msg reply = agent.handle(CONTROLLER, Msgs.get("g", paths)).toCompletableFuture()
                .get(20, TimeUnit.SECONDS).orElseThrow();
        return Msgs.resolved(reply);
    }

    @Test
    void theClientShowsTheSettingsAndTheLocalAgentMtpRefersToIt() throws Exception {
        build(Map.of("usp.mqtt.url", "ssl://[::1]:8884", "usp.mqtt.version", "V3_1_1", "usp.mqtt.keepAlive", "45s",
                "usp.mqtt.connectRetryTime", "7s", "usp.mqtt.connectRetryMaxInterval", "120s",
                "usp.mqtt.username", "cpe-17"));
        assertEquals(CLIENT, get("Device.LocalAgent.MTP.1.MQTT.Reference").get("Device.LocalAgent.MTP.1.MQTT.")
                .get("Reference"));
        Map<String, Map<String, String>> mqtt = get("Device.MQTT.");
        assertEquals("1", mqtt.get("Device.MQTT.").get("ClientNumberOfEntries"));
        assertEquals("3.1.1,5.0", mqtt.get("Device.MQTT.Capabilities.").get("ProtocolVersionsSupported"));
        Map<String, String> client = mqtt.get(CLIENT);
        assertEquals("Connecting", client.get("Status"));
        assertEquals("3.1.1", client.get("ProtocolVersion"));
        assertEquals("::1", client.get("BrokerAddress"));
        assertEquals("8884", client.get("BrokerPort"));
        assertEquals("TLS", client.get("TransportProtocol"));
        assertEquals("true", client.get("EnableEncryption"));
        assertEquals("45", client.get("KeepAliveTime"));
        assertEquals("7", client.get("ConnectRetryTime"));
        assertEquals("2000", client.get("ConnectRetryIntervalMultiplier"));
        assertEquals("120", client.get("ConnectRetryMaxInterval"));
        assertEquals("cpe-17", client.get("Username"));
        assertFalse(client.containsKey("Password"), "never served");
        assertEquals(Map.of("Alias", "cpe-1", "Enable", "true", "Status", "Unsubscribed", "Topic", "usp/agent/t",
                "QoS", "1"), mqtt.get(CLIENT + "Subscription.1."));
        // Reference following, as a Controller finds the client from the MTP.
        assertEquals("cpe-17", get("Device.LocalAgent.MTP.1.MQTT.Reference+.Username").values().stream()
                .map(v -> v.get("Username")).filter(v -> v != null).findFirst().orElse(""));
    }

    @Test
    void statusClientIdAndStatsFollowTheMtp() throws Exception {
        build(Map.of("usp.mqtt.url", "tcp://127.0.0.1:1883"));
        MqttClientState state = agent.mqttClient();
        state.connecting("");
        state.clientIdAssigned("auto-1234");
        state.connected();
        state.received();
        state.sent();
        state.sent();
        Map<String, Map<String, String>> mqtt = get(CLIENT);
        assertEquals("Connected", mqtt.get(CLIENT).get("Status"));
        assertEquals("auto-1234", mqtt.get(CLIENT).get("ClientID"));
        assertEquals("TCP/IP", mqtt.get(CLIENT).get("TransportProtocol"));
        assertEquals("1883", mqtt.get(CLIENT).get("BrokerPort"));
        assertEquals("Subscribed", mqtt.get(CLIENT + "Subscription.1.").get("Status"));
        Map<String, String> stats = mqtt.get(CLIENT + "Stats.");
        assertEquals("2", stats.get("PublishSent"));
        assertEquals("1", stats.get("PublishReceived"));
        assertFalse(stats.get("BrokerConnectionEstablished").startsWith("0001"));

        state.disconnected(true);
        mqtt = get(CLIENT);
        assertEquals("Error_BrokerUnreachable", mqtt.get(CLIENT).get("Status"));
        assertEquals("1", mqtt.get(CLIENT + "Stats.").get("ConnectionErrors"));
        state.disconnected(false);
        assertEquals("Disabled", get(CLIENT + "Status").get(CLIENT).get("Status"));
    }
}
