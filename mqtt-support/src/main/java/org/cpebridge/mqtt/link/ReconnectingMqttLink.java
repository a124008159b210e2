package org.cpebridge.mqtt.link;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.cpebridge.mqtt.ConnAck;
import org.cpebridge.mqtt.ConnectOptions;
import org.cpebridge.mqtt.MessageProperties;
import org.cpebridge.mqtt.MqttClientPort;
import org.cpebridge.mqtt.MqttPortException;
import org.cpebridge.mqtt.MqttVersion;
import org.cpebridge.mqtt.RetryPolicy;
import org.cpebridge.mqtt.Will;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link MqttLink} over mqtt-support's {@link MqttClientPort}, for MQTT 5 or 3.1.1: after a failed attempt or a lost
 * connection it waits {@code minReconnectDelay}, doubling up to {@code maxReconnectDelay} ({@link RetryPolicy}
 * without jitter), and connects again with a fresh client, a clean session and the subscriptions anew, so retained
 * messages are delivered again after every connect. Thread-safe: callers and the client's threads meet under
 * {@code this}.
 */
final class ReconnectingMqttLink implements MqttLink {

    private static final Logger LOG = LoggerFactory.getLogger(ReconnectingMqttLink.class);
    /** How long one attempt may take before it is abandoned (Paho can leave a connect pending forever). */
    private static final Duration ATTEMPT_LIMIT = Duration.ofSeconds(15);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration DISCONNECT_QUIESCE = Duration.ofSeconds(2);
    /** QoS 1 messages in flight over 3.1.1 before publish fails (over 5 the broker's Receive Maximum decides). */
    private static final int MAX_INFLIGHT = 1000;

    /** Makes the client of one attempt; {@link MqttClientPort#open} outside tests. */
    interface Opener {
        MqttClientPort open(ConnectOptions options, MqttClientPort.Listener listener) throws MqttPortException;
    }

    private final MqttLinkSettings settings;
    private final MqttVersion version;
    private final Opener opener;
    private final LinkTimer scheduler;
    private final Listener listener;
    private final RetryPolicy backoff;
    private final ConnectOptions options;

    // Guarded by `this`; `client` is also read without the lock.
    private volatile MqttClientPort client;
    private boolean closed;
    private boolean connecting;
    private boolean everConnected;
    private boolean reportedDown;
    private int failures;
    private LinkTimer.Cancellable retry;
    private long attempt;
    private Runnable onProtocolRejected;

    /** @throws IllegalArgumentException when the server URI is not one the client accepts */
    ReconnectingMqttLink(MqttLinkSettings settings, MqttVersion version, LinkTimer scheduler, Listener listener) {
        this(settings, version, scheduler, listener, MqttClientPort::open);
    }

