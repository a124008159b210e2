package org.cpebridge.usp.mtp.mqtt;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;

/** {@link MqttClientPort} over Paho's MQTT 5.0 client: user properties, Response Topic, Content Type. */
final class Paho5Port implements MqttClientPort {
    private final MqttAsyncClient client;

    Paho5Port(String serverUri, String clientId) throws MqttException {
        client = new MqttAsyncClient(serverUri, clientId, new MemoryPersistence());
    }

    @Override
    public void connect(MqttLink.Connect connect, PahoMqttMtp.Broker broker, Optional<String> willTopic,
            Events events) throws MqttException {
        client.setCallback(new MqttCallback() {
            @Override
            public void disconnected(MqttDisconnectResponse response) {
                events.lost("disconnected: " + response.getReasonString() + " (" + response.getReturnCode() + ")");
            }

            @Override
            public void mqttErrorOccurred(MqttException exception) {
                // Reported for protocol errors on a live connection; a broken connection also calls disconnected.
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                MqttProperties p = message.getProperties();
                events.message(topic, message.getPayload(),
                        Optional.ofNullable(p == null ? null : p.getResponseTopic()),
                        Optional.ofNullable(p == null ? null : p.getContentType()));
            }

            @Override
            public void deliveryComplete(IMqttToken token) {
                events.delivered();
            }

            @Override
            public void connectComplete(boolean reconnect, String serverUri) {
                // The connect listener reports success with the CONNACK properties.
            }

            @Override
            public void authPacketArrived(int reasonCode, MqttProperties properties) {
                // No enhanced authentication.
            }
        });
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        options.setAutomaticReconnect(false);
        options.setKeepAliveInterval((int) connect.keepAlive().toSeconds());
        options.setConnectionTimeout(30);
        options.setRequestResponseInfo(connect.requestResponseInformation());
        if (broker.serverUri().startsWith("tcp://")) {
            options.setSocketFactory(new NoDelaySocketFactory());
        }
        List<UserProperty> properties = new ArrayList<>();
        connect.userProperties().forEach((k, v) -> properties.add(new UserProperty(k, v)));
        options.setUserProperties(properties);
        broker.username().ifPresent(options::setUserName);
        broker.password().ifPresent(p -> options.setPassword(p.getBytes(StandardCharsets.UTF_8)));
        willTopic.ifPresent(topic -> {
            options.setWill(topic, new MqttMessage("offline".getBytes(StandardCharsets.UTF_8), 1, true, null));
            MqttProperties willProperties = new MqttProperties();
            willProperties.setContentType("text/plain");
            options.setWillMessageProperties(willProperties);
        });
        client.connect(options, null, new MqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
                MqttProperties props = token.getResponseProperties();
                Optional<String> assigned = Optional.ofNullable(props == null ? null
                        : props.getAssignedClientIdentifier());
                Optional<String> responseInfo = Optional.ofNullable(props == null ? null : props.getResponseInfo());
                List<String> subscribeTopics = props == null ? List.of() : props.getUserProperties().stream()
                        .filter(p -> MqttTopics.SUBSCRIBE_TOPIC_PROPERTY.equals(p.getKey()))
                        .map(UserProperty::getValue).toList();
                events.connected(new MqttLink.ConnAck(assigned, responseInfo, subscribeTopics));
            }

            @Override
            public void onFailure(IMqttToken token, Throwable failure) {
                events.connectFailed(String.valueOf(failure));
            }
        });
    }

    @Override
    public void subscribe(List<String> filters, Events events) throws MqttException {
        MqttSubscription[] subscriptions = filters.stream().map(f -> new MqttSubscription(f, 1))
                .toArray(MqttSubscription[]::new);
        client.subscribe(subscriptions, null, new MqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
                int[] codes = token.getReasonCodes();
                List<Boolean> granted = new ArrayList<>();
                for (int i = 0; i < filters.size(); i++) {
                    granted.add(codes != null && i < codes.length ? codes[i] < 0x80 : Boolean.TRUE);
                }
                events.subscribed(granted);
            }

            @Override
            public void onFailure(IMqttToken token, Throwable failure) {
                events.subscribed(filters.stream().map(f -> Boolean.FALSE).toList());
            }
        }, new MqttProperties());
    }

    @Override
    public boolean publish(String topic, byte[] payload, int qos, boolean retained, Optional<String> responseTopic,
            Optional<String> contentType) throws MqttException {
        MqttMessage message = new MqttMessage(payload, qos, retained, null);
        MqttProperties properties = new MqttProperties();
        responseTopic.ifPresent(properties::setResponseTopic);
        contentType.ifPresent(properties::setContentType);
        message.setProperties(properties);
        try {
            client.publish(topic, message);
            return true;
        } catch (MqttException e) {
            if (e.getReasonCode() == MqttClientException.REASON_CODE_MAX_INFLIGHT) {
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
            client.disconnectForcibly(0, 1_000, false);
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
