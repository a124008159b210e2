package org.cpebridge.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.cpebridge.usp.proto.UspMsg;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service against Debian's mosquitto run with the sample {@code docs/mosquitto/mosquitto.conf} and
 * {@code cpe-bridge.acl} (only the listener port and the two file paths changed): the agent and the Zigbee side log
 * in with {@code usp.mqtt.username}/{@code usp.mqtt.passwordFile} and {@code zigbee.mqtt.username}/
 * {@code zigbee.mqtt.passwordFile}; a wrong password and an anonymous CONNECT are refused; {@code #} shows no
 * other account's traffic; the agent's client id cannot be claimed without credentials.
 */
class MosquittoAccessIT {

    private static final String AGENT_ID = "os::000000-MOSQUITTO-IT";
    private static final String AGENT_TOPIC = "usp/agent/" + AGENT_ID;

    @TempDir
    Path dir;

    @Test
    void theSampleMosquittoConfigurationKeepsEachAccountToItsTopics() throws Exception {
        Path samples = Path.of(System.getProperty("user.dir")).resolveSibling("docs").resolve("mosquitto");
        int port = ServiceProcess.freePort();
        Path passwd = dir.resolve("cpe-bridge.passwd");
        Path acl = dir.resolve("cpe-bridge.acl");
        Files.copy(samples.resolve("cpe-bridge.acl"), acl);
        List<String[]> accounts = List.of(new String[] {"cpe-bridge-usp", "usp-pw-1"},
                new String[] {"cpe-bridge-zigbee", "zigbee-pw-2"}, new String[] {"cpe-bridge-controller", "ctl-pw-3"});
        for (String[] account : accounts) {
            List<String> command = new java.util.ArrayList<>(List.of("/usr/bin/mosquitto_passwd", "-b"));
            if (!Files.exists(passwd)) {
                command.add("-c");
            }
            command.addAll(List.of(passwd.toString(), account[0], account[1]));
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            assertTrue(process.waitFor(30, TimeUnit.SECONDS));
            assertEquals(0, process.exitValue(), new String(process.getInputStream().readAllBytes()));
        }
        String conf = Files.readString(samples.resolve("mosquitto.conf"))
                .replace("listener 1883 127.0.0.1", "listener " + port + " 127.0.0.1")
                .replace("/etc/mosquitto/cpe-bridge.passwd", passwd.toString())
                .replace("/etc/mosquitto/cpe-bridge.acl", acl.toString());
        assertTrue(conf.contains("listener " + port) && conf.contains(passwd.toString()) && conf.contains(acl.toString()),
                "the sample's lines are where the test expects them");
        Path confFile = Files.writeString(dir.resolve("mosquitto.conf"), conf);
        // mosquitto started as root reads its files as the 'mosquitto' user after dropping privileges.
        Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwx--x--x"));
        for (Path file : List.of(passwd, acl, confFile)) {
            Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        }
        Path uspPassword = Files.writeString(dir.resolve("usp.password"), "usp-pw-1\n");
        Path zigbeePassword = Files.writeString(dir.resolve("zigbee.password"), "zigbee-pw-2\n");
        Process mosquitto = new ProcessBuilder("/usr/sbin/mosquitto", "-c", confFile.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("mosquitto.log").toFile()).start();
        String url = "tcp://127.0.0.1:" + port;
        try (MqttProbe controller = new MqttProbe(url, "household-controller");
             MqttProbe eavesdropper = new MqttProbe(url, "eavesdropper");
             MqttProbe anonymous = new MqttProbe(url, "anonymous");
             MqttProbe guesser = new MqttProbe(url, "guesser")) {
            connectWhenListening(controller, MqttProbe.login("cpe-bridge-controller", "ctl-pw-3"));
            controller.subscribe("usp/controller");
            assertEquals(0x87, anonymous.connect(MqttProbe.login(null, null)), "anonymous: Not authorized");
            // mosquitto 2.0 answers a wrong password with 0x87 (Not authorized) rather than 0x86.
            int wrongPassword = guesser.connect(MqttProbe.login("cpe-bridge-usp", "guess"));
            assertTrue(wrongPassword == 0x86 || wrongPassword == 0x87, "wrong password refused: " + wrongPassword);
            assertEquals(0, eavesdropper.connect(MqttProbe.login("cpe-bridge-zigbee", "zigbee-pw-2")));
            eavesdropper.subscribe("#");

            try (ServiceProcess bridge = ServiceProcess.start(dir, "--data-dir", dir.resolve("data").toString(),
                    "--set", "mqtt.embedded.enabled=false", "--set", "usp.mqtt.url=" + url,
                    "--set", "zigbee.mqtt.url=" + url, "--set", "usp.endpointId=" + AGENT_ID,
                    "--set", "usp.mqtt.username=cpe-bridge-usp", "--set", "usp.mqtt.passwordFile=" + uspPassword,
                    "--set", "zigbee.mqtt.username=cpe-bridge-zigbee",
                    "--set", "zigbee.mqtt.passwordFile=" + zigbeePassword,
                    "--set", "matter.enabled=false", "--set", "dect.enabled=false")) {
                bridge.awaitLine("READY", 60);
                bridge.awaitLine("adapter zigbee is online", 60);
                // READY comes before the agent's MTP is up: a Get published before it subscribed would be lost.
                controller.awaitMqttConnect();
                UspMsg.Msg answer = controller.get(AGENT_TOPIC, AGENT_ID, "proto::cpe-bridge-controller", "mq-get-1",
                        "Device.DeviceInfo.SerialNumber");
                assertTrue(answer.getBody().getResponse().hasGetResp(), answer.toString());
                // The Zigbee account's '#' reaches its own base topic only: never a USP record.
                MqttProbe.Received seen;
                while ((seen = eavesdropper.inbox.poll(500, TimeUnit.MILLISECONDS)) != null) {
                    assertTrue(seen.topic().startsWith("zigbee2mqtt/"), seen.topic());
                }

                String agentClientId = MqttProbe.storedPayload(dir.resolve("data/usp/mqtt-client-id.rec"));
                try (MqttProbe thief = new MqttProbe(url, agentClientId)) {
                    assertNotEquals(0, thief.connect(MqttProbe.login(null, null)), "no credentials, no session");
                }
                UspMsg.Msg after = controller.get(AGENT_TOPIC, AGENT_ID, "proto::cpe-bridge-controller", "mq-get-2",
                        "Device.DeviceInfo.SerialNumber");
                assertTrue(after.getBody().getResponse().hasGetResp(), "the agent kept its connection");
                assertNull(anonymous.inbox.poll(10, TimeUnit.MILLISECONDS));
                assertEquals(0, bridge.terminate(30));
            }
        } finally {
            mosquitto.toHandle().destroy();
            mosquitto.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static void connectWhenListening(MqttProbe probe,
            org.eclipse.paho.mqttv5.client.MqttConnectionOptions options) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (probe.connect(options) != 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("mosquitto did not accept the controller within 20 s");
            }
            Thread.sleep(100);
        }
    }
}
