package org.cpebridge.mqtt.link;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.cpebridge.mqtt.ConnAck;
import org.cpebridge.mqtt.ConnectOptions;
import org.cpebridge.mqtt.IoPorts;
import org.cpebridge.mqtt.MessageProperties;
import org.cpebridge.mqtt.MqttClientPort;
import org.cpebridge.mqtt.MqttPortException;
import org.cpebridge.mqtt.MqttVersion;
import org.cpebridge.mqtt.RetryPolicy;
import org.cpebridge.mqtt.Will;
import org.cpebridge.mqtt.link.ReconnectMachine.Action;
import org.cpebridge.mqtt.link.ReconnectMachine.Event;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link MqttLink} over mqtt-support's {@link MqttClientPort}, for MQTT 5 or 3.1.1: it carries out what a
 * {@link ReconnectMachine} decides. After a failed attempt or a lost connection it waits {@code minReconnectDelay},
 * doubling up to {@code maxReconnectDelay} ({@link RetryPolicy} without jitter), and connects again with a fresh
 * client, a clean session and the subscriptions anew, so retained messages are delivered again after every connect.
 * What only a real client needs stays here: one client per attempt (callbacks of a replaced one are ignored), a
 * watchdog on an attempt that stays unanswered, and handing over to another protocol when the first CONNECT is
 * refused.
 *
 * <p>Threads: callers, the client's event loop and timers only queue tasks; the thread that finds no task running
 * runs the queue, one task at a time, so the machine and the attempt's client need no lock and no client call or
 * listener call is made while holding one. That thread may be the client's event loop: nothing on the queue blocks
 * there (the port's calls are asynchronous, and its {@code disconnect} does not wait when called on its loop), and
 * the link's listener must hand work on as {@link MqttLink.Listener} says. {@link #publish} and
 * {@link #isConnected} use the current client directly.
 */
final class PortMqttLink implements MqttLink {

    private static final Logger LOG = LoggerFactory.getLogger(PortMqttLink.class);
    /** How long one attempt (CONNECT to SUBACK) may take before it is abandoned. */
    private static final Duration ATTEMPT_LIMIT = Duration.ofSeconds(15);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration DISCONNECT_QUIESCE = Duration.ofSeconds(2);
    /** QoS 1 messages in flight over 3.1.1 before publish fails (over 5 the broker's Receive Maximum decides). */
    private static final int MAX_INFLIGHT = 1000;

    /** Makes the client of one attempt; {@link MqttClientPort#open} outside tests. */
    interface Opener {
        MqttClientPort open(ConnectOptions options, MqttClientPort.Listener listener) throws MqttPortException;
    }

    /** How the connection of the last attempt ends when the machine says {@link ReconnectMachine.Disconnect}. */
    private enum Ending { DROP, DISCONNECT, HAND_OVER }

    private final MqttLinkSettings settings;
    private final MqttVersion version;
    private final Opener opener;
    private final LinkTimer timer;
    private final Listener listener;
    private final ConnectOptions options;
    private final ReconnectMachine machine;

    private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
    private boolean running; // guarded by `tasks`

    // Touched only by the task that runs (see the class comment); `client` is also read by publish/isConnected.
    private volatile MqttClientPort client;
    private long attempt;
    private boolean everConnected;
    private boolean reportedDown;
    private Ending ending = Ending.DROP;
    private LinkTimer.Cancellable retry;
    private Runnable onProtocolRejected;

    /**
     * @param io where the shared I/O group is found ({@link IoPorts#NONE}: each client makes its own loop)
     * @throws IllegalArgumentException when the server URI is not one the client accepts
     */
    PortMqttLink(MqttLinkSettings settings, MqttVersion version, LinkTimer timer, Listener listener, IoPorts io) {
        this(settings, version, timer, listener, MqttClientPort::open, io);
    }

    PortMqttLink(MqttLinkSettings settings, MqttVersion version, LinkTimer timer, Listener listener, Opener opener) {
        this(settings, version, timer, listener, opener, IoPorts.NONE);
    }

    PortMqttLink(MqttLinkSettings settings, MqttVersion version, LinkTimer timer, Listener listener, Opener opener,
            IoPorts io) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.version = Objects.requireNonNull(version, "version");
        this.opener = Objects.requireNonNull(opener, "opener");
        this.timer = Objects.requireNonNull(timer, "timer");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.machine = new ReconnectMachine(new RetryPolicy(settings.minReconnectDelay(), 2000,
                settings.maxReconnectDelay()), () -> 0.0);
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
                .ioGroupFrom(io)
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
        run(() -> feed(new ReconnectMachine.Start()));
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

    @Override
    public void close() {
        run(() -> stop(Ending.DISCONNECT));
    }

    @Override
    public void kill() {
        run(() -> stop(Ending.DROP));
    }

    // ------------------------------------------------------------------ the queue

    /** Queues {@code task}; runs the queue on this thread unless another thread is running it. */
    private void run(Runnable task) {
        synchronized (tasks) {
            tasks.add(task);
            if (running) {
                return;
            }
            running = true;
        }
        while (true) {
            Runnable next;
            synchronized (tasks) {
                next = tasks.poll();
                if (next == null) {
                    running = false;
                    return;
                }
            }
            try {
                next.run();
            } catch (RuntimeException e) {
                LOG.warn("[mqtt {}] link task failed", settings.clientId(), e);
            }
        }
    }

    // ------------------------------------------------------------------ on the queue

    private void stop(Ending how) {
        if (machine.state() == ReconnectMachine.State.STOPPED) {
            return;
        }
        ending = how;
        if (retry != null) {
            retry.cancel();
        }
        ReconnectMachine.State before = machine.state();
        feed(new ReconnectMachine.Stop()); // a Disconnect while an attempt is under way
        if (before == ReconnectMachine.State.IDLE || before == ReconnectMachine.State.WAITING_RETRY
                || before == ReconnectMachine.State.DISABLED) {
            client.close(); // the last attempt's client, which nothing else closes
        }
    }

    private void feed(Event event) {
        for (Action action : machine.on(event).actions()) {
            if (action instanceof ReconnectMachine.Connect) {
                connect();
            } else if (action instanceof ReconnectMachine.Subscribe subscribe) {
                subscribe(subscribe.filters());
            } else if (action instanceof ReconnectMachine.Disconnect) {
                disconnect();
            } else if (action instanceof ReconnectMachine.StartTimer start) {
                retry = timer.schedule(start.delay(), () -> run(() -> feed(new ReconnectMachine.RetryTimer())));
            } else if (action instanceof ReconnectMachine.Up) {
                everConnected = true;
                reportedDown = false;
                LOG.info("[mqtt {}] connected to {} ({})", settings.clientId(), settings.serverUri(), protocolName());
                listener.connected();
            } else if (action instanceof ReconnectMachine.Down down && !down.last()) {
                if (!reportedDown) {
                    LOG.info("[mqtt {}] {}; retrying with backoff", settings.clientId(), down.reason());
                } else {
                    LOG.debug("[mqtt {}] {}; retry #{}", settings.clientId(), down.reason(), machine.retryCount());
                }
                reportedDown = true;
                listener.disconnected(down.reason());
            }
        }
    }

    private void connect() {
        long current = ++attempt;
        if (current > 1) {
            MqttClientPort old = client;
            MqttPortException openFailure = null;
            try {
                client = opener.open(options, new AttemptListener(current));
            } catch (MqttPortException e) {
                openFailure = e;
            }
            old.close();
            if (openFailure != null) {
                feed(new ReconnectMachine.ConnectFailed(cannotConnect(openFailure.getMessage())));
                return;
            }
        }
        MqttClientPort fresh = client;
        timer.schedule(ATTEMPT_LIMIT, () -> run(() -> abandon(current, fresh)));
        try {
            fresh.connect();
        } catch (MqttPortException | RuntimeException e) {
            feed(new ReconnectMachine.ConnectFailed(cannotConnect(String.valueOf(e.getMessage()))));
        }
    }

    /** The watchdog of attempt {@code which}: still connecting or subscribing, so the broker left it unanswered. */
    private void abandon(long which, MqttClientPort itsClient) {
        ReconnectMachine.State state = machine.state();
        if (which != attempt || (state != ReconnectMachine.State.CONNECTING
                && state != ReconnectMachine.State.SUBSCRIBING)) {
            return;
        }
        itsClient.close();
        String reason = cannotConnect("no answer within " + ATTEMPT_LIMIT.toSeconds() + " s");
        feed(state == ReconnectMachine.State.CONNECTING ? new ReconnectMachine.ConnectFailed(reason)
                : new ReconnectMachine.ConnectionLost(reason));
    }

    private void subscribe(List<String> filters) {
        try {
            client.subscribe(filters, 1);
        } catch (MqttPortException e) {
            client.close();
            feed(new ReconnectMachine.ConnectionLost("subscribe failed: " + e.getMessage()));
        }
    }

    private void disconnect() {
        MqttClientPort current = client;
        if (ending == Ending.DISCONNECT && current.isConnected()) {
            try {
                current.disconnect(DISCONNECT_QUIESCE);
            } catch (MqttPortException e) {
                LOG.debug("[mqtt {}] disconnect: {}", settings.clientId(), e.getMessage());
            }
        }
        // Outside close(), as after a SUBACK that granted nothing: no DISCONNECT, as a lost connection would end.
        current.close();
    }

    private String cannotConnect(String reason) {
        return "cannot connect to " + settings.serverUri() + ": " + reason;
    }

    /** The client's reports for one attempt, queued; those of an attempt since replaced are ignored. */
    private final class AttemptListener implements MqttClientPort.Listener {
        private final long which;

        AttemptListener(long which) {
            this.which = which;
        }

        private void whileCurrent(Runnable task) {
            run(() -> {
                if (which == attempt && machine.state() != ReconnectMachine.State.STOPPED) {
                    task.run();
                }
            });
        }

        @Override
        public void connected(ConnAck ack) {
            whileCurrent(() -> feed(new ReconnectMachine.ConnAck(settings.subscriptions())));
        }

        @Override
        public void connectFailed(String reason, boolean protocolRejected) {
            whileCurrent(() -> {
                if (protocolRejected && !everConnected && onProtocolRejected != null
                        && machine.state() == ReconnectMachine.State.CONNECTING) {
                    LOG.info("[mqtt {}] {} refused {}; trying the next protocol", settings.clientId(),
                            settings.serverUri(), protocolName());
                    stop(Ending.HAND_OVER);
                    onProtocolRejected.run();
                    return;
                }
                feed(new ReconnectMachine.ConnectFailed(cannotConnect(reason)));
            });
        }

        @Override
        public void subscribed(List<Boolean> granted) {
            whileCurrent(() -> feed(new ReconnectMachine.SubAck(granted)));
        }

        @Override
        public void lost(String reason) {
            whileCurrent(() -> feed(new ReconnectMachine.ConnectionLost("connection lost: " + reason)));
        }

        @Override
        public void message(String topic, byte[] payload, boolean retained, MessageProperties properties) {
            whileCurrent(() -> listener.message(topic, payload, retained));
        }

        @Override
        public void delivered() {
            // Fire and forget: the link's users do not track their publishes.
        }
    }
}
