package org.cpebridge.usp.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.cpebridge.usp.proto.UspMsg;
import org.cpebridge.usp.testing.FreePorts;
import org.cpebridge.usp.testing.MosquittoBroker;
import org.cpebridge.usp.testing.Msgs;
import org.cpebridge.usp.testing.PahoTestController;
import org.cpebridge.usp.testing.TestBroker;
import org.cpebridge.usp.testing.TestFaceContext;
import org.cpebridge.usp.testing.TestPki;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The MQTT MTP over TLS to Debian's mosquitto (TP-469 11.3), with a throw-away PKI: the agent connects to an
 * {@code ssl://} listener whose certificate its configured CA signed, shows it in {@code Device.MQTT.Client.1.}, is
 * refused by a broker its CA did not sign, and presents a client certificate where the broker requires one. The test
 * Controller talks to the same broker on its plain loopback listener. Also TP-469 11.5: the Client Identifier a 5.0
 * broker assigned is used again after a restart.
 */
class UspMqttTlsIT {
    private static final String AGENT_TOPIC = "usp/agent/tls";
    private static final String CONTROLLER_ID = "proto::tls-controller";
    private static final String CONTROLLER_TOPIC = "usp/controller/tls";
    private static final String REPLY_TOPIC = "usp/controller/tls-reply";
    private static final int WAIT_SECONDS = 30;

    @TempDir
    Path dir;

    private TestPki pki;
    private MosquittoBroker broker;
    private int tlsPort;
    private int clientCertPort;
    private int ipv6Port;
    private TestFaceContext context;
    private UspFace face;
    private PahoTestController controller;

    @BeforeEach
    void startBroker() throws Exception {
        Path certs = dir.resolve("pki");
        pki = TestPki.create(certs, "test-ca");
        TestPki.Issued server = pki.server(certs, "broker");
        TestPki.openUp(dir, certs);
        tlsPort = FreePorts.tcp();
        clientCertPort = FreePorts.tcp();
        ipv6Port = FreePorts.tcp();
        String tls = "cafile " + pki.ca().certificate() + "\ncertfile " + server.certificate() + "\nkeyfile "
                + server.key() + "\n";
        Files.createDirectories(dir.resolve("broker"));
        broker = MosquittoBroker.start(dir.resolve("broker"), "listener " + tlsPort + " 127.0.0.1\n" + tls
                + "listener " + clientCertPort + " 127.0.0.1\n" + tls + "require_certificate true\n"
                + "listener " + ipv6Port + " ::1\n" + tls);
        controller = new PahoTestController(broker.url(), CONTROLLER_ID, "os::000000-CPEB-TEST0001",
                CONTROLLER_TOPIC, REPLY_TOPIC);
    }

    @AfterEach
    void stopAll() throws Exception {
        stopFace();
        if (controller != null) {
            controller.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    private void startFace(Map<String, String> extra) throws Exception {
        Map<String, String> settings = new HashMap<>(Map.of(
                "usp.mqtt.agentTopic", AGENT_TOPIC,
                "usp.mqtt.connectRetryTime", "1s",
                "usp.mqtt.connectRetryMaxInterval", "2s",
                "usp.controller.endpointId", CONTROLLER_ID,
                "usp.controller.topic", CONTROLLER_TOPIC));
        settings.putAll(extra);
        context = new TestFaceContext(dir.resolve("data"), settings);
        face = new UspFace(context);
        face.start();
    }

    private void stopFace() {
        if (face != null) {
            face.close();
            face = null;
        }
        if (context != null) {
            context.close();
            context = null;
        }
    }

    private boolean awaitUp(int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (!face.mtpUp() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return face.mtpUp();
    }

    private Map<String, String> mqttClient() throws Exception {
        controller.received.clear();
        controller.send(AGENT_TOPIC, Msgs.get("client", "Device.MQTT.Client.1."), Optional.of(CONTROLLER_TOPIC));
        PahoTestController.Received answer = controller.nextMessage(WAIT_SECONDS);
        for (int skipped = 0; answer != null && !answer.topic().equals(CONTROLLER_TOPIC) && skipped < 5; skipped++) {
            answer = controller.nextMessage(WAIT_SECONDS); // the MQTTConnect Record goes to the Controller's topic
        }
        assertNotNull(answer, "no GetResp within " + WAIT_SECONDS + " s");
        UspMsg.Msg resp = PahoTestController.message(answer);
        return Msgs.resolved(resp).get("Device.MQTT.Client.1.");
    }


    @Test
    void tp11_3_theAgentConnectsOverTlsToABrokerItsCaSigned() throws Exception {
        startFace(Map.of("usp.mqtt.url", "ssl://127.0.0.1:" + tlsPort,
                "usp.mqtt.tls.caFile", pki.ca().certificate().toString()));
        assertTrue(awaitUp(WAIT_SECONDS), "MTP up over TLS");
        Map<String, String> client = mqttClient();
        assertEquals("Connected", client.get("Status"));
        assertEquals("TLS", client.get("TransportProtocol"));
        assertEquals("true", client.get("EnableEncryption"));
        assertEquals("127.0.0.1", client.get("BrokerAddress"));
        assertEquals(Integer.toString(tlsPort), client.get("BrokerPort"));
        assertEquals("5.0", client.get("ProtocolVersion"));
    }

    @Test
    void tp11_3_aBrokerCertificateFromAnotherCaIsRefused() throws Exception {
        TestPki other = TestPki.create(dir.resolve("other"), "other-ca");
        startFace(Map.of("usp.mqtt.url", "ssl://127.0.0.1:" + tlsPort,
                "usp.mqtt.tls.caFile", other.ca().certificate().toString()));
        assertFalse(awaitUp(6), "must not connect to a broker whose certificate the configured CA did not sign");
    }

    /**
     * Hostname verification: the broker's certificate names 127.0.0.1 and localhost, not ::1, so the same broker
     * reached at ssl://[::1] is refused although the configured CA signed it.
     */
    @Test
    void tp11_3_aBrokerCertificateThatDoesNotNameTheAddressIsRefused() throws Exception {
        startFace(Map.of("usp.mqtt.url", "ssl://[::1]:" + ipv6Port,
                "usp.mqtt.tls.caFile", pki.ca().certificate().toString()));
        assertFalse(awaitUp(6), "must not connect to a broker whose certificate does not name the address");
    }

    @Test
    void tp11_3_aClientCertificateWhereTheBrokerRequiresOne() throws Exception {
        TestPki.Issued agentCert = pki.client(dir.resolve("pki"), "agent");
        startFace(Map.of("usp.mqtt.url", "ssl://127.0.0.1:" + clientCertPort,
                "usp.mqtt.tls.caFile", pki.ca().certificate().toString(),
                "usp.mqtt.tls.certFile", agentCert.certificate().toString(),
                "usp.mqtt.tls.keyFile", agentCert.key().toString()));
        assertTrue(awaitUp(WAIT_SECONDS), "MTP up with a client certificate");
        assertEquals("Connected", mqttClient().get("Status"));
    }

    @Test
    void tp11_3_withoutAClientCertificateTheBrokerRefuses() throws Exception {
        startFace(Map.of("usp.mqtt.url", "ssl://127.0.0.1:" + clientCertPort,
                "usp.mqtt.tls.caFile", pki.ca().certificate().toString()));
        assertFalse(awaitUp(6), "a broker that requires a client certificate refuses the agent without one");
    }

    @Test
    void tp11_5_theAssignedClientIdIsUsedAgainAfterARestart() throws Exception {
        try (TestBroker embedded = TestBroker.Kind.EMBEDDED.start(dir.resolve("embedded"));
                PahoTestController embeddedController = new PahoTestController(embedded.url(), CONTROLLER_ID,
                        "os::000000-CPEB-TEST0001", CONTROLLER_TOPIC, REPLY_TOPIC)) {
            PahoTestController plain = controller;
            controller = embeddedController;
            try {
                startFace(Map.of("usp.mqtt.url", embedded.url()));
                assertTrue(awaitUp(WAIT_SECONDS));
                String assigned = mqttClient().get("ClientID");
                assertTrue(assigned.startsWith("auto-"), "the embedded broker assigns auto-<uuid>: " + assigned);
                stopFace();

                startFace(Map.of("usp.mqtt.url", embedded.url()));
                assertTrue(awaitUp(WAIT_SECONDS));
                assertEquals(assigned, mqttClient().get("ClientID"), "the CONNECT after a restart asks for it");
            } finally {
                controller = plain;
            }
        }
    }
}
