package org.cpebridge.mqtt;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttReasonCodeAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link MqttClientPort} on netty's MQTT codec, for MQTT 5.0 and 3.1.1: one channel on one event loop of
 * {@link ConnectOptions#ioGroup} (the service's shared {@code bridge-io} loop), or of a one-thread group of its own
 * ({@code mqtt-client}) that {@link #close} shuts down. Keep-alive PINGREQs and every timeout are tasks on that loop:
 * the client starts no thread when it is given a group.
 *
 * <p>Threads: every connection field below is owned by the channel's event loop, and every {@link Listener} call
 * is made on it, in the order the packets arrived; a listener must not block (post to an executor). Callers may
 * call any method from any thread: {@link #publish} reserves its in-flight slot under {@link #lock} and hands the
 * packet to the channel, which writes it on the loop; {@link #disconnect} waits for the DISCONNECT only when called
 * off the loop. After {@link #close} or {@link #disconnect} the listener hears nothing more.
 *
 * <p>Why one class of about 760 lines: the connection's state (in-flight slots, the pending SUBACK, keep-alive, the
 * CONNACK's limits) is owned by one event loop and read by every packet handler; split over classes it would need
 * shared mutable state or another hand-off. MQTT 5.0 and 3.1.1 differ in a few packets only, so they share it.
 */
final class NettyMqttClient implements MqttClientPort {
    private static final Logger LOG = LoggerFactory.getLogger(NettyMqttClient.class);
    /** MQTT 5 §3.2.2.2 CONNACK reason 0x84, Unsupported Protocol Version. */
    private static final int UNSUPPORTED_PROTOCOL_VERSION = 0x84;
    /** MQTT 3.1.1 §3.2.2.3 CONNACK return code 1, unacceptable protocol version. */
    private static final int UNACCEPTABLE_PROTOCOL_VERSION = 0x01;
    /** MQTT 5 §3.3.4: a broker that announces no Receive Maximum takes 65,535 QoS 1/2 publishes in flight. */
    private static final int DEFAULT_RECEIVE_MAXIMUM = 65_535;
    private static final long QUIESCE_POLL_MILLIS = 10;

    private final ConnectOptions options;
    private final Listener listener;
    private final String host;
    private final int port;
    private final boolean tls;
    private final boolean v5;

    private final Object lock = new Object();
    // Guarded by `lock`: the QoS 1/2 publishes the broker has not completed, by packet id, and the packet id counter
    // (publishes and subscribes share the id space, MQTT 5 §2.2.1).
    private final Set<Integer> inflight = new HashSet<>();
    private final Set<Integer> subscribeIds = new HashSet<>();
    private int nextPacketId = 1;
    private int inflightLimit;
    private boolean open;

    private volatile Channel channel;
    private volatile boolean connected;
    private volatile boolean finished;
    private EventLoopGroup ownGroup;

    // Owned by the channel's event loop.
    private final Map<Integer, Integer> pendingSubscribes = new HashMap<>();
    private final Set<Integer> receivedQos2 = new HashSet<>();
    private final Set<Integer> releasing = new HashSet<>();
    private ScheduledFuture<?> connectTimer;
    private ScheduledFuture<?> keepAliveTimer;
    private long lastWriteNanos;
    private long lastReadNanos;
    private long pingSentNanos;
    private boolean connAckSeen;
    private String failure;

    /** @throws MqttPortException when the server URI is not {@code tcp://host[:port]} or {@code ssl://host[:port]} */
    NettyMqttClient(ConnectOptions options, Listener listener) throws MqttPortException {
        this.options = options;
        this.listener = listener;
        this.v5 = options.version() == MqttVersion.V5;
        URI uri;
        try {
            uri = new URI(options.serverUri());
        } catch (URISyntaxException e) {
            throw new MqttPortException("bad MQTT server URI '" + options.serverUri() + "': " + e.getMessage(), e);
        }
        String scheme = String.valueOf(uri.getScheme());
        if (!scheme.equals("tcp") && !scheme.equals("ssl") || uri.getHost() == null || uri.getPort() > 65535) {
            throw new MqttPortException("bad MQTT server URI '" + options.serverUri()
                    + "': tcp://host[:port] or ssl://host[:port] expected", null);
        }
        this.tls = scheme.equals("ssl");
        String rawHost = uri.getHost();
        this.host = rawHost.startsWith("[") ? rawHost.substring(1, rawHost.length() - 1) : rawHost;
        this.port = uri.getPort() >= 0 ? uri.getPort() : tls ? 8883 : 1883;
        this.inflightLimit = v5 ? DEFAULT_RECEIVE_MAXIMUM : options.maxInflight();
    }

    private String tag() {
        return options.clientId();
    }

    @Override
    public void connect() throws MqttPortException {
        if (channel != null || finished) {
            throw new MqttPortException("connect called twice on one client (one client per attempt)", null);
        }
        SslHandler sslHandler = null;
        if (tls) {
            SSLEngine engine = TlsContexts.create(options.tls().orElse(TlsSettings.DEFAULT))
                    .createSSLEngine(host, port);
            engine.setUseClientMode(true);
            SSLParameters parameters = engine.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            engine.setSSLParameters(parameters);
            sslHandler = new SslHandler(engine);
        }
        EventLoop loop;
        synchronized (lock) {
            if (options.ioGroup().isPresent()) {
                loop = options.ioGroup().get().next();
            } else {
                ownGroup = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("mqtt-client", true),
                        NioIoHandler.newFactory());
                loop = ownGroup.next();
            }
        }
        SslHandler ssl = sslHandler;
        Bootstrap bootstrap = new Bootstrap().group(loop).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS,
                        (int) Math.min(Integer.MAX_VALUE, options.connectTimeout().toMillis()))
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel socket) {
                        channel = socket;
                        ChannelPipeline pipeline = socket.pipeline();
                        if (ssl != null) {
                            pipeline.addLast("tls", ssl);
                        }
                        if (v5) {
                            pipeline.addLast("legacy-connack", new LegacyConnAckGuard());
                        }
                        pipeline.addLast("decoder", new MqttDecoder(options.maxIncomingPacket(),
                                Math.max(23, options.clientId().length())));
                        pipeline.addLast("encoder", MqttEncoder.INSTANCE);
                        pipeline.addLast("client", new Handler());
                    }
                });
        ChannelFuture connecting = bootstrap.connect(host, port);
        channel = connecting.channel();
        connecting.addListener((ChannelFutureListener) future -> {
            if (!future.isSuccess()) {
                fail("cannot reach " + host + ":" + port + ": " + describe(future.cause()));
                return;
            }
            if (finished) {
                future.channel().close();
                return;
            }
            connectTimer = future.channel().eventLoop().schedule(() -> fail("no CONNACK within "
                    + options.connectTimeout().toSeconds() + " s"), options.connectTimeout().toMillis(),
                    TimeUnit.MILLISECONDS);
            future.channel().writeAndFlush(connectMessage()).addListener(written -> {
                if (!written.isSuccess()) {
                    fail("cannot send CONNECT: " + describe(written.cause()));
                }
            });
        });
    }

    private MqttMessage connectMessage() {
        MqttMessageBuilders.ConnectBuilder connect = MqttMessageBuilders.connect()
                .protocolVersion(v5 ? io.netty.handler.codec.mqtt.MqttVersion.MQTT_5
                        : io.netty.handler.codec.mqtt.MqttVersion.MQTT_3_1_1)
                .clientId(options.clientId())
                .cleanSession(options.cleanStart())
                .keepAlive((int) options.keepAlive().toSeconds());
        options.username().ifPresent(user -> connect.hasUser(true).username(user));
        options.password().ifPresent(password -> connect.hasPassword(true)
                .password(password.getBytes(StandardCharsets.UTF_8)));
        options.will().ifPresent(will -> {
            connect.willFlag(true).willTopic(will.topic()).willMessage(will.payload())
                    .willQoS(MqttQoS.valueOf(will.qos())).willRetain(will.retained());
            if (v5) {
                MqttProperties willProperties = new MqttProperties();
                will.contentType().ifPresent(type -> willProperties.add(
                        new MqttProperties.StringProperty(MqttProperties.CONTENT_TYPE, type)));
                connect.willProperties(willProperties);
            }
        });
        if (v5) {
            MqttProperties properties = new MqttProperties();
            if (options.requestResponseInformation()) {
                properties.add(new MqttProperties.IntegerProperty(MqttProperties.REQUEST_RESPONSE_INFORMATION, 1));
            }
            properties.add(new MqttProperties.IntegerProperty(MqttProperties.MAXIMUM_PACKET_SIZE,
                    options.maxIncomingPacket()));
            addUserProperties(properties, options.userProperties());
            connect.properties(properties);
        }
        return connect.build();
    }

    private static void addUserProperties(MqttProperties properties, List<UserProperty> user) {
        for (UserProperty p : user) {
            properties.add(new MqttProperties.UserProperty(p.key(), p.value()));
        }
    }

    @Override
    public void subscribe(List<String> filters, int qos) throws MqttPortException {
        Channel current = requireConnected("subscribe");
        if (filters.isEmpty()) {
            throw new MqttPortException("cannot subscribe: no topic filter", null);
        }
        int id;
        synchronized (lock) {
            id = allocatePacketId();
            subscribeIds.add(id);
        }
        MqttMessageBuilders.SubscribeBuilder subscribe = MqttMessageBuilders.subscribe().messageId(id);
        filters.forEach(filter -> subscribe.addSubscription(MqttQoS.valueOf(qos), filter));
        MqttMessage message = subscribe.build();
        current.eventLoop().execute(() -> {
            pendingSubscribes.put(id, filters.size());
            current.writeAndFlush(message).addListener(written -> {
                if (!written.isSuccess()) {
                    synchronized (lock) {
                        subscribeIds.remove(id);
                    }
                }
            });
        });
    }

    @Override
    public boolean publish(String topic, byte[] payload, int qos, boolean retained, MessageProperties properties)
            throws MqttPortException {
        if (topic.isEmpty() || topic.indexOf('+') >= 0 || topic.indexOf('#') >= 0 || qos < 0 || qos > 2) {
            throw new MqttPortException("cannot publish to '" + topic + "' at QoS " + qos
                    + ": a topic name holds no wildcard and QoS is 0, 1 or 2", null);
        }
        Channel current = requireConnected("publish to " + topic);
        int id = 0;
        if (qos > 0) {
            synchronized (lock) {
                if (inflight.size() >= inflightLimit) {
                    return false;
                }
                id = allocatePacketId();
                inflight.add(id);
            }
        }
        MqttMessageBuilders.PublishBuilder publish = MqttMessageBuilders.publish().topicName(topic)
                .qos(MqttQoS.valueOf(qos)).retained(retained).messageId(id).payload(Unpooled.wrappedBuffer(payload));
        if (v5) {
            MqttProperties wire = new MqttProperties();
            properties.responseTopic().ifPresent(t -> wire.add(
                    new MqttProperties.StringProperty(MqttProperties.RESPONSE_TOPIC, t)));
            properties.contentType().ifPresent(t -> wire.add(
                    new MqttProperties.StringProperty(MqttProperties.CONTENT_TYPE, t)));
            addUserProperties(wire, properties.userProperties());
            publish.properties(wire);
        }
        int sentId = id;
        current.writeAndFlush(publish.build()).addListener(written -> {
            if (!written.isSuccess()) {
                LOG.debug("[mqtt {}] publish to {} not written: {}", tag(), topic, describe(written.cause()));
                if (sentId != 0) {
                    synchronized (lock) {
                        inflight.remove(sentId);
                    }
                }
            }
        });
        return true;
    }

    /** A packet id no publish or subscribe in flight holds; caller holds {@link #lock} and reserves it. */
    private int allocatePacketId() throws MqttPortException {
        for (int tries = 0; tries < 65_535; tries++) {
            int id = nextPacketId;
            nextPacketId = nextPacketId == 65_535 ? 1 : nextPacketId + 1;
            if (!inflight.contains(id) && !subscribeIds.contains(id)) {
                return id;
            }
        }
        throw new MqttPortException("every packet id is in use", null);
    }

    private Channel requireConnected(String what) throws MqttPortException {
        Channel current = channel;
        if (!connected || current == null || !current.isActive()) {
            throw new MqttPortException("cannot " + what + ": not connected", null);
        }
        return current;
    }

    /** Whether the socket has Nagle's algorithm off (for tests; false before the channel exists). */
    boolean tcpNoDelay() {
        Channel current = channel;
        return current != null && Boolean.TRUE.equals(current.config().getOption(ChannelOption.TCP_NODELAY));
    }

    @Override
    public boolean isConnected() {
        Channel current = channel;
        return connected && current != null && current.isActive();
    }

    @Override
    public void disconnect(Duration quiesce) throws MqttPortException {
        Channel current = requireConnected("disconnect");
        finished = true;
        connected = false;
        ChannelPromise closed = current.newPromise();
        long deadline = System.nanoTime() + quiesce.toNanos();
        current.eventLoop().execute(() -> sendDisconnectWhenQuiet(current, deadline, closed));
        if (current.eventLoop().inEventLoop()) {
            return;
        }
        try {
            if (!closed.await(Math.max(1, quiesce.toMillis() * 2), TimeUnit.MILLISECONDS)) {
                throw new MqttPortException("disconnect: no completion within " + quiesce.toMillis() * 2 + " ms",
                        null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MqttPortException("disconnect interrupted", e);
        }
        if (!closed.isSuccess()) {
            throw new MqttPortException("disconnect: " + describe(closed.cause()), closed.cause());
        }
    }

    /** Waits on the loop, polling, until no publish is in flight or the quiesce time is up, then says DISCONNECT. */
    private void sendDisconnectWhenQuiet(Channel current, long deadline, ChannelPromise closed) {
        boolean busy;
        synchronized (lock) {
            busy = !inflight.isEmpty();
        }
        if (busy && current.isActive() && System.nanoTime() < deadline) {
            current.eventLoop().schedule(() -> sendDisconnectWhenQuiet(current, deadline, closed),
                    QUIESCE_POLL_MILLIS, TimeUnit.MILLISECONDS);
            return;
        }
        cancelTimers();
        // A DISCONNECT with no variable header: reason 0x00, Normal disconnection (MQTT 5 §3.14.2.1), so the broker
        // drops the will; the same two bytes over 3.1.1.
        current.writeAndFlush(new MqttMessage(new MqttFixedHeader(MqttMessageType.DISCONNECT, false,
                MqttQoS.AT_MOST_ONCE, false, 0))).addListener(written -> current.close().addListener(done -> {
                    if (written.isSuccess()) {
                        closed.trySuccess();
                    } else {
                        closed.tryFailure(written.cause());
                    }
                }));
    }

    @Override
    public void close() {
        finished = true;
        connected = false;
        Channel current = channel;
        if (current != null) {
            // No DISCONNECT: the broker publishes the will, as on a lost connection. The timers go with the channel
            // (channelInactive cancels them); a loop already shut down has closed it.
            current.close();
        }
        EventLoopGroup own;
        synchronized (lock) {
            own = ownGroup;
            ownGroup = null;
        }
        if (own != null) {
            own.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }

    // ------------------------------------------------------------------ on the event loop

    private void cancelTimers() {
        if (connectTimer != null) {
            connectTimer.cancel(false);
        }
        if (keepAliveTimer != null) {
            keepAliveTimer.cancel(false);
        }
    }

    /** Ends the connection for {@code reason}: before the CONNACK a failed connect, after it a loss. Once only. */
    private void fail(String reason) {
        if (failure == null) {
            failure = reason;
        }
        Channel current = channel;
        if (current != null && current.isOpen()) {
            current.close(); // channelInactive reports it
        } else {
            report();
        }
    }

    /** Tells the listener how the connection ended, once, unless the caller ended it. */
    private void report() {
        cancelTimers();
        if (finished) {
            return;
        }
        finished = true;
        boolean wasConnected = connected;
        connected = false;
        String reason = failure != null ? failure : "the broker closed the connection";
        if (wasConnected) {
            LOG.debug("[mqtt {}] connection lost: {}", tag(), reason);
            call(() -> listener.lost(reason));
        } else {
            call(() -> listener.connectFailed(reason, false));
        }
    }

    private void refused(int code, String how) {
        boolean protocolRejected = code == UNSUPPORTED_PROTOCOL_VERSION || code == UNACCEPTABLE_PROTOCOL_VERSION;
        String reason = "the broker refused the CONNECT: " + how + String.format(" 0x%02X", code)
                + (protocolRejected ? " (protocol version not supported)" : "");
        cancelTimers();
        finished = true;
        channel.close();
        call(() -> listener.connectFailed(reason, protocolRejected));
    }

    private void call(Runnable callback) {
        try {
            callback.run();
        } catch (RuntimeException e) {
            LOG.warn("[mqtt {}] listener failed", tag(), e);
        }
    }

    private void onConnAck(MqttConnAckMessage ack) {
        if (connAckSeen) {
            fail("protocol error: a second CONNACK");
            return;
        }
        connAckSeen = true;
        MqttConnectReturnCode code = ack.variableHeader().connectReturnCode();
        int value = code.byteValue() & 0xff;
        if (value != 0) {
            refused(value, v5 ? "reason" : "return code");
            return;
        }
        connectTimer.cancel(false);
        ConnAck result = ConnAck.EMPTY;
        if (v5) {
            MqttProperties p = ack.variableHeader().properties();
            Integer receiveMaximum = integer(p, MqttProperties.RECEIVE_MAXIMUM);
            Integer maximumPacket = integer(p, MqttProperties.MAXIMUM_PACKET_SIZE);
            if (receiveMaximum != null && receiveMaximum == 0 || maximumPacket != null && maximumPacket == 0) {
                fail("protocol error: CONNACK with a Receive Maximum or Maximum Packet Size of 0");
                return;
            }
            synchronized (lock) {
                inflightLimit = receiveMaximum == null ? DEFAULT_RECEIVE_MAXIMUM : receiveMaximum;
            }
            result = new ConnAck(Optional.ofNullable(string(p, MqttProperties.ASSIGNED_CLIENT_IDENTIFIER)),
                    Optional.ofNullable(string(p, MqttProperties.RESPONSE_INFORMATION)), userProperties(p),
                    maximumPacket == null ? OptionalLong.empty()
                            : OptionalLong.of(Integer.toUnsignedLong(maximumPacket)));
        }
        connected = true;
        long now = System.nanoTime();
        lastReadNanos = now;
        lastWriteNanos = now;
        scheduleKeepAlive(keepAliveNanos());
        ConnAck reported = result;
        call(() -> listener.connected(reported));
    }

    private long keepAliveNanos() {
        return options.keepAlive().toNanos();
    }

    private void scheduleKeepAlive(long delayNanos) {
        if (keepAliveNanos() == 0) {
            return;
        }
        keepAliveTimer = channel.eventLoop().schedule(this::checkKeepAlive, Math.max(delayNanos,
                TimeUnit.MILLISECONDS.toNanos(1)), TimeUnit.NANOSECONDS);
    }

    /**
     * MQTT §3.1.2.10: a PINGREQ when nothing was sent or received for a keep-alive period; no answer within another
     * period and the broker is taken for gone.
     */
    private void checkKeepAlive() {
        if (finished || !connected) {
            return;
        }
        long period = keepAliveNanos();
        long now = System.nanoTime();
        if (pingSentNanos != 0) {
            if (now - pingSentNanos >= period) {
                fail("no PINGRESP within the keep-alive of " + options.keepAlive().toSeconds() + " s");
                return;
            }
        } else if (now - lastWriteNanos >= period || now - lastReadNanos >= period) {
            pingSentNanos = now;
            channel.writeAndFlush(new MqttMessage(new MqttFixedHeader(MqttMessageType.PINGREQ, false,
                    MqttQoS.AT_MOST_ONCE, false, 0)));
        }
        long next = Math.min(lastWriteNanos, lastReadNanos) + period - now;
        if (pingSentNanos != 0) {
            next = Math.min(next, pingSentNanos + period - now);
        }
        scheduleKeepAlive(next);
    }

    private void onPublish(MqttPublishMessage publish) {
        String topic = publish.variableHeader().topicName();
        int qos = publish.fixedHeader().qosLevel().value();
        int id = publish.variableHeader().packetId();
        byte[] payload = ByteBufUtil.getBytes(publish.payload());
        MessageProperties properties = MessageProperties.NONE;
        if (v5) {
            MqttProperties p = publish.variableHeader().properties();
            properties = new MessageProperties(Optional.ofNullable(string(p, MqttProperties.RESPONSE_TOPIC)),
                    Optional.ofNullable(string(p, MqttProperties.CONTENT_TYPE)), userProperties(p));
        }
        boolean retained = publish.fixedHeader().isRetain();
        MessageProperties received = properties;
        if (qos == 2) {
            // Exactly once: delivered on the first PUBLISH of this id, a resent one only acknowledged again.
            if (receivedQos2.add(id)) {
                call(() -> listener.message(topic, payload, retained, received));
            }
            channel.writeAndFlush(reply(MqttMessageType.PUBREC, id));
            return;
        }
        call(() -> listener.message(topic, payload, retained, received));
        if (qos == 1) {
            channel.writeAndFlush(reply(MqttMessageType.PUBACK, id));
        }
    }

    private static MqttMessage reply(MqttMessageType type, int id) {
        return new MqttMessage(new MqttFixedHeader(type, false,
                type == MqttMessageType.PUBREL ? MqttQoS.AT_LEAST_ONCE : MqttQoS.AT_MOST_ONCE, false, 0),
                MqttMessageIdVariableHeader.from(id));
    }

    /** A PUBACK or PUBCOMP: the publish is complete and its slot free. */
    private void onCompleted(int id) {
        boolean known;
        synchronized (lock) {
            known = inflight.remove(id);
        }
        releasing.remove(id);
        if (known) {
            call(listener::delivered);
        }
    }

    private void onSubAck(MqttSubAckMessage ack) {
        int id = ack.variableHeader().messageId();
        Integer filters = pendingSubscribes.remove(id);
        synchronized (lock) {
            subscribeIds.remove(id);
        }
        if (filters == null) {
            LOG.debug("[mqtt {}] SUBACK for unknown packet id {}", tag(), id);
            return;
        }
        List<Integer> codes = ack.payload().reasonCodes();
        int[] array = codes.stream().mapToInt(Integer::intValue).toArray();
        call(() -> listener.subscribed(Grants.of(filters, array)));
    }

    private void onMessage(MqttMessage message) {
        lastReadNanos = System.nanoTime();
        if (message.decoderResult().isFailure()) {
            Throwable cause = message.decoderResult().cause();
            fail(cause instanceof TooLongFrameException
                    ? "packet from the broker too large (the limit is " + options.maxIncomingPacket() + " bytes): "
                            + cause.getMessage()
                    : "malformed packet from the broker: " + describe(cause));
            return;
        }
        MqttMessageType type = message.fixedHeader().messageType();
        if (type != MqttMessageType.CONNACK && !connAckSeen) {
            fail("protocol error: " + type + " before the CONNACK");
            return;
        }
        switch (type) {
            case CONNACK -> onConnAck((MqttConnAckMessage) message);
            case PUBLISH -> onPublish((MqttPublishMessage) message);
            case PUBACK, PUBCOMP -> onCompleted(packetId(message));
            case PUBREC -> {
                int id = packetId(message);
                releasing.add(id);
                channel.writeAndFlush(reply(MqttMessageType.PUBREL, id));
            }
            case PUBREL -> {
                int id = packetId(message);
                receivedQos2.remove(id);
                channel.writeAndFlush(reply(MqttMessageType.PUBCOMP, id));
            }
            case SUBACK -> onSubAck((MqttSubAckMessage) message);
            case PINGRESP -> pingSentNanos = 0;
            case DISCONNECT -> fail("the broker disconnected" + disconnectReason(message));
            default -> fail("protocol error: unexpected " + type + " from the broker");
        }
    }

    private static int packetId(MqttMessage message) {
        Object header = message.variableHeader();
        if (header instanceof MqttMessageIdVariableHeader id) {
            return id.messageId();
        }
        return -1;
    }

    private static String disconnectReason(MqttMessage message) {
        if (message.variableHeader() instanceof MqttReasonCodeAndPropertiesVariableHeader header) {
            String text = string(header.properties(), MqttProperties.REASON_STRING);
            return String.format(": reason 0x%02X", header.reasonCode() & 0xff) + (text == null ? "" : " " + text);
        }
        return "";
    }

    private static String string(MqttProperties properties, int id) {
        MqttProperties.MqttProperty<?> property = properties.getProperty(id);
        return property != null && property.value() instanceof String text ? text : null;
    }

    private static Integer integer(MqttProperties properties, int id) {
        MqttProperties.MqttProperty<?> property = properties.getProperty(id);
        return property != null && property.value() instanceof Integer value ? value : null;
    }

    private static List<UserProperty> userProperties(MqttProperties properties) {
        List<UserProperty> result = new ArrayList<>();
        for (MqttProperties.MqttProperty<?> property : properties.getProperties(MqttProperties.USER_PROPERTY)) {
            if (property instanceof MqttProperties.UserProperty one) {
                result.add(new UserProperty(one.value().key, one.value().value));
            } else if (property instanceof MqttProperties.UserProperties many) {
                many.value().forEach(pair -> result.add(new UserProperty(pair.key, pair.value)));
            }
        }
        return List.copyOf(result);
    }

    private static String describe(Throwable cause) {
        if (cause == null) {
            return "unknown cause";
        }
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = root.getMessage() == null ? root.getClass().getSimpleName()
                : root.getClass().getSimpleName() + ": " + root.getMessage();
        return root == cause ? text : cause.getClass().getSimpleName() + " (" + text + ")";
    }

    /** The client's end of the pipeline: every packet, the connection's end and its errors, on the loop. */
    private final class Handler extends ChannelDuplexHandler {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object message) {
            try {
                if (message instanceof LegacyRefusal legacy) {
                    lastReadNanos = System.nanoTime();
                    refused(legacy.code(), "MQTT 3.1.1 return code");
                } else if (message instanceof MqttMessage mqtt) {
                    onMessage(mqtt);
                }
            } finally {
                ReferenceCountUtil.release(message);
            }
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object message, ChannelPromise promise) {
            lastWriteNanos = System.nanoTime();
            ctx.write(message, promise);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            report();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            fail((connected ? "connection error: " : "") + describe(cause));
        }
    }

    /** A CONNACK in 3.1.1's two-byte form, the answer of a broker that does not speak MQTT 5. */
    private record LegacyRefusal(int code) {
    }

    /**
     * First in an MQTT 5 pipeline: a broker without MQTT 5 answers the CONNECT with a 3.1.1 CONNACK (Remaining Length
     * 2, no properties), which the 5.0 decoder would misread as the start of a longer packet. Turns that into a
     * {@link LegacyRefusal}, or steps aside once the first packet is seen to be anything else.
     */
    private static final class LegacyConnAckGuard extends ByteToMessageDecoder {
        @Override
        protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
            if (in.readableBytes() < 2) {
                return;
            }
            int start = in.readerIndex();
            if (in.getUnsignedByte(start) == 0x20 && in.getUnsignedByte(start + 1) == 0x02) {
                if (in.readableBytes() < 4) {
                    return;
                }
                out.add(new LegacyRefusal(in.getUnsignedByte(start + 3)));
                in.skipBytes(4);
            }
            ctx.pipeline().remove(this);
        }
    }
}
