package org.cpebridge.mqtt;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
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
 * {@link MqttClientPort} over Paho's MQTT 3.1.1 asynchronous client, for brokers without 5.0: no properties, so
 * {@link MessageProperties} are neither sent nor received and the CONNACK is {@link ConnAck#EMPTY}.
 */
final class Paho3Client implements MqttClientPort {
    private final ConnectOptions options;
    private final Listener listener;
    private final MqttAsyncClient client;

    Paho3Client(ConnectOptions options, Listener listener) throws MqttPortException {
        this.options = options;
        this.listener = listener;
        try {
            client = new MqttAsyncClient(options.serverUri(), options.clientId(), new MemoryPersistence());
        } catch (MqttException | IllegalArgumentException e) {
            throw new MqttPortException("bad MQTT server URI '" + options.serverUri() + "': " + e.getMessage(), e);
        }
        client.setCallback(new Callback());
    }

    @Override
    public void connect() throws MqttPortException {
        MqttConnectOptions paho = new MqttConnectOptions();
        paho.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        paho.setCleanSession(options.cleanStart());
        paho.setAutomaticReconnect(false);
        paho.setKeepAliveInterval((int) options.keepAlive().toSeconds());
        paho.setConnectionTimeout((int) options.connectTimeout().toSeconds());
        paho.setMaxInflight(options.maxInflight());
        if (options.serverUri().startsWith("tcp://")) {
            paho.setSocketFactory(new NoDelaySocketFactory());
        } else if (options.serverUri().startsWith("ssl://")) {
            paho.setSocketFactory(TlsSocketFactories.create(options.tls().orElse(TlsSettings.DEFAULT)));
            paho.setHttpsHostnameVerificationEnabled(true);
        }
        options.username().ifPresent(paho::setUserName);
        options.password().ifPresent(p -> paho.setPassword(p.toCharArray()));
        options.will().ifPresent(will -> paho.setWill(will.topic(), will.payload(), will.qos(), will.retained()));
        try {
            client.connect(paho, null, new IMqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    listener.connected(ConnAck.EMPTY);
                }

                @Override
                public void onFailure(IMqttToken token, Throwable failure) {
                    listener.connectFailed(String.valueOf(failure), failure instanceof MqttException e
                            && e.getReasonCode() == MqttException.REASON_CODE_INVALID_PROTOCOL_VERSION);
                }
            });
        } catch (MqttException | RuntimeException e) {
            throw new MqttPortException("cannot connect to " + options.serverUri() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void subscribe(List<String> filters, int qos) throws MqttPortException {
        int[] qosList = new int[filters.size()];
        Arrays.fill(qosList, qos);
        try {
            client.subscribe(filters.toArray(String[]::new), qosList, null, new IMqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    listener.subscribed(Grants.of(filters.size(), token.getGrantedQos()));
                }

                @Override
                public void onFailure(IMqttToken token, Throwable failure) {
                    listener.subscribed(Grants.none(filters.size()));
                }
            });
        } catch (MqttException | RuntimeException e) {
            throw new MqttPortException("cannot subscribe: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean publish(String topic, byte[] payload, int qos, boolean retained, MessageProperties properties)
            throws MqttPortException {
        try {
            client.publish(topic, payload, qos, retained);
            return true;
        } catch (MqttException e) {
            if (e.getReasonCode() == MqttException.REASON_CODE_MAX_INFLIGHT) {
                return false;
            }
            throw new MqttPortException("cannot publish to " + topic + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new MqttPortException("cannot publish to " + topic + ": " + e.getMessage(), e);
        }
    }

    @Override
    public boolean isConnected() {
        return client.isConnected();
    }

    @Override
    public void disconnect(Duration quiesce) throws MqttPortException {
        PahoCalls.checked("disconnect", () -> client.disconnect(quiesce.toMillis())
                .waitForCompletion(quiesce.toMillis() * 2));
    }

    @Override
    public void close() {
        PahoCalls.quietly(options.clientId(), "drop", () -> client.disconnectForcibly(0, 1_000, false));
        PahoCalls.quietly(options.clientId(), "close", () -> client.close(true));
    }

    private final class Callback implements MqttCallback {
        @Override
        public void connectionLost(Throwable cause) {
            listener.lost("connection lost: " + cause);
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            listener.message(topic, message.getPayload(), message.isRetained(), MessageProperties.NONE);
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {
            listener.delivered();
        }
    }
}
