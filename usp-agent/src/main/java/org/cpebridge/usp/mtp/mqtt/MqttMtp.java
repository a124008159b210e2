package org.cpebridge.usp.mtp.mqtt;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.DoubleSupplier;
import org.cpebridge.core.time.Scheduler;
import org.cpebridge.core.util.SerialExecutor;
import org.cpebridge.mqtt.ConnAck;
import org.cpebridge.mqtt.ConnectOptions;
import org.cpebridge.mqtt.IoPorts;
import org.cpebridge.mqtt.MessageProperties;
import org.cpebridge.mqtt.MqttClientPort;
import org.cpebridge.mqtt.MqttPortException;
import org.cpebridge.mqtt.TlsSettings;
import org.cpebridge.mqtt.UserProperty;
import org.cpebridge.mqtt.Will;
import org.cpebridge.bytes.Bytes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The USP MQTT MTP: drives the sans-I/O {@link MqttLink} with what the shared {@link MqttClientPort} (module
 * mqtt-support, its netty client on the service's shared I/O loop) reports and carries out the link's actions, over MQTT 5.0 or, for old
 * brokers, 3.1.1 (reply-to in the topic name, {@link MqttTopics}). The link's retry policy (R-MQTT.10/33) decides
 * when to connect again, each time with a fresh client. Sets a Last Will (retained
 * {@code offline} on the status topic) and publishes a retained {@code online} there after each connect. Publishes
 * beyond the broker's in-flight limit wait for a PUBACK instead of failing.
 *
 * <p>Owning thread: the serial executor given to the constructor; the client's callbacks (on its netty event loop)
 * post events to it, and a callback from a client that has since been replaced is ignored. Two callbacks run as the
 * executor's task on the event loop itself when the executor is idle ({@link SerialExecutor#runNowIfIdle}), to save
 * the hand-off to a worker and back: a received Record, which the listener is told arrived on the I/O loop (it must
 * then hand anything slow on to the executor), and a PUBACK, which only sends publishes waiting for a slot. A Record
 * the agent sends while it runs as the executor's task is published at once, not queued as another task.
 */
public final class MqttMtp implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MqttMtp.class);
    private static final Duration DISCONNECT_QUIESCE = Duration.ofSeconds(1);
    private static final MessageProperties STATUS_PROPERTIES = MessageProperties.of(Optional.empty(),
            Optional.of("text/plain"));
    private static final int MAX_WAITING = 10_000;
    /** MQTT's own largest packet (Remaining Length of four bytes, §2.2.3), when the broker announces no limit. */
    private static final long UNLIMITED = 268_435_455L + 5;
    /** PUBLISH bytes besides the payload and topic texts: fixed header, lengths, packet id, property ids and lengths. */
    private static final int PUBLISH_FRAMING = 32;

    /** Broker address and credentials. {@code password} is never logged. */
    public record Broker(String serverUri, Optional<String> username, Optional<String> password,
            Optional<TlsSettings> tls) {
        public Broker {
            Objects.requireNonNull(serverUri, "serverUri");
            Objects.requireNonNull(username, "username");
            Objects.requireNonNull(password, "password");
            Objects.requireNonNull(tls, "tls");
        }

        /** A broker whose {@code ssl://} certificates the JVM's trust store checks. */
        public Broker(String serverUri, Optional<String> username, Optional<String> password) {
            this(serverUri, username, password, Optional.empty());
        }

        @Override
        public String toString() {
            return "Broker[" + serverUri + (username.isPresent() ? ", user " + username.get() : "") + "]";
        }
    }

    private final MqttLinkConfig config;
    private final Broker broker;
    private final Optional<String> statusTopic;
    private final SerialExecutor serial;
    private final Scheduler scheduler;
    private final MqttMtpListener listener;
    private final MqttLink link;
    private final IoPorts io;
    // Events raised while one is handled (the agent sending an answer from a Deliver), handled after it, in order.
    private final ArrayDeque<MqttLink.Event> raised = new ArrayDeque<>();
    private boolean handling;
    // Whether the Record being delivered is handled on the client's I/O loop (see the class comment).
    private boolean deliveringOnIoLoop;
    // Publishes waiting for a free in-flight slot (the broker's Receive Maximum caps QoS 1 publishes in flight).
    private final ArrayDeque<MqttLink.Publish> waiting = new ArrayDeque<>();
    private MqttClientPort client;
    // The broker's Maximum Packet Size from the CONNACK (MQTT 5 §3.2.2.3.6); a larger PUBLISH makes it drop us.
    private long brokerMaxPacket = UNLIMITED;
    private int generation;
    private Scheduler.Cancellable retryTimer;

    /**
     * @param statusTopic where the Last Will {@code offline} and the {@code online} announcement go (empty: no will)
     * @param serial      the executor that owns this MTP (runs events one at a time)
     * @param io          where the service's shared I/O loop is found ({@link IoPorts#NONE}: the client's own loop)
     */
    public MqttMtp(MqttLinkConfig config, Broker broker, Optional<String> statusTopic, SerialExecutor serial,
            Scheduler scheduler, MqttMtpListener listener, DoubleSupplier random, IoPorts io) {
        this.io = Objects.requireNonNull(io, "io");
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

    /**
     * Publishes a Record to {@code topic} (dropped with a log line when the link is not up): at once when called on
     * the MTP's executor (an answer), else as the executor's next task.
     */
    public void send(String topic, Bytes record) {
        MqttLink.Send send = new MqttLink.Send(topic, record);
        if (serial.inExecutor()) {
            handle(send);
        } else {
            serial.execute(() -> handle(send));
        }
    }

    @Override
    public void close() {
        serial.execute(() -> handle(new MqttLink.Stop()));
    }

    /**
     * The largest Record that can be published to {@code topic} now without exceeding the broker's Maximum Packet
     * Size (MQTT 5 §3.2.2.3.6; a 3.1.1 broker announces none). Call on the MTP's executor.
     */
    public long maxRecordSize(String topic) {
        String replyTopic = link.replyTopic().orElse("");
        // Over 3.1.1 the reply topic rides in the topic name with '/' escaped as %2F: count it three times over.
        long overhead = PUBLISH_FRAMING + utf8Length(topic) + 3L * utf8Length(replyTopic)
                + utf8Length(MqttTopics.CONTENT_TYPE);
        return Math.max(0, brokerMaxPacket - overhead);
    }

    private static int utf8Length(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    private void handle(MqttLink.Event event) {
        raised.add(event);
        if (handling) {
            return; // raised by one of the actions below: handled once they are all done, as a task after it was
        }
        handling = true;
        try {
            MqttLink.Event next;
            while ((next = raised.poll()) != null) {
                MqttLink.Step step = link.on(next);
                for (MqttLink.Action action : step.actions()) {
                    perform(action);
                }
            }
        } finally {
            handling = false;
            raised.clear(); // only left over when an action threw; that event's fault is logged by the executor
        }
    }

    /** A received Record, handled on the client's I/O loop as the executor's task. */
    private void receiveOnIoLoop(MqttLink.Received received) {
        deliveringOnIoLoop = true;
        try {
            handle(received);
        } finally {
            deliveringOnIoLoop = false;
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
            listener.onClientIdentifier(save.clientId(), true);
        } else if (action instanceof MqttLink.LinkUp up) {
            LOG.info("[mqtt {}] MTP up at {} ({}) on {}", config.endpointId(), broker.serverUri(), config.version(),
                    up.replyTopic());
            statusTopic.ifPresent(topic -> publishStatus(topic, "online"));
            listener.onLinkUp(up.replyTopic());
        } else if (action instanceof MqttLink.LinkDown down) {
            LOG.info("[mqtt {}] MTP down: {}", config.endpointId(), down.reason());
            if (down.disabled() && retryTimer != null) {
                retryTimer.cancel();
            }
            listener.onLinkDown(down.reason(), !down.disabled());
        } else if (action instanceof MqttLink.Deliver deliver) {
            listener.onRecord(deliver.record(), deliver.replyTopic(), deliveringOnIoLoop);
        } else if (action instanceof MqttLink.Dropped dropped) {
            LOG.debug("[mqtt {}] dropped: {}", config.endpointId(), dropped.reason());
        }
    }

    private void connect(MqttLink.Connect connect) {
        dropClient(false);
        int mine = ++generation;
        ConnectOptions options = ConnectOptions.builder(broker.serverUri(), connect.clientId(),
                connect.version() == MqttVersion.V5 ? org.cpebridge.mqtt.MqttVersion.V5
                        : org.cpebridge.mqtt.MqttVersion.V3_1_1)
                .credentials(broker.username(), broker.password())
                .tls(broker.tls())
                .keepAlive(connect.keepAlive())
                .userProperties(connect.userProperties().entrySet().stream()
                        .map(p -> new UserProperty(p.getKey(), p.getValue())).toList())
                .requestResponseInformation(connect.requestResponseInformation())
                .ioGroupFrom(io)
                .will(statusTopic.map(topic -> new Will(topic, "offline".getBytes(StandardCharsets.UTF_8), 1, true,
                        STATUS_PROPERTIES.contentType())))
                .build();
        listener.onClientIdentifier(connect.clientId(), false);
        try {
            client = MqttClientPort.open(options, new Events(mine));
            LOG.debug("[mqtt {}] connecting to {} as {}", config.endpointId(), broker, connect.clientId());
            client.connect();
        } catch (MqttPortException e) {
            LOG.debug("[mqtt {}] cannot connect to {}: {}", config.endpointId(), broker, e.toString());
            handle(new MqttLink.ConnectFailed(String.valueOf(e)));
        }
    }

    private void subscribe(List<String> filters) {
        try {
            client.subscribe(filters, 1);
        } catch (MqttPortException e) {
            handle(new MqttLink.ConnectionLost("subscribe failed: " + e));
        }
    }

    private void publish(MqttLink.Publish publish) {
        if (!waiting.isEmpty() || !tryPublish(publish)) {
            if (waiting.size() >= MAX_WAITING) {
                LOG.debug("[mqtt {}] {} publishes waiting; dropping one to {}", config.endpointId(), MAX_WAITING,
                        publish.topic());
                return;
            }
            waiting.add(publish);
        }
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

    /** Publishes now; false if every in-flight slot is taken. */
    private boolean tryPublish(MqttLink.Publish publish) {
        if (client == null) {
            return true;
        }
        long packet = PUBLISH_FRAMING + (long) publish.payload().length() + utf8Length(publish.topic())
                + publish.responseTopic().map(MqttMtp::utf8Length).orElse(0)
                + publish.contentType().map(MqttMtp::utf8Length).orElse(0);
        if (packet > brokerMaxPacket) {
            // The broker would disconnect us (MQTT 5 §3.1.2.11.4 lets it); the agent sizes its answers to avoid this.
            LOG.warn("[mqtt {}] not publishing {} bytes to {}: above the broker's Maximum Packet Size {}",
                    config.endpointId(), publish.payload().length(), publish.topic(), brokerMaxPacket);
            return true;
        }
        try {
            // The payload's own array, not a copy: the client wraps it for netty's encoder, which copies it into the
            // packet; nothing writes to it.
            boolean sent = client.publish(publish.topic(), publish.payload().readOnlyArray(), publish.qos(), false,
                    MessageProperties.of(publish.responseTopic(), publish.contentType()));
            if (sent) {
                LOG.trace("[mqtt {}] published {} bytes to {}", config.endpointId(), publish.payload().length(),
                        publish.topic());
            }
            return sent;
        } catch (MqttPortException e) {
            LOG.debug("[mqtt {}] publish to {} failed: {}", config.endpointId(), publish.topic(), e.toString());
            return true;
        }
    }

    private void publishStatus(String topic, String text) {
        try {
            client.publish(topic, text.getBytes(StandardCharsets.UTF_8), 1, true, STATUS_PROPERTIES);
        } catch (MqttPortException e) {
            LOG.debug("[mqtt {}] status publish failed: {}", config.endpointId(), e.toString());
        }
    }

    private void dropClient(boolean graceful) {
        if (!waiting.isEmpty()) {
            LOG.debug("[mqtt {}] dropping {} unsent publishes with the connection", config.endpointId(),
                    waiting.size());
            waiting.clear();
        }
        MqttClientPort old = client;
        client = null;
        generation++;
        if (old == null) {
            return;
        }
        if (graceful && old.isConnected()) {
            try {
                // A clean DISCONNECT suppresses the Will, so say it ourselves.
                statusTopic.ifPresent(topic -> {
                    try {
                        old.publish(topic, "offline".getBytes(StandardCharsets.UTF_8), 1, true, STATUS_PROPERTIES);
                    } catch (MqttPortException e) {
                        LOG.debug("[mqtt {}] offline publish failed: {}", config.endpointId(), e.toString());
                    }
                });
                old.disconnect(DISCONNECT_QUIESCE);
            } catch (MqttPortException e) {
                LOG.debug("[mqtt {}] disconnect: {}", config.endpointId(), e.toString());
            }
        }
        old.close();
    }

    /** The client's reports for one client generation, posted to the owning executor. */
    private final class Events implements MqttClientPort.Listener {
        private final int mine;

        Events(int generation) {
            this.mine = generation;
        }

        private void post(Runnable task) {
            serial.execute(() -> {
                if (mine == generation) {
                    task.run();
                }
            });
        }

        @Override
        public void connected(ConnAck ack) {
            List<String> subscribeTopics = UserProperty.values(ack.userProperties(),
                    MqttTopics.SUBSCRIBE_TOPIC_PROPERTY);
            post(() -> {
                brokerMaxPacket = ack.maximumPacketSize().orElse(UNLIMITED);
                handle(new MqttLink.ConnAck(ack.assignedClientId(), ack.responseInformation(), subscribeTopics));
            });
        }

        @Override
        public void connectFailed(String reason, boolean protocolRejected) {
            post(() -> handle(new MqttLink.ConnectFailed(reason)));
        }

        @Override
        public void subscribed(List<Boolean> granted) {
            post(() -> handle(new MqttLink.SubAck(granted)));
        }

        @Override
        public void lost(String reason) {
            post(() -> handle(new MqttLink.ConnectionLost(reason)));
        }

        /** Runs {@code here} on this I/O loop as the executor's task if the executor is idle; else posts {@code later}. */
        private void runHereOrPost(Runnable here, Runnable later) {
            if (!serial.runNowIfIdle(() -> {
                if (mine == generation) {
                    here.run();
                }
            })) {
                post(later);
            }
        }

        @Override
        public void message(String topic, byte[] payload, boolean retained, MessageProperties properties) {
            MqttLink.Received received = new MqttLink.Received(topic, Bytes.of(payload), properties.responseTopic(),
                    properties.contentType());
            runHereOrPost(() -> receiveOnIoLoop(received), () -> handle(received));
        }

        @Override
        public void delivered() {
            runHereOrPost(MqttMtp.this::drainWaiting, MqttMtp.this::drainWaiting);
        }
    }
}
