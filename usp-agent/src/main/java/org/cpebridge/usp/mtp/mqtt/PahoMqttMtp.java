package org.cpebridge.usp.mtp.mqtt;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.DoubleSupplier;
import org.cpebridge.core.time.Scheduler;
import org.cpebridge.usp.record.Bytes;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The USP MQTT MTP over Eclipse Paho (MQTT 5.0): drives the sans-I/O {@link MqttLink} with what the Paho client
 * reports and carries out the link's actions. Paho's automatic reconnect is off; the link's retry policy
 * (R-MQTT.10/33) decides when to connect again, each time with a fresh client. Sets a Last Will (retained
 * {@code offline} on the status topic) and publishes a retained {@code online} there after each connect.
 *
 * <p>Owning thread: the serial executor given to the constructor; Paho's callbacks only post events to it, and a
 * callback from a client that has since been replaced is ignored.
 */
public final class PahoMqttMtp implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PahoMqttMtp.class);
    private static final long DISCONNECT_QUIESCE_MS = 1_000;
    private static final int MAX_WAITING = 10_000;

    /** Broker address and credentials. {@code password} is never logged. */
    public record Broker(String serverUri, Optional<String> username, Optional<String> password) {
        public Broker {
            Objects.requireNonNull(serverUri, "serverUri");
            Objects.requireNonNull(username, "username");
            Objects.requireNonNull(password, "password");
        }

        @Override
        public String toString() {
            return "Broker[" + serverUri + (username.isPresent() ? ", user " + username.get() : "") + "]";
        }
    }

    private final MqttLinkConfig config;
    private final Broker broker;
    private final Optional<String> statusTopic;
    private final Executor serial;
    private final Scheduler scheduler;
    private final MqttMtpListener listener;
    private final MqttLink link;
    private MqttAsyncClient client;
    private int generation;
    private Scheduler.Cancellable retryTimer;
    // Publishes waiting for a free in-flight slot (the broker's Receive Maximum caps QoS 1 publishes in flight).
    private final java.util.ArrayDeque<MqttLink.Publish> waiting = new java.util.ArrayDeque<>();

    /**
     * @param statusTopic where the Last Will {@code offline} and the {@code online} announcement go (empty: no will)
     * @param serial      the executor that owns this MTP (runs events one at a time)
     */
    public PahoMqttMtp(MqttLinkConfig config, Broker broker, Optional<String> statusTopic, Executor serial,
            Scheduler scheduler, MqttMtpListener listener, DoubleSupplier random) {
        this.config = Objects.requireNonNull(config, "config");
        this.broker = Objects.requireNonNull(broker, "broker");
        this.statusTopic = Objects.requireNonNull(statusTopic, "statusTopic");
        this.serial = Objects.requireNonNull(serial, "serial");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.link = new MqttLink(config, random);
    }

    /** Starts connecting in the background; returns at once. */
    public void start() {
        serial.execute(() -> handle(new MqttLink.Start()));
    }

    /** Publishes a Record to {@code topic} (dropped with a log line when the link is not up). */
    public void send(String topic, Bytes record) {
        serial.execute(() -> handle(new MqttLink.Send(topic, record)));
    }

    /** The link state, for tests and the data model; read it on the owning executor for a consistent value. */
    public MqttLink.State state() {
        return link.state();
    }

    @Override
    public void close() {
        serial.execute(() -> handle(new MqttLink.Stop()));
    }

    private void handle(MqttLink.Event event) {
        MqttLink.Step step = link.on(event);
        for (MqttLink.Action action : step.actions()) {
            perform(action);
        }
    }

    private void perform(MqttLink.Action action) {
        if (action instanceof MqttLink.Connect connect) {
            connect(connect);
        } else if (action instanceof MqttLink.Subscribe subscribe) {
            subscribe(subscribe.filters());
        } else if (action instanceof MqttLink.Publish publish) {
            publish(publish);
        } else if (action instanceof MqttLink.Disconnect) {
            dropClient(true);
        } else if (action instanceof MqttLink.StartTimer timer) {
            dropClient(false);
            LOG.debug("[mqtt {}] connecting again in {} ms", config.endpointId(), timer.delay().toMillis());
            retryTimer = scheduler.schedule(timer.delay(),
                    () -> serial.execute(() -> handle(new MqttLink.RetryTimer())));
        } else if (action instanceof MqttLink.SaveClientId save) {
            LOG.debug("[mqtt {}] broker assigned client id {}", config.endpointId(), save.clientId());
        } else if (action instanceof MqttLink.LinkUp up) {
            LOG.info("[mqtt {}] MTP up at {} on {}", config.endpointId(), broker.serverUri(), up.replyTopic());
            statusTopic.ifPresent(topic -> publishStatus(topic, "online"));
            listener.onLinkUp(up.replyTopic());
        } else if (action instanceof MqttLink.LinkDown down) {
            LOG.info("[mqtt {}] MTP down: {}", config.endpointId(), down.reason());
            if (down.disabled() && retryTimer != null) {
                retryTimer.cancel();
            }
            listener.onLinkDown(down.reason(), !down.disabled());
        } else if (action instanceof MqttLink.Deliver deliver) {
            listener.onRecord(deliver.record(), deliver.replyTopic());
        } else if (action instanceof MqttLink.Dropped dropped) {
            LOG.debug("[mqtt {}] dropped: {}", config.endpointId(), dropped.reason());
        }
    }

    private void connect(MqttLink.Connect connect) {
        dropClient(false);
        int mine = ++generation;
        try {
            client = new MqttAsyncClient(broker.serverUri(), connect.clientId(), new MemoryPersistence());
        } catch (MqttException | IllegalArgumentException e) {
            LOG.warn("[mqtt {}] cannot create a client for {}: {}", config.endpointId(), broker, e.getMessage());
            handle(new MqttLink.ConnectFailed(String.valueOf(e.getMessage())));
            return;
        }
        client.setCallback(new Callback(mine));
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
        statusTopic.ifPresent(topic -> {
            MqttMessage will = new MqttMessage("offline".getBytes(StandardCharsets.UTF_8), 1, true, null);
            options.setWill(topic, will);
            MqttProperties willProperties = new MqttProperties();
            willProperties.setContentType("text/plain");
            options.setWillMessageProperties(willProperties);
        });
        LOG.debug("[mqtt {}] connecting to {} as {}", config.endpointId(), broker, connect.clientId());
        try {
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
                    post(mine, new MqttLink.ConnAck(assigned, responseInfo, subscribeTopics));
                }

                @Override
                public void onFailure(IMqttToken token, Throwable failure) {
                    post(mine, new MqttLink.ConnectFailed(String.valueOf(failure)));
                }
            });
        } catch (MqttException e) {
            handle(new MqttLink.ConnectFailed(String.valueOf(e)));
        }
    }

    private void subscribe(List<String> filters) {
        int mine = generation;
        MqttSubscription[] subscriptions = filters.stream().map(f -> new MqttSubscription(f, 1))
                .toArray(MqttSubscription[]::new);
        try {
            client.subscribe(subscriptions, null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    int[] codes = token.getReasonCodes();
                    List<Boolean> granted = new ArrayList<>();
                    for (int i = 0; i < filters.size(); i++) {
                        granted.add(codes != null && i < codes.length ? codes[i] < 0x80 : Boolean.TRUE);
                    }
                    post(mine, new MqttLink.SubAck(granted));
                }

                @Override
                public void onFailure(IMqttToken token, Throwable failure) {
                    post(mine, new MqttLink.SubAck(filters.stream().map(f -> Boolean.FALSE).toList()));
                }
            }, new MqttProperties());
        } catch (MqttException e) {
            handle(new MqttLink.ConnectionLost("subscribe failed: " + e));
        }
    }

    private void publish(MqttLink.Publish publish) {
        if (!waiting.isEmpty()) {
            queue(publish);
            return;
        }
        if (!tryPublish(publish)) {
            queue(publish);
        }
    }

    private void queue(MqttLink.Publish publish) {
        if (waiting.size() >= MAX_WAITING) {
            LOG.debug("[mqtt {}] {} publishes waiting; dropping one to {}", config.endpointId(), MAX_WAITING,
                    publish.topic());
            return;
        }
        waiting.add(publish);
    }

    /** Sends what waits for an in-flight slot, in order, until the client refuses again. */
    private void drainWaiting() {
        while (!waiting.isEmpty() && client != null) {
            if (!tryPublish(waiting.peek())) {
                return;
            }
            waiting.poll();
        }
    }

    /** Publishes now; false if every in-flight slot is taken (the caller queues it). */
    private boolean tryPublish(MqttLink.Publish publish) {
        if (client == null) {
            return true;
        }
        MqttMessage message = new MqttMessage(publish.payload().toArray(), publish.qos(), false, null);
        MqttProperties properties = new MqttProperties();
        publish.responseTopic().ifPresent(properties::setResponseTopic);
        publish.contentType().ifPresent(properties::setContentType);
        message.setProperties(properties);
        try {
            client.publish(publish.topic(), message);
            LOG.trace("[mqtt {}] published {} bytes to {}", config.endpointId(), publish.payload().size(),
                    publish.topic());
        } catch (MqttException e) {
            if (e.getReasonCode() == MqttClientException.REASON_CODE_MAX_INFLIGHT) {
                return false;
            }
            LOG.debug("[mqtt {}] publish to {} failed: {}", config.endpointId(), publish.topic(), e.toString());
        } catch (RuntimeException e) {
            LOG.debug("[mqtt {}] publish to {} failed: {}", config.endpointId(), publish.topic(), e.toString());
        }
        return true;
    }

    private void publishStatus(String topic, String text) {
        try {
            client.publish(topic, new MqttMessage(text.getBytes(StandardCharsets.UTF_8), 1, true, null));
        } catch (MqttException | RuntimeException e) {
            LOG.debug("[mqtt {}] status publish failed: {}", config.endpointId(), e.toString());
        }
    }

    private void dropClient(boolean graceful) {
        if (!waiting.isEmpty()) {
            LOG.debug("[mqtt {}] dropping {} unsent publishes with the connection", config.endpointId(),
                    waiting.size());
            waiting.clear();
        }
        MqttAsyncClient old = client;
        client = null;
        generation++;
        if (old == null) {
            return;
        }
        try {
            if (graceful && old.isConnected()) {
                statusTopic.ifPresent(topic -> {
                    try {
                        // A clean DISCONNECT suppresses the Will, so say it ourselves.
                        old.publish(topic, new MqttMessage("offline".getBytes(StandardCharsets.UTF_8), 1, true, null))
                                .waitForCompletion(DISCONNECT_QUIESCE_MS);
                    } catch (MqttException e) {
                        LOG.debug("[mqtt {}] offline publish failed: {}", config.endpointId(), e.toString());
                    }
                });
                old.disconnect(DISCONNECT_QUIESCE_MS).waitForCompletion(DISCONNECT_QUIESCE_MS * 2);
            }
        } catch (MqttException | RuntimeException e) {
            LOG.debug("[mqtt {}] disconnect: {}", config.endpointId(), e.toString());
        }
        try {
            old.disconnectForcibly(0, DISCONNECT_QUIESCE_MS, false);
        } catch (MqttException | RuntimeException e) {
            LOG.trace("[mqtt {}] forced disconnect: {}", config.endpointId(), e.toString());
        }
        try {
            old.close(true);
        } catch (MqttException | RuntimeException e) {
            LOG.trace("[mqtt {}] close: {}", config.endpointId(), e.toString());
        }
    }

    /** Runs an event on the owning executor if it comes from the current client; null means "drain the queue". */
    private void post(int fromGeneration, MqttLink.Event event) {
        serial.execute(() -> {
            if (fromGeneration != generation) {
                return;
            }
            if (event == null) {
                drainWaiting();
            } else {
                handle(event);
            }
        });
    }

    /** Paho's callbacks for one client generation. */
    private final class Callback implements MqttCallback {
        private final int mine;

        Callback(int generation) {
            this.mine = generation;
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {
            post(mine, new MqttLink.ConnectionLost("disconnected: " + response.getReasonString()
                    + " (" + response.getReturnCode() + ")"));
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
            LOG.debug("[mqtt {}] client error: {}", config.endpointId(), exception.toString());
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            MqttProperties properties = message.getProperties();
            Optional<String> responseTopic = Optional.ofNullable(properties == null ? null
                    : properties.getResponseTopic());
            Optional<String> contentType = Optional.ofNullable(properties == null ? null
                    : properties.getContentType());
            Bytes payload = Bytes.of(message.getPayload());
            post(mine, new MqttLink.Received(topic, payload, responseTopic, contentType));
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
            // A QoS 1 PUBACK freed an in-flight slot.
            post(mine, null);
        }

        @Override
        public void connectComplete(boolean reconnect, String serverUri) {
            // The connect listener reports success with the CONNACK properties.
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
            LOG.debug("[mqtt {}] unexpected AUTH packet {}", config.endpointId(), reasonCode);
        }
    }

    /** The default keep-alive when the configuration names none. */
    public static Duration defaultKeepAlive() {
        return Duration.ofSeconds(60);
    }
}
