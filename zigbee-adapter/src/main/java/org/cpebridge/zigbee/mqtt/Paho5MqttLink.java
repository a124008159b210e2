package org.cpebridge.zigbee.mqtt;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.cpebridge.core.time.Scheduler;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link MqttLink} over the Paho MQTT 5 asynchronous client. */
public final class Paho5MqttLink extends ReconnectingMqttLink {

    private static final Logger LOG = LoggerFactory.getLogger(Paho5MqttLink.class);
    /** CONNACK reason code 0x84, or a 3.1.1 broker's return code 1 that Paho 5 reports as an invalid code. */
    private static final int UNSUPPORTED_PROTOCOL_VERSION = 0x84;

    private volatile MqttAsyncClient client;

    public Paho5MqttLink(MqttLinkSettings settings, Scheduler scheduler, Listener listener) {
        super(settings, scheduler, listener);
        this.client = newClient(0);
    }

    private MqttAsyncClient newClient(long attempt) {
        try {
            MqttAsyncClient fresh = new MqttAsyncClient(settings.serverUri(), settings.clientId(),
                    new MemoryPersistence());
            fresh.setCallback(new Callback(attempt));
            return fresh;
        } catch (MqttException | IllegalArgumentException e) {
            throw new IllegalArgumentException("bad MQTT server URI '" + settings.serverUri() + "': "
                    + e.getMessage(), e);
        }
    }

    @Override
    protected String protocolName() {
        return "MQTT 5";
    }

    @Override
    protected void connectOnce(long attempt) {
        MqttAsyncClient old = client;
        if (attempt > 1) {
            closeQuietly(old);
            client = newClient(attempt);
        } else {
            client.setCallback(new Callback(attempt));
        }
        MqttAsyncClient current = client;
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        options.setAutomaticReconnect(false);
        options.setKeepAliveInterval(settings.keepAliveSeconds());
        options.setConnectionTimeout(10);
        if (!settings.username().isEmpty()) {
            options.setUserName(settings.username());
            options.setPassword(settings.password().getBytes(StandardCharsets.UTF_8));
        }
        if (!settings.willTopic().isEmpty()) {
            options.setWill(settings.willTopic(), new MqttMessage(settings.willPayload(), 1, settings.willRetained(),
                    null));
        }
        try {
            current.connect(options, null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    subscribe(current, attempt);
                }

                @Override
                public void onFailure(IMqttToken token, Throwable failure) {
                    connectFailed(attempt, String.valueOf(failure.getMessage()), isProtocolRefusal(failure));
                }
            });
        } catch (MqttException e) {
            connectFailed(attempt, e.getMessage(), false);
        }
    }

    private static boolean isProtocolRefusal(Throwable failure) {
        if (failure instanceof MqttException e) {
            return e.getReasonCode() == UNSUPPORTED_PROTOCOL_VERSION
                    || String.valueOf(e.getMessage()).contains("Invalid Return code");
        }
        return false;
    }

    private void subscribe(MqttAsyncClient current, long attempt) {
        if (settings.subscriptions().isEmpty()) {
            connectSucceeded(attempt);
            return;
        }
        String[] filters = settings.subscriptions().toArray(String[]::new);
        int[] qos = new int[filters.length];
        Arrays.fill(qos, 1);
        try {
            current.subscribe(filters, qos, null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    connectSucceeded(attempt);
                }

                @Override
                public void onFailure(IMqttToken token, Throwable failure) {
                    subscribeFailed(attempt, String.valueOf(failure.getMessage()));
                }
            });
        } catch (MqttException | RuntimeException e) {
            subscribeFailed(attempt, e.getMessage());
        }
    }

    @Override
    public void publish(String topic, byte[] payload, int qos, boolean retained) {
        try {
            client.publish(topic, payload, qos, retained);
        } catch (MqttException | RuntimeException e) {
            throw new MqttLinkException("cannot publish to " + topic + ": " + e.getMessage(), e);
        }
    }

    @Override
    public boolean isConnected() {
        return client.isConnected();
    }

    @Override
    protected void dropConnection() {
        try {
            client.disconnectForcibly(0, 1000, false);
        } catch (MqttException | RuntimeException e) {
            LOG.debug("[mqtt {}] forced disconnect: {}", settings.clientId(), e.getMessage());
        }
    }

    @Override
    protected void shutdown() {
        try {
            if (client.isConnected()) {
                client.disconnect(2000).waitForCompletion(3000);
            }
        } catch (MqttException | RuntimeException e) {
            LOG.debug("[mqtt {}] disconnect: {}", settings.clientId(), e.getMessage());
        }
        closeClient();
    }

    @Override
    protected void shutdownAbruptly() {
        dropConnection();
        closeClient();
    }

    private void closeClient() {
        try {
            client.close(true);
        } catch (MqttException | RuntimeException e) {
            LOG.debug("[mqtt {}] close: {}", settings.clientId(), e.getMessage());
        }
    }

    private void closeQuietly(MqttAsyncClient old) {
        try {
            old.disconnectForcibly(0, 100, false);
        } catch (MqttException | RuntimeException e) {
            LOG.trace("[mqtt {}] dropping the old client: {}", settings.clientId(), e.getMessage());
        }
        try {
            old.close(true);
        } catch (MqttException | RuntimeException e) {
            LOG.trace("[mqtt {}] closing the old client: {}", settings.clientId(), e.getMessage());
        }
    }

    private final class Callback implements MqttCallback {
        private final long attempt;

        Callback(long attempt) {
            this.attempt = attempt;
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {
            connectionLost(attempt, response.getReasonString() + " (" + response.getReturnCode() + ")");
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
            LOG.debug("[mqtt {}] error: {}", settings.clientId(), exception.getMessage());
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            if (isCurrent(attempt)) {
                listener.message(topic, message.getPayload(), message.isRetained());
            }
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
        }

        @Override
        public void connectComplete(boolean reconnect, String serverUri) {
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
        }
    }
}
