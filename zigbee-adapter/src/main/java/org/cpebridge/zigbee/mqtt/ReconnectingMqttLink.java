package org.cpebridge.zigbee.mqtt;

import java.time.Duration;
import java.util.Objects;
import org.cpebridge.core.time.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reconnect logic shared by the Paho MQTT 5 and 3.1.1 links: after a failed attempt or a lost connection it
 * waits {@code minReconnectDelay}, doubling up to {@code maxReconnectDelay}, and connects again with a clean
 * session and subscribes again, so retained messages are delivered anew after every connect. Thread-safe.
 */
abstract class ReconnectingMqttLink implements MqttLink {

    private static final Logger LOG = LoggerFactory.getLogger(ReconnectingMqttLink.class);

    protected final MqttLinkSettings settings;
    private final Scheduler scheduler;
    protected final Listener listener;

    // Guarded by `this`.
    private boolean closed;
    private boolean connecting;
    private boolean everConnected;
    private Duration nextDelay;
    private Scheduler.Cancellable retry;
    private boolean reportedDown;
    private long attempt;

    ReconnectingMqttLink(MqttLinkSettings settings, Scheduler scheduler, Listener listener) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.nextDelay = settings.minReconnectDelay();
    }

    /** How long one attempt may take before it is abandoned (Paho can leave a connect pending forever). */
    private static final Duration ATTEMPT_LIMIT = Duration.ofSeconds(15);

    /**
     * Starts one connect attempt with a fresh client; calls {@link #connectSucceeded} or {@link #connectFailed}
     * with the same attempt number later.
     */
    protected abstract void connectOnce(long attempt);

    /** Drops the connection at once, without a DISCONNECT. */
    protected abstract void dropConnection();

    /** Disconnects cleanly and releases the client. */
    protected abstract void shutdown();

    /** Releases the client without a DISCONNECT, so the broker publishes the will. */
    protected abstract void shutdownAbruptly();

    @Override
    public void start() {
        attempt();
    }

    private void attempt() {
        long current;
        synchronized (this) {
            if (closed || connecting) {
                return;
            }
            connecting = true;
            current = ++attempt;
        }
        scheduler.schedule(ATTEMPT_LIMIT, () -> {
            boolean stuck;
            synchronized (this) {
                stuck = connecting && attempt == current;
            }
            if (stuck) {
                dropConnection();
                connectFailed(current, "no answer within " + ATTEMPT_LIMIT.toSeconds() + " s", false);
            }
        });
        try {
            connectOnce(current);
        } catch (RuntimeException e) {
            connectFailed(current, String.valueOf(e.getMessage()), false);
        }
    }

    /** Whether callbacks of this attempt still matter. */
    protected final synchronized boolean isCurrent(long which) {
        return which == attempt && !closed;
    }

    protected final void connectSucceeded(long which) {
        synchronized (this) {
            if (which != attempt || closed) {
                return;
            }
            connecting = false;
            everConnected = true;
            nextDelay = settings.minReconnectDelay();
            reportedDown = false;
        }
        LOG.info("[mqtt {}] connected to {} ({})", settings.clientId(), settings.serverUri(), protocolName());
        listener.connected();
    }

    /**
     * @param protocolRejected the broker refused this protocol version
     */
    protected final void connectFailed(long which, String reason, boolean protocolRejected) {
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
            shutdownAbruptly();
            onProtocolRejected.run();
            return;
        }
        lost("cannot connect to " + settings.serverUri() + ": " + reason);
    }

    protected final void subscribeFailed(long which, String reason) {
        synchronized (this) {
            if (which != attempt || !connecting) {
                return;
            }
            connecting = false;
        }
        dropConnection();
        lost("subscribe failed: " + reason);
    }

    protected final void connectionLost(long which, String reason) {
        synchronized (this) {
            if (which != attempt || connecting) {
                return;
            }
        }
        lost("connection lost: " + reason);
    }

    private Runnable onProtocolRejected;

    /** When set, a protocol refusal on the first attempt stops this link and runs the action instead of retrying. */
    void onProtocolRejected(Runnable action) {
        this.onProtocolRejected = action;
    }

    protected abstract String protocolName();

    private void lost(String reason) {
        Duration delay;
        boolean report;
        synchronized (this) {
            if (closed) {
                return;
            }
            delay = nextDelay;
            Duration doubled = nextDelay.multipliedBy(2);
            nextDelay = doubled.compareTo(settings.maxReconnectDelay()) > 0 ? settings.maxReconnectDelay() : doubled;
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

    private boolean stop() {
        synchronized (this) {
            if (closed) {
                return false;
            }
            closed = true;
            if (retry != null) {
                retry.cancel();
            }
            return true;
        }
    }

    @Override
    public void close() {
        if (stop()) {
            shutdown();
        }
    }

    @Override
    public void kill() {
        if (stop()) {
            shutdownAbruptly();
        }
    }
}
