package org.cpebridge.usp.mtp.mqtt;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * {@link MqttClientPort} over Paho's MQTT 3.1.1 client, for brokers without 5.0 (R-MQTT.2): no properties, so the
 * reply-to travels in the topic name ({@code /reply-to=}, R-MQTT.24; {@link MqttTopics} builds and parses it).
 */
final class Paho3Port implements MqttClientPort {
    private static final int MAX_INFLIGHT = 20;

    private final MqttAsyncClient client;

    Paho3Port(String serverUri, String clientId) throws MqttException {
        client = new MqttAsyncClient(serverUri, clientId, new MemoryPersistence());
    }

    @Override
    public void connect(MqttLink.Connect connect, PahoMqttMtp.Broker broker, Optional<String> willTopic,
            Events events) throws MqttException {
        client.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
                events.lost("connection lost: " + cause);
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                events.message(topic, message.getPayload(), Optional.empty(), Optional.empty());
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
                events.delivered();
            }
        });
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setCleanSession(true);
        options.setAutomaticReconnect(false);
        options.setKeepAliveInterval((int) connect.keepAlive().toSeconds());
        options.setConnectionTimeout(30);
        options.setMaxInflight(MAX_INFLIGHT);
        if (broker.serverUri().startsWith("tcp://")) {
            options.setSocketFactory(new NoDelaySocketFactory());
        }
        broker.username().ifPresent(options::setUserName);
        broker.password().ifPresent(p -> options.setPassword(p.toCharArray()));
        willTopic.ifPresent(topic -> options.setWill(topic, "offline".getBytes(StandardCharsets.UTF_8), 1, true));
        client.connect(options, null, new IMqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
                events.connected(new MqttLink.ConnAck(Optional.empty(), Optional.empty(), List.of()));
            }

            @Override
            public void onFailure(IMqttToken token, Throwable failure) {
                events.connectFailed(String.valueOf(failure));
            }
        });
    }

    @Override
    public void subscribe(List<String> filters, Events events) throws MqttException {
        int[] qos = new int[filters.size()];
        java.util.Arrays.fill(qos, 1);
        client.subscribe(filters.toArray(String[]::new), qos, null, new IMqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
                int[] granted = token.getGrantedQos();
                List<Boolean> result = new ArrayList<>();
                for (int i = 0; i < filters.size(); i++) {
                    result.add(granted != null && i < granted.length ? granted[i] < 0x80 : Boolean.TRUE);
                }
                events.subscribed(result);
            }

            @Override
            public void onFailure(IMqttToken token, Throwable failure) {
                events.subscribed(filters.stream().map(f -> Boolean.FALSE).toList());
            }
        });
    }

    @Override
    public boolean publish(String topic, byte[] payload, int qos, boolean retained, Optional<String> responseTopic,
            Optional<String> contentType) throws MqttException {
        MqttMessage message = new MqttMessage(payload);
        message.setQos(qos);
        message.setRetained(retained);
        try {
            client.publish(topic, message);
            return true;
        } catch (MqttException e) {
            if (e.getReasonCode() == MqttException.REASON_CODE_MAX_INFLIGHT) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public boolean isConnected() {
        return client.isConnected();
    }

    @Override
    public void disconnect(long quiesceMillis) throws MqttException {
        client.disconnect(quiesceMillis).waitForCompletion(quiesceMillis * 2);
    }

    @Override
    public void close() {
        try {
            client.disconnectForcibly(0, 1_000);
        } catch (MqttException | RuntimeException e) {
            // Already closed.
        }
        try {
            client.close(true);
        } catch (MqttException | RuntimeException e) {
            // Already closed.
        }
    }
}
