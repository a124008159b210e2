package org.cpebridge.mqtt.broker;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The setup this module's integration tests share, as a JUnit 5 extension on an instance field
 * ({@code @RegisterExtension final BrokerUnderTest broker = new BrokerUnderTest(access)}): before each test the
 * embedded broker with {@code access} on a free loopback port; real Eclipse Paho clients (MQTT 5 and 3.1.1) made
 * against it, each handing what it receives to the test; after the test every client it made is dropped and closed,
 * then the broker (the one a test started again too) is closed.
 *
 * <p>Owning thread: the test's thread; the clients' callbacks run on Paho's threads and only hand messages on.
 */
final class BrokerUnderTest implements BeforeEachCallback, AfterEachCallback {
    private final BrokerAccess access;
    private EmbeddedMqttBroker broker;
    private final List<org.eclipse.paho.mqttv5.client.MqttClient> clients5 = new ArrayList<>();
    private final List<org.eclipse.paho.client.mqttv3.MqttClient> clients3 = new ArrayList<>();

    BrokerUnderTest(BrokerAccess access) {
        this.access = access;
    }

    @Override
    public void beforeEach(ExtensionContext extension) throws InterruptedException {
        broker = startOn(new InetSocketAddress("127.0.0.1", 0));
    }

    @Override
    public void afterEach(ExtensionContext extension) {
        for (var client : clients5) {
            try {
                if (client.isConnected()) {
                    client.disconnectForcibly(0, 1_000, false);
                }
                client.close(true);
            } catch (MqttException | RuntimeException alreadyGone) {
                // A test may have closed it itself, or the broker ended its connection.
            }
        }
        for (var client : clients3) {
            try {
                if (client.isConnected()) {
                    client.disconnectForcibly(0, 1_000);
                }
                client.close(true);
            } catch (org.eclipse.paho.client.mqttv3.MqttException | RuntimeException alreadyGone) {
                // As above.
            }
        }
        broker.close();
    }

    /** The broker of this test (the one {@link #startAgain} started, after it ran). */
    EmbeddedMqttBroker broker() {
        return broker;
    }

    String url() {
        return broker.url();
    }

    /** Starts a broker with the same access on {@code address} (after the test closed the first one). */
    EmbeddedMqttBroker startAgain(InetSocketAddress address) throws InterruptedException {
        broker = startOn(address);
        return broker;
    }

    private EmbeddedMqttBroker startOn(InetSocketAddress address) throws InterruptedException {
        return EmbeddedMqttBroker.start(address, EmbeddedMqttBroker.DEFAULT_MAX_PACKET_BYTES, access);
    }

    /** An MQTT 5 client of the broker, not yet connected; each message it receives goes to {@code onMessage}. */
    org.eclipse.paho.mqttv5.client.MqttClient v5(String clientId, BiConsumer<String, MqttMessage> onMessage)
            throws MqttException {
        var client = new org.eclipse.paho.mqttv5.client.MqttClient(broker.url(), clientId,
                new org.eclipse.paho.mqttv5.client.persist.MemoryPersistence());
        client.setCallback(new MqttCallback() {
            @Override
            public void disconnected(MqttDisconnectResponse response) {
                // The tests look at isConnected() where a disconnect matters.
            }

            @Override
            public void mqttErrorOccurred(MqttException exception) {
                // A test that provokes an error checks what the broker did, not the client's report.
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                onMessage.accept(topic, message);
            }

            @Override
            public void deliveryComplete(IMqttToken token) {
                // Publishing tests wait on what subscribers receive.
            }

            @Override
            public void connectComplete(boolean reconnect, String serverUri) {
                // Tests connect synchronously.
            }

            @Override
            public void authPacketArrived(int reasonCode, MqttProperties properties) {
                // The broker does no enhanced authentication.
            }
        });
        clients5.add(client);
        return client;
    }

    /** An MQTT 3.1.1 client of the broker, not yet connected; each message it receives goes to {@code onMessage}. */
    org.eclipse.paho.client.mqttv3.MqttClient v3(String clientId,
            BiConsumer<String, org.eclipse.paho.client.mqttv3.MqttMessage> onMessage)
            throws org.eclipse.paho.client.mqttv3.MqttException {
        var client = new org.eclipse.paho.client.mqttv3.MqttClient(broker.url(), clientId,
                new org.eclipse.paho.client.mqttv3.persist.MemoryPersistence());
        client.setCallback(new org.eclipse.paho.client.mqttv3.MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
                // The tests look at isConnected() where a lost connection matters.
            }

            @Override
            public void messageArrived(String topic, org.eclipse.paho.client.mqttv3.MqttMessage message) {
                onMessage.accept(topic, message);
            }

            @Override
            public void deliveryComplete(org.eclipse.paho.client.mqttv3.IMqttDeliveryToken token) {
                // As for MQTT 5.
            }
        });
        clients3.add(client);
        return client;
    }
}
