package org.cpebridge.mqtt.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The broker with accounts, as the service runs it: CONNECT refusals with the reason codes of MQTT 5 (section
 * 3.2.2.2) and 3.1.1 (section 3.2.2.3), per-user topic filters for PUBLISH, SUBSCRIBE and the will, and no client-id
 * takeover across accounts. Real Paho clients over loopback.
 */
class BrokerAccessIT {

    private static final BrokerAccess.User AGENT = new BrokerAccess.User("agent", "agent-secret",
            List.of("usp/controller/#", "usp/agent/+/status"), List.of("usp/agent/#"));
    private static final BrokerAccess.User CONTROLLER = new BrokerAccess.User("controller", "controller-secret",
            List.of("usp/agent/#"), List.of("usp/controller/#"));
    private static final BrokerAccess.User ZIGBEE = new BrokerAccess.User("zigbee", "zigbee-secret",
            List.of("zigbee2mqtt/#"), List.of("zigbee2mqtt/#"));

    @RegisterExtension
    final BrokerUnderTest broker = new BrokerUnderTest(BrokerAccess.users(List.of(AGENT, CONTROLLER, ZIGBEE)));

    /** An MQTT 5 client whose messages arrive in {@code inbox} as "topic payload". */
    private org.eclipse.paho.mqttv5.client.MqttClient v5(String id, BlockingQueue<String> inbox) throws Exception {
        return broker.v5(id, (topic, message) -> inbox.add(topic + " "
                + new String(message.getPayload(), StandardCharsets.UTF_8)));
    }

    private static MqttConnectionOptions login5(BrokerAccess.User user) {
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setUserName(user.name());
        options.setPassword(user.password().getBytes(StandardCharsets.UTF_8));
        return options;
    }

    /** An MQTT 3.1.1 client whose messages arrive in {@code inbox} as "topic payload". */
    private MqttClient v3(String id, BlockingQueue<String> inbox) throws Exception {
        return broker.v3(id, (topic, message) -> inbox.add(topic + " "
                + new String(message.getPayload(), StandardCharsets.UTF_8)));
    }

    private static MqttConnectOptions login3(String user, String password) {
        MqttConnectOptions options = new MqttConnectOptions();
        if (user != null) {
            options.setUserName(user);
            options.setPassword(password.toCharArray());
        }
        return options;
    }

    @Test
    void mqtt5AnonymousAndWrongPasswordConnectsAreRefusedWithTheirReasonCodes() throws Exception {
        var anonymous = v5("anon", new LinkedBlockingQueue<>());
        var refused = assertThrows(org.eclipse.paho.mqttv5.common.MqttException.class, anonymous::connect);
        assertEquals(0x87, refused.getReasonCode(), "Not authorized");

        var wrong = v5("wrong", new LinkedBlockingQueue<>());
        MqttConnectionOptions options = login5(AGENT);
        options.setPassword("guess".getBytes(StandardCharsets.UTF_8));
        refused = assertThrows(org.eclipse.paho.mqttv5.common.MqttException.class, () -> wrong.connect(options));
        assertEquals(0x86, refused.getReasonCode(), "Bad User Name or Password");

        var unknown = v5("unknown", new LinkedBlockingQueue<>());
        MqttConnectionOptions stranger = new MqttConnectionOptions();
        stranger.setUserName("stranger");
        stranger.setPassword("agent-secret".getBytes(StandardCharsets.UTF_8));
        refused = assertThrows(org.eclipse.paho.mqttv5.common.MqttException.class, () -> unknown.connect(stranger));
        assertEquals(0x86, refused.getReasonCode());
        assertEquals(0, broker.broker().connectedClients());

        var right = v5("right", new LinkedBlockingQueue<>());
        right.connect(login5(AGENT));
        assertTrue(right.isConnected());
        right.disconnect();
    }

    @Test
    void mqtt311AnonymousAndWrongPasswordConnectsAreRefusedWithTheirReturnCodes() throws Exception {
        MqttClient anonymous = v3("anon3", new LinkedBlockingQueue<>());
        MqttException refused = assertThrows(MqttException.class, () -> anonymous.connect(login3(null, null)));
        assertEquals(MqttException.REASON_CODE_NOT_AUTHORIZED, refused.getReasonCode(), "return code 5");

        MqttClient wrong = v3("wrong3", new LinkedBlockingQueue<>());
        refused = assertThrows(MqttException.class, () -> wrong.connect(login3("zigbee", "guess")));
        assertEquals(MqttException.REASON_CODE_FAILED_AUTHENTICATION, refused.getReasonCode(), "return code 4");

        MqttClient right = v3("right3", new LinkedBlockingQueue<>());
        right.connect(login3("zigbee", "zigbee-secret"));
        assertTrue(right.isConnected());
        right.disconnect();
    }

