package org.cpebridge.mqtt;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.TimerPingSender;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link MqttClientPort} over Paho's MQTT 5.0 asynchronous client: user properties, Response Topic, Content Type. */
final class Paho5Client implements MqttClientPort {
    private static final Logger LOG = LoggerFactory.getLogger(Paho5Client.class);
    /** CONNACK reason 0x84 Unsupported Protocol Version (MQTT 5 §3.2.2.2). */
    private static final int UNSUPPORTED_PROTOCOL_VERSION = 0x84;

    private final ConnectOptions options;
    private final Listener listener;
    private final MqttAsyncClient client;

    Paho5Client(ConnectOptions options, Listener listener) throws MqttPortException {
        this.options = options;
        this.listener = listener;
        try {
            // The keep-alive checks on the process's one ping thread (PahoPings), no executor for the rest: Paho
            // then starts its own receive, send and callback threads, as before.
            client = new MqttAsyncClient(options.serverUri(), options.clientId(), new MemoryPersistence(),
                    new TimerPingSender(PahoPings.scheduler()), null);
        } catch (MqttException | IllegalArgumentException e) {
            throw new MqttPortException("bad MQTT server URI '" + options.serverUri() + "': " + e.getMessage(), e);
        }
        client.setCallback(new Callback());
    }

    @Override
    public void connect() throws MqttPortException {
        MqttConnectionOptions paho = new MqttConnectionOptions();
        paho.setCleanStart(options.cleanStart());
        paho.setAutomaticReconnect(false);
        paho.setKeepAliveInterval((int) options.keepAlive().toSeconds());
        paho.setConnectionTimeout((int) options.connectTimeout().toSeconds());
        paho.setRequestResponseInfo(options.requestResponseInformation());
        if (options.serverUri().startsWith("tcp://")) {
            paho.setSocketFactory(new NoDelaySocketFactory());
        } else if (options.serverUri().startsWith("ssl://")) {
            paho.setSocketFactory(TlsSocketFactories.create(options.tls().orElse(TlsSettings.DEFAULT)));
            paho.setHttpsHostnameVerificationEnabled(true);
        }
        paho.setUserProperties(pahoProperties(options.userProperties()));
        options.username().ifPresent(paho::setUserName);
        options.password().ifPresent(p -> paho.setPassword(p.getBytes(StandardCharsets.UTF_8)));
        options.will().ifPresent(will -> {
            paho.setWill(will.topic(), new MqttMessage(will.payload(), will.qos(), will.retained(), null));
            MqttProperties willProperties = new MqttProperties();
            will.contentType().ifPresent(willProperties::setContentType);
            paho.setWillMessageProperties(willProperties);
        });
        try {
            client.connect(paho, null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    MqttProperties p = token.getResponseProperties();
                    listener.connected(p == null ? ConnAck.EMPTY
                            : new ConnAck(Optional.ofNullable(p.getAssignedClientIdentifier()),
                                    Optional.ofNullable(p.getResponseInfo()), ourProperties(p),
                                    p.getMaximumPacketSize() == null ? OptionalLong.empty()
                                            : OptionalLong.of(p.getMaximumPacketSize())));
                }

                @Override
                public void onFailure(IMqttToken token, Throwable failure) {
                    listener.connectFailed(String.valueOf(failure), isProtocolRefusal(failure));
                }
            });
        } catch (MqttException | RuntimeException e) {
            throw new MqttPortException("cannot connect to " + options.serverUri() + ": " + e.getMessage(), e);
        }
    }

    /** Paho 5 reports a 3.1.1 broker's return code 1 (unacceptable protocol version) as an invalid reason code. */
    private static boolean isProtocolRefusal(Throwable failure) {
        return failure instanceof MqttException e && (e.getReasonCode() == UNSUPPORTED_PROTOCOL_VERSION
                || String.valueOf(e.getMessage()).contains("Invalid Return code"));
    }

    @Override
    public void subscribe(List<String> filters, int qos) throws MqttPortException {
        MqttSubscription[] subscriptions = filters.stream().map(f -> new MqttSubscription(f, qos))
                .toArray(MqttSubscription[]::new);
        try {
            client.subscribe(subscriptions, null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    listener.subscribed(Grants.of(filters.size(), token.getReasonCodes()));
                }

                @Override
                public void onFailure(IMqttToken token, Throwable failure) {
                    listener.subscribed(Grants.none(filters.size()));
                }
            }, new MqttProperties());
        } catch (MqttException | RuntimeException e) {
            throw new MqttPortException("cannot subscribe: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean publish(String topic, byte[] payload, int qos, boolean retained, MessageProperties properties)
            throws MqttPortException {
        MqttMessage message = new MqttMessage(payload, qos, retained, null);
        MqttProperties paho = new MqttProperties();
        properties.responseTopic().ifPresent(paho::setResponseTopic);
        properties.contentType().ifPresent(paho::setContentType);
        if (!properties.userProperties().isEmpty()) {
            paho.setUserProperties(pahoProperties(properties.userProperties()));
        }
        message.setProperties(paho);
        try {
            client.publish(topic, message);
            return true;
        } catch (MqttException e) {
            if (e.getReasonCode() == MqttClientException.REASON_CODE_MAX_INFLIGHT) {
                return false;
            }
            throw new MqttPortException("cannot publish to " + topic + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new MqttPortException("cannot publish to " + topic + ": " + e.getMessage(), e);
        }
    }

    private static List<org.eclipse.paho.mqttv5.common.packet.UserProperty> pahoProperties(
            List<UserProperty> properties) {
        List<org.eclipse.paho.mqttv5.common.packet.UserProperty> paho = new ArrayList<>();
        properties.forEach(p -> paho.add(new org.eclipse.paho.mqttv5.common.packet.UserProperty(p.key(), p.value())));
        return paho;
    }

    private static List<UserProperty> ourProperties(MqttProperties properties) {
        List<org.eclipse.paho.mqttv5.common.packet.UserProperty> paho = properties.getUserProperties();
        return paho == null ? List.of() : paho.stream().map(p -> new UserProperty(p.getKey(), p.getValue())).toList();
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
        public void disconnected(MqttDisconnectResponse response) {
            listener.lost("disconnected: " + response.getReasonString() + " (" + response.getReturnCode() + ")");
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
            // A protocol error on a live connection; a broken connection also calls disconnected.
            LOG.debug("[mqtt {}] error: {}", options.clientId(), exception.getMessage());
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            MqttProperties p = message.getProperties();
            MessageProperties properties = p == null ? MessageProperties.NONE
                    : new MessageProperties(Optional.ofNullable(p.getResponseTopic()),
                            Optional.ofNullable(p.getContentType()), ourProperties(p));
            listener.message(topic, message.getPayload(), message.isRetained(), properties);
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
            listener.delivered();
        }

        @Override
        public void connectComplete(boolean reconnect, String serverUri) {
            // The connect listener reports success, with the CONNACK properties.
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
            // No enhanced authentication.
        }
    }
}