    ReconnectingMqttLink(MqttLinkSettings settings, MqttVersion version, LinkTimer scheduler, Listener listener,
            Opener opener) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.version = Objects.requireNonNull(version, "version");
        this.opener = Objects.requireNonNull(opener, "opener");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.backoff = new RetryPolicy(settings.minReconnectDelay(), 2000, settings.maxReconnectDelay());
        boolean credentials = !settings.username().isEmpty();
        this.options = ConnectOptions.builder(settings.serverUri(), settings.clientId(), version)
                .credentials(credentials ? Optional.of(settings.username()) : Optional.empty(),
                        credentials ? Optional.of(settings.password()) : Optional.empty())
                .keepAlive(Duration.ofSeconds(settings.keepAliveSeconds()))
                .connectTimeout(CONNECT_TIMEOUT)
                .will(settings.willTopic().isEmpty() ? Optional.empty()
                        : Optional.of(new Will(settings.willTopic(), settings.willPayload(), 1, settings.willRetained(),
                                Optional.empty())))
                .maxInflight(MAX_INFLIGHT)
                .build();
        try {
            // The first attempt's client, made now so a bad URI fails here rather than in the background.
            this.client = opener.open(options, new AttemptListener(1));
        } catch (MqttPortException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** When set, a protocol refusal on the first attempt stops this link and runs the action instead of retrying. */
    void onProtocolRejected(Runnable action) {
        this.onProtocolRejected = action;
    }

    private String protocolName() {
        return version == MqttVersion.V5 ? "MQTT 5" : "MQTT 3.1.1";
    }

    @Override
    public void start() {
        attempt();
    }

    private void attempt() {
        long current;
        MqttClientPort old = null;
        MqttClientPort fresh;
        MqttPortException openFailure = null;
        synchronized (this) {
            if (closed || connecting) {
                return;
            }
            connecting = true;
            current = ++attempt;
            if (current > 1) {
                old = client;
                try {
                    client = opener.open(options, new AttemptListener(current));
                } catch (MqttPortException e) {
                    openFailure = e;
                }
            }
            fresh = client;
        }
        if (old != null) {
            old.close();
        }
        if (openFailure != null) {
            connectFailed(current, openFailure.getMessage(), false);
            return;
        }
        scheduler.schedule(ATTEMPT_LIMIT, () -> {
            boolean stuck;
            synchronized (this) {
                stuck = connecting && attempt == current;
            }
            if (stuck) {
                fresh.close();
                connectFailed(current, "no answer within " + ATTEMPT_LIMIT.toSeconds() + " s", false);
            }
        });
        try {
            fresh.connect();
        } catch (MqttPortException | RuntimeException e) {
            connectFailed(current, String.valueOf(e.getMessage()), false);
        }
    }

    /** Whether callbacks of this attempt still matter. */
    private synchronized boolean isCurrent(long which) {
        return which == attempt && !closed;
    }

    private void subscribe(long which) {
        MqttClientPort current;
        synchronized (this) {
            if (which != attempt || !connecting) {
                return;
            }
            current = client;
        }
        if (settings.subscriptions().isEmpty()) {
            connectSucceeded(which);
            return;
        }
        try {
            current.subscribe(settings.subscriptions(), 1);
        } catch (MqttPortException e) {
            subscribeFailed(which, e.getMessage());
        }
    }

    private void connectSucceeded(long which) {
        synchronized (this) {
            if (which != attempt || closed) {
                return;
            }
            connecting = false;
            everConnected = true;
            failures = 0;
            reportedDown = false;
        }
        LOG.info("[mqtt {}] connected to {} ({})", settings.clientId(), settings.serverUri(), protocolName());
        listener.connected();
    }

    /** @param protocolRejected the broker refused this protocol version */
    private void connectFailed(long which, String reason, boolean protocolRejected) {
        boolean handOver;
        synchronized (this) {
            if (which != attempt || !connecting) {
                return;
            }
            connecting = false;
            handOver = protocolRejected && !everConnected && onProtocolRejected != null && !closed;
            if (handOver) {
                closed = true;
            }
        }
        if (handOver) {
            LOG.info("[mqtt {}] {} refused {}; trying the next protocol", settings.clientId(), settings.serverUri(),
                    protocolName());
            client.close();
            onProtocolRejected.run();
            return;
        }
        lost("cannot connect to " + settings.serverUri() + ": " + reason);
    }

    private void subscribeFailed(long which, String reason) {
        synchronized (this) {
            if (which != attempt || !connecting) {
                return;
            }
            connecting = false;
        }
        client.close();
        lost("subscribe failed: " + reason);
    }

    private void connectionLost(long which, String reason) {
        synchronized (this) {
            if (which != attempt || connecting) {
                return;
            }
        }
        lost("connection lost: " + reason);
    }

    private void lost(String reason) {
        Duration delay;
        boolean report;
        synchronized (this) {
            if (closed) {
                return;
            }
            failures++;
            delay = backoff.delay(failures, () -> 0.0);
            if (retry != null) {
                retry.cancel();
            }
            retry = scheduler.schedule(delay, this::attempt);
            report = !reportedDown;
            reportedDown = true;
        }
        if (report) {
            LOG.info("[mqtt {}] {}; retrying with backoff", settings.clientId(), reason);
        } else {
            LOG.debug("[mqtt {}] {}; next attempt in {}", settings.clientId(), reason, delay);
        }
        listener.disconnected(reason);
    }

    @Override
    public void publish(String topic, byte[] payload, int qos, boolean retained) {
        boolean sent;
        try {
            sent = client.publish(topic, payload, qos, retained, MessageProperties.NONE);
        } catch (MqttPortException e) {
            throw new MqttLinkException("cannot publish to " + topic + ": " + e.getMessage(), e);
        }
        if (!sent) {
            throw new MqttLinkException("cannot publish to " + topic + ": too many messages in flight", null);
        }
    }

    @Override
    public boolean isConnected() {
        return client.isConnected();
    }

    private synchronized boolean stop() {
        if (closed) {
            return false;
        }
        closed = true;
        if (retry != null) {
            retry.cancel();
        }
        return true;
    }

    @Override
    public void close() {
        if (stop()) {
            MqttClientPort current = client;
            if (current.isConnected()) {
                try {
                    current.disconnect(DISCONNECT_QUIESCE);
                } catch (MqttPortException e) {
                    LOG.debug("[mqtt {}] disconnect: {}", settings.clientId(), e.getMessage());
                }
            }
            current.close();
        }
    }

    @Override
    public void kill() {
        if (stop()) {
            client.close();
        }
    }

    /** The client's reports for one attempt; those of an attempt since replaced are ignored. */
    private final class AttemptListener implements MqttClientPort.Listener {
        private final long which;

        AttemptListener(long which) {
            this.which = which;
        }

        @Override
        public void connected(ConnAck ack) {
            subscribe(which);
        }

        @Override
        public void connectFailed(String reason, boolean protocolRejected) {
            ReconnectingMqttLink.this.connectFailed(which, reason, protocolRejected);
        }

        @Override
        public void subscribed(List<Boolean> granted) {
            if (granted.contains(Boolean.TRUE)) {
                connectSucceeded(which);
            } else {
                subscribeFailed(which, "no filter granted");
            }
        }

        @Override
        public void lost(String reason) {
            connectionLost(which, reason);
        }

        @Override
        public void message(String topic, byte[] payload, boolean retained, MessageProperties properties) {
            if (isCurrent(which)) {
                listener.message(topic, payload, retained);
            }
        }

        @Override
        public void delivered() {
            // Fire and forget: the adapter does not track its publishes.
        }
    }
}
