package org.cpebridge.zigbee.mqtt;

import java.util.Arrays;
import org.cpebridge.core.time.Scheduler;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link MqttLink} over the Paho MQTT 3.1.1 asynchronous client, for brokers without MQTT 5. */
public final class Paho3MqttLink extends ReconnectingMqttLink {

    private static final Logger LOG = LoggerFactory.getLogger(Paho3MqttLink.class);
    /** Paho 3 keeps up to this many QoS 1 messages in flight; above it publish fails. */
    private static final int MAX_INFLIGHT = 1000;

    private volatile MqttAsyncClient client;

    public Paho3MqttLink(MqttLinkSettings settings, Scheduler scheduler, Listener listener) {
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
        return "MQTT 3.1.1";
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
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setCleanSession(true);
        options.setAutomaticReconnect(false);
        options.setKeepAliveInterval(settings.keepAliveSeconds());
        options.setConnectionTimeout(10);
        options.setMaxInflight(MAX_INFLIGHT);
        if (!settings.username().isEmpty()) {
            options.setUserName(settings.username());
            options.setPassword(settings.password().toCharArray());
        }
        if (!settings.willTopic().isEmpty()) {
            options.setWill(settings.willTopic(), settings.willPayload(), 1, settings.willRetained());
        }
        try {
            current.connect(options, null, new IMqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    subscribe(current, attempt);
                }

                @Override
                public void onFailure(IMqttToken token, Throwable failure) {
                    connectFailed(attempt, String.valueOf(failure.getMessage()), false);
                }
            });
        } catch (MqttException e) {
            connectFailed(attempt, e.getMessage(), false);
        }
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
            current.subscribe(filters, qos, null, new IMqttActionListener() {
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
        public void connectionLost(Throwable cause) {
            Paho3MqttLink.this.connectionLost(attempt, String.valueOf(cause.getMessage()));
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            if (isCurrent(attempt)) {
                listener.message(topic, message.getPayload(), message.isRetained());
            }
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {
        }
    }
}