    @Test
    void noAccountReadsAnotherAccountsTrafficThroughWildcards() throws Exception {
        BlockingQueue<String> zigbeeInbox = new LinkedBlockingQueue<>();
        var zigbee = v5("zigbee-eavesdropper", zigbeeInbox);
        zigbee.connect(login5(ZIGBEE));
        IMqttToken everything = zigbee.subscribe(new MqttSubscription[] {new MqttSubscription("#", 1),
                new MqttSubscription("usp/#", 1), new MqttSubscription("zigbee2mqtt/#", 1)}, null);
        int[] granted = everything.getReasonCodes();
        assertEquals(0x87, granted[0], "'#' is not authorized");
        assertEquals(0x87, granted[1], "'usp/#' is not authorized");
        assertEquals(1, granted[2], "its own base topic is granted");

        BlockingQueue<String> agentInbox = new LinkedBlockingQueue<>();
        var agent = v5("agent-id", agentInbox);
        agent.connect(login5(AGENT));
        agent.subscribe(new MqttSubscription[] {new MqttSubscription("usp/agent/os::1", 1)}, null);
        var controller = v5("controller-id", new LinkedBlockingQueue<>());
        controller.connect(login5(CONTROLLER));
        controller.publish("usp/agent/os::1", "a usp record".getBytes(StandardCharsets.UTF_8), 1, false);
        assertEquals("usp/agent/os::1 a usp record", agentInbox.poll(10, TimeUnit.SECONDS));
        assertNull(zigbeeInbox.poll(500, TimeUnit.MILLISECONDS), "the Zigbee account saw no USP record");

        MqttClient old = v3("eavesdropper-3", new LinkedBlockingQueue<>());
        old.connect(login3("zigbee", "zigbee-secret"));
        MqttException refusedSubscribe = assertThrows(MqttException.class, () -> old.subscribe("#", 1));
        assertTrue(refusedSubscribe.getMessage() != null);
        old.disconnect();

        zigbee.disconnect();
        agent.disconnect();
        controller.disconnect();
    }

    @Test
    void aPublishOutsideTheAccountsTopicsIsNotForwarded() throws Exception {
        BlockingQueue<String> zigbeeInbox = new LinkedBlockingQueue<>();
        var zigbee = v5("cpe-bridge-zigbee", zigbeeInbox);
        zigbee.connect(login5(ZIGBEE));
        zigbee.subscribe(new MqttSubscription[] {new MqttSubscription("zigbee2mqtt/#", 1)}, null);
        BlockingQueue<String> agentInbox = new LinkedBlockingQueue<>();
        var agent = v5("agent-id", agentInbox);
        agent.connect(login5(AGENT));
        agent.subscribe(new MqttSubscription[] {new MqttSubscription("usp/agent/os::1", 1)}, null);

        // Forged Zigbee2MQTT state from the USP side, and a USP record from the Zigbee side: both dropped.
        var forged = v5("forger", new LinkedBlockingQueue<>());
        forged.connect(login5(AGENT));
        forged.publish("zigbee2mqtt/plug", "{\"power\":9999}".getBytes(StandardCharsets.UTF_8), 0, false);
        MqttClient forged3 = v3("forger-3", new LinkedBlockingQueue<>());
        forged3.connect(login3("zigbee", "zigbee-secret"));
        forged3.publish("usp/agent/os::1", "forged".getBytes(StandardCharsets.UTF_8), 1, false);
        assertNull(zigbeeInbox.poll(500, TimeUnit.MILLISECONDS));
        assertNull(agentInbox.poll(200, TimeUnit.MILLISECONDS));

        // A will on a topic the account may not publish to refuses the CONNECT.
        var badWill = v5("bad-will", new LinkedBlockingQueue<>());
        MqttConnectionOptions options = login5(AGENT);
        options.setWill("zigbee2mqtt/bridge/state",
                new org.eclipse.paho.mqttv5.common.MqttMessage("offline".getBytes(StandardCharsets.UTF_8)));
        var refused = assertThrows(org.eclipse.paho.mqttv5.common.MqttException.class, () -> badWill.connect(options));
        assertEquals(0x87, refused.getReasonCode());

        forged.disconnect();
        forged3.disconnect();
        zigbee.disconnect();
        agent.disconnect();
    }

    @Test
    void anotherAccountCannotTakeOverAClientId() throws Exception {
        var agent = v5("os::000000-CPEB-1", new LinkedBlockingQueue<>());
        agent.connect(login5(AGENT));

        var thief = v5("os::000000-CPEB-1", new LinkedBlockingQueue<>());
        var refused = assertThrows(org.eclipse.paho.mqttv5.common.MqttException.class,
                () -> thief.connect(login5(ZIGBEE)));
        assertEquals(0x85, refused.getReasonCode(), "Client Identifier not valid");
        MqttClient thief3 = v3("os::000000-CPEB-1", new LinkedBlockingQueue<>());
        MqttException refused3 = assertThrows(MqttException.class, () -> thief3.connect(login3(null, null)));
        assertEquals(MqttException.REASON_CODE_NOT_AUTHORIZED, refused3.getReasonCode());
        MqttClient thief3b = v3("os::000000-CPEB-1", new LinkedBlockingQueue<>());
        refused3 = assertThrows(MqttException.class, () -> thief3b.connect(login3("controller", "controller-secret")));
        assertEquals(MqttException.REASON_CODE_INVALID_CLIENT_ID, refused3.getReasonCode(), "return code 2");
        Thread.sleep(200);
        assertTrue(agent.isConnected(), "the owner stays connected");

        // The same account may take its id over (a restarted client whose old connection is half-open).
        var again = v5("os::000000-CPEB-1", new LinkedBlockingQueue<>());
        again.connect(login5(AGENT));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (agent.isConnected() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertFalse(agent.isConnected());
        again.disconnect();
    }
}
