package org.cpebridge.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.cpebridge.core.json.Json;
import org.cpebridge.usp.proto.UspMsg;
import org.cpebridge.usp.proto.UspRecord;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged service's embedded broker from outside, as a hostile local process would try it: nothing gets in
 * without the generated credentials, no account reads another's traffic, nobody takes the agent's or the Zigbee
 * adapter's client id, nobody claims the Controller's Endpoint ID or forges Zigbee2MQTT state from another account,
 * while the agent (answering a Get) and the Zigbee side (adapter online behind the simulator's bridge/state) work
 * with the credentials the service gave them.
 */
class EmbeddedBrokerAccessIT {

    private static final String AGENT_ID = "os::000000-ACCESS-IT";
    private static final String AGENT_TOPIC = "usp/agent/" + AGENT_ID;

    @TempDir
    Path dir;

    @Test
    void theEmbeddedBrokerAdmitsOnlyItsAccountsEachWithinItsTopics() throws Exception {
        int port = ServiceProcess.freePort();
        String url = "tcp://127.0.0.1:" + port;
        Path data = dir.resolve("data");
        try (ServiceProcess bridge = ServiceProcess.start(dir, "--data-dir", data.toString(),
                "--set", "mqtt.embedded.listen=127.0.0.1:" + port, "--set", "zigbee.mqtt.url=" + url,
                "--set", "usp.mqtt.url=" + url, "--set", "usp.endpointId=" + AGENT_ID,
                "--set", "matter.enabled=false", "--set", "dect.enabled=false")) {
            bridge.awaitLine("READY", 60);
            bridge.awaitLine("adapter zigbee is online", 60);
            // READY comes before the agent's MTP is up: a Get published before it subscribed would be lost.
            bridge.awaitLine("MTP up at", 60);
            Map<String, Object> passwords = Json.parseObject(MqttProbe.storedPayload(
                    data.resolve("core/mqtt-accounts.rec")));
            String controllerPassword = (String) passwords.get("cpe-bridge-controller");
            String zigbeePassword = (String) passwords.get("cpe-bridge-zigbee");
            assertFalse(bridge.output().contains(controllerPassword), "no password in the log");
            assertFalse(bridge.output().contains((String) passwords.get("cpe-bridge-usp")), "no password in the log");

            // Anonymous and wrong-password CONNECTs: MQTT 5 0x87 / 0x86, MQTT 3.1.1 return codes 5 / 4.
            try (MqttProbe anonymous = new MqttProbe(url, "anonymous");
                 MqttProbe guesser = new MqttProbe(url, "guesser")) {
                assertEquals(0x87, anonymous.connect(MqttProbe.login(null, null)));
                assertEquals(0x86, guesser.connect(MqttProbe.login("cpe-bridge-controller", "guess")));
            }
            assertEquals(MqttException.REASON_CODE_NOT_AUTHORIZED, connect311(url, "anonymous-3", null, null));
            assertEquals(MqttException.REASON_CODE_FAILED_AUTHENTICATION,
                    connect311(url, "guesser-3", "cpe-bridge-usp", "guess"));

            try (MqttProbe controller = new MqttProbe(url, "household-controller");
                 MqttProbe eavesdropper = new MqttProbe(url, "eavesdropper");
                 MqttProbe zigbeeEavesdropper = new MqttProbe(url, "zigbee-eavesdropper")) {
                assertEquals(0, controller.connect(MqttProbe.login("cpe-bridge-controller", controllerPassword)));
                assertEquals(1, controller.subscribe("usp/controller"));
                assertEquals(0, eavesdropper.connect(MqttProbe.login("cpe-bridge-controller", controllerPassword)));
                assertEquals(0x87, eavesdropper.subscribe("#"), "'#' is not readable");
                assertEquals(0x87, eavesdropper.subscribe("usp/agent/#"), "the agent's topics are not readable");
                assertEquals(0, zigbeeEavesdropper.connect(MqttProbe.login("cpe-bridge-zigbee", zigbeePassword)));
                assertEquals(0x87, zigbeeEavesdropper.subscribe("#"));
                assertEquals(0x87, zigbeeEavesdropper.subscribe("usp/#"));

                // Even the agent's own account reads only the agent's topic, not another agent's or '#'.
                try (MqttProbe agentAccount = new MqttProbe(url, "agent-account-probe")) {
                    assertEquals(0, agentAccount.connect(MqttProbe.login("cpe-bridge-usp",
                            (String) passwords.get("cpe-bridge-usp"))));
                    assertEquals(0x87, agentAccount.subscribe("usp/agent/os::000000-OTHER"));
                    assertEquals(0x87, agentAccount.subscribe("usp/agent/#"));
                    assertEquals(0x87, agentAccount.subscribe("zigbee2mqtt/#"));
                }

                // The agent logged in with its generated account and answers the Controller.
                UspMsg.Msg answer = controller.get(AGENT_TOPIC, AGENT_ID, "proto::cpe-bridge-controller", "it-get-1",
                        "Device.DeviceInfo.SerialNumber");
                assertTrue(answer.getBody().getResponse().hasGetResp(), answer.toString());
                assertNull(eavesdropper.inbox.poll(500, TimeUnit.MILLISECONDS), "the eavesdropper saw nothing");
                assertNull(zigbeeEavesdropper.inbox.poll(100, TimeUnit.MILLISECONDS), "nor did the Zigbee account");

                // The agent's client id (assigned by the broker, kept in the data directory) and the Zigbee
                // adapter's fixed one cannot be claimed: not without credentials, not with another account's.
                int offlineBefore = bridge.count("adapter zigbee is offline");
                String agentClientId = MqttProbe.storedPayload(data.resolve("usp/mqtt-client-id.rec"));
                for (String taken : new String[] {agentClientId, "cpe-bridge-zigbee"}) {
                    try (MqttProbe thief = new MqttProbe(url, taken); MqttProbe thief2 = new MqttProbe(url, taken)) {
                        assertEquals(0x87, thief.connect(MqttProbe.login(null, null)), taken);
                        assertEquals(0x85, thief2.connect(MqttProbe.login("cpe-bridge-controller",
                                controllerPassword)), taken);
                    }
                }
                // MQTT 3.1.1: return code 2. (The agent's assigned id is longer than 3.1.1's 23 characters; the
                // broker's decoder refuses such a CONNECT before any account check, which keeps the owner too.)
                assertEquals(MqttException.REASON_CODE_INVALID_CLIENT_ID,
                        connect311(url, "cpe-bridge-zigbee", "cpe-bridge-controller", controllerPassword));
                assertNotEquals(0, connect311(url, agentClientId, "cpe-bridge-controller", controllerPassword));
                UspMsg.Msg after = controller.get(AGENT_TOPIC, AGENT_ID, "proto::cpe-bridge-controller",
                        "it-get-2", "Device.DeviceInfo.SerialNumber");
                assertTrue(after.getBody().getResponse().hasGetResp(), "the agent kept its connection");

                // Claiming the Controller's Endpoint ID without its credentials gets nothing: a Get Record from
                // proto::cpe-bridge-controller published with the Zigbee account or the agent's never reaches the
                // agent (the agent would answer it on the Controller's topic, which the real Controller reads).
                try (MqttProbe zigbeeClaimer = new MqttProbe(url, "zigbee-claimer");
                     MqttProbe agentClaimer = new MqttProbe(url, "agent-claimer")) {
                    assertEquals(0, zigbeeClaimer.connect(MqttProbe.login("cpe-bridge-zigbee", zigbeePassword)));
                    assertEquals(0, agentClaimer.connect(MqttProbe.login("cpe-bridge-usp",
                            (String) passwords.get("cpe-bridge-usp"))));
                    zigbeeClaimer.publishGet(AGENT_TOPIC, AGENT_ID, "proto::cpe-bridge-controller", "claimed-1",
                            "Device.DeviceInfo.SerialNumber");
                    agentClaimer.publishGet(AGENT_TOPIC, AGENT_ID, "proto::cpe-bridge-controller", "claimed-2",
                            "Device.DeviceInfo.SerialNumber");
                }
                UspMsg.Msg real = controller.get(AGENT_TOPIC, AGENT_ID, "proto::cpe-bridge-controller", "it-get-3",
                        "Device.DeviceInfo.SerialNumber");
                assertTrue(real.getBody().getResponse().hasGetResp(), real.toString());
                assertNoAnswerTo(controller, "claimed-1", "claimed-2");

                // Forged Zigbee2MQTT state: only the Zigbee side's account may publish under zigbee2mqtt/. A retained
                // bridge/state "offline" and {"power":9999} for every device, from the Controller's and the agent's
                // accounts, change nothing; the same power from the Zigbee account (the positive control, as
                // Zigbee2MQTT itself would report it) does reach the device.
                List<String> devices = zigbeeDevices(url, zigbeePassword);
                assertFalse(devices.isEmpty(), "the simulator's bridge/devices");
                assertTrue(deviceTable(controller, "it-get-4").contains("42.5"), "the plug's simulated power");
                for (String[] account : new String[][] {{"cpe-bridge-controller", controllerPassword},
                        {"cpe-bridge-usp", (String) passwords.get("cpe-bridge-usp")}}) {
                    try (MqttProbe forger = new MqttProbe(url, "forger-" + account[0])) {
                        assertEquals(0, forger.connect(MqttProbe.login(account[0], account[1])));
                        forger.client.publish("zigbee2mqtt/bridge/state",
                                "{\"state\":\"offline\"}".getBytes(StandardCharsets.UTF_8), 1, true);
                        for (String device : devices) {
                            forger.client.publish("zigbee2mqtt/" + device,
                                    "{\"power\":9999}".getBytes(StandardCharsets.UTF_8), 1, false);
                        }
                    }
                }
                Thread.sleep(1_000);
                String table = deviceTable(controller, "it-get-5");
                assertFalse(table.contains("9999"), table);
                assertTrue(table.contains("42.5"), table);
                try (MqttProbe zigbeeSide = new MqttProbe(url, "zigbee-side")) {
                    assertEquals(0, zigbeeSide.connect(MqttProbe.login("cpe-bridge-zigbee", zigbeePassword)));
                    for (String device : devices) {
                        zigbeeSide.client.publish("zigbee2mqtt/" + device,
                                "{\"power\":77.5}".getBytes(StandardCharsets.UTF_8), 1, false);
                    }
                }
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                int round = 0;
                while (!deviceTable(controller, "it-get-6-" + round).contains("77.5")) {
                    assertTrue(System.nanoTime() < deadline, "the Zigbee side's own report did not arrive");
                    Thread.sleep(200);
                    round++;
                }
                assertEquals(offlineBefore, bridge.count("adapter zigbee is offline"),
                        "the Zigbee adapter was never knocked off: " + bridge.output());
            }
            assertEquals(0, bridge.terminate(30));
        }
        // Secrets at rest: the data directory tree 0700, every file (passwords, client id, devices) 0600.
        try (var paths = java.nio.file.Files.walk(data)) {
            for (Path path : paths.toList()) {
                String mode = java.nio.file.attribute.PosixFilePermissions.toString(
                        java.nio.file.Files.getPosixFilePermissions(path));
                assertEquals(java.nio.file.Files.isDirectory(path) ? "rwx------" : "rw-------", mode,
                        path.toString());
            }
        }
    }

    /** Every USP answer in the Controller's inbox so far; none may answer one of {@code msgIds}. */
    private static void assertNoAnswerTo(MqttProbe controller, String... msgIds) throws Exception {
        MqttProbe.Received received;
        while ((received = controller.inbox.poll(500, TimeUnit.MILLISECONDS)) != null) {
            UspRecord.Record record = UspRecord.Record.parseFrom(received.payload());
            if (record.hasNoSessionContext()) {
                String answered = UspMsg.Msg.parseFrom(record.getNoSessionContext().getPayload()).getHeader()
                        .getMsgId();
                assertFalse(List.of(msgIds).contains(answered), "the agent answered a claimed Get: " + answered);
            }
        }
    }

    /** The friendly names in the simulator's retained bridge/devices, read with the Zigbee account. */
    @SuppressWarnings("unchecked")
    private static List<String> zigbeeDevices(String url, String zigbeePassword) throws Exception {
        try (MqttProbe reader = new MqttProbe(url, "zigbee-reader")) {
            assertEquals(0, reader.connect(MqttProbe.login("cpe-bridge-zigbee", zigbeePassword)));
            assertEquals(1, reader.subscribe("zigbee2mqtt/bridge/devices"));
            MqttProbe.Received devices = reader.inbox.poll(30, TimeUnit.SECONDS);
            assertNotNull(devices, "no retained bridge/devices");
            List<String> names = new ArrayList<>();
            for (Object element : (List<Object>) Json.parse(new String(devices.payload(), StandardCharsets.UTF_8))) {
                Map<String, Object> device = (Map<String, Object>) element;
                if (!"Coordinator".equals(device.get("type"))) {
                    names.add((String) device.get("friendly_name"));
                }
            }
            return names;
        }
    }

    /** The household Controller's Get of the whole device table, as text. */
    private static String deviceTable(MqttProbe controller, String msgId) throws Exception {
        UspMsg.Msg answer = controller.get(AGENT_TOPIC, AGENT_ID, "proto::cpe-bridge-controller", msgId,
                "Device.ProxiedDevice.");
        assertTrue(answer.getBody().getResponse().hasGetResp(), answer.toString());
        return answer.toString();
    }

    private static int connect311(String url, String clientId, String user, String password) throws Exception {
        MqttClient client = new MqttClient(url, clientId, new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        if (user != null) {
            options.setUserName(user);
            options.setPassword(password.toCharArray());
        }
        try {
            client.connect(options);
            client.disconnect();
            return 0;
        } catch (MqttException refused) {
            return refused.getReasonCode();
        } finally {
            client.close();
        }
    }
}
