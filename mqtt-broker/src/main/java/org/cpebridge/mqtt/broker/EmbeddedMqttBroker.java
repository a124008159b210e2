package org.cpebridge.mqtt.broker;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small MQTT 3.1.1 and 5 broker for the bridge's own loopback use: the USP agent's MTP and the Zigbee2MQTT
 * simulator when no external broker is configured. It supports what those clients use — QoS 0 and 1 (QoS 2 is
 * accepted and delivered at QoS 1 at most), retained messages, wills, keep-alive, wildcards, MQTT 5 properties
 * passed through (response topic, correlation data, content type, user properties), no-local and
 * retain-as-published. Sessions are not persisted: a reconnecting client subscribes again. Any real broker
 * (mosquitto, EMQX, HiveMQ) can replace it by configuration.
 *
 * <p>All connections share one event-loop thread, which owns the broker's state ({@link BrokerState}), so the
 * state needs no locks: the broker's own {@code mqtt-broker} thread, or in the service one event loop of its shared
 * I/O group ({@code bridge-io-N}), which other transports use too.
 */
public final class EmbeddedMqttBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedMqttBroker.class);

    /** Largest packet accepted; Zigbee2MQTT's retained device list can run to hundreds of kilobytes. */
    public static final int DEFAULT_MAX_PACKET_BYTES = 4 * 1024 * 1024;

    private final EventLoopGroup loop;
    /** False when the loop is the service's shared one: then it is borrowed, and close() leaves it running. */
    private final boolean ownsLoop;
    private final Channel serverChannel;
    private final BrokerState state;
    private final ChannelGroup clients;

    private EmbeddedMqttBroker(EventLoopGroup loop, boolean ownsLoop, Channel serverChannel, BrokerState state,
            ChannelGroup clients) {
        this.loop = loop;
        this.ownsLoop = ownsLoop;
        this.serverChannel = serverChannel;
        this.state = state;
        this.clients = clients;
    }

    /**
     * Starts a broker listening on the address (port 0 picks a free port) that admits whom {@code access} names.
     * There is no default: the service passes its generated accounts, a test that wants anyone in says
     * {@link BrokerAccess#open()}.
     *
     * @throws InterruptedException when interrupted while binding
     * @throws java.io.IOException  (as a netty exception) when the address cannot be bound
     */
    public static EmbeddedMqttBroker start(InetSocketAddress address, int maxPacketBytes, BrokerAccess access)
            throws InterruptedException {
        return start(address, maxPacketBytes, access, java.util.Optional.empty());
    }

    /**
     * Like {@link #start(InetSocketAddress, int, BrokerAccess)}, on one event loop of {@code shared} (the service's
     * I/O loop) when given, else on a thread of its own ({@code mqtt-broker}). Every connection of this broker is on
     * that one loop, so its state still has a single owning thread; a shared group is left running at close.
     */
    public static EmbeddedMqttBroker start(InetSocketAddress address, int maxPacketBytes, BrokerAccess access,
            java.util.Optional<EventLoopGroup> shared) throws InterruptedException {
        java.util.Objects.requireNonNull(access, "access");
        boolean ownsLoop = shared.isEmpty();
        EventLoopGroup loop = shared.<EventLoopGroup>map(EventLoopGroup::next).orElseGet(
                () -> new MultiThreadIoEventLoopGroup(1, runnable -> {
                    Thread thread = new Thread(runnable, "mqtt-broker");
                    thread.setDaemon(true);
                    return thread;
                }, NioIoHandler.newFactory()));
        BrokerState state = new BrokerState();
        ChannelGroup clients = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
        try {
            Channel server = new ServerBootstrap().group(loop).channel(NioServerSocketChannel.class)
                    // Connections closed at a stop linger in TIME_WAIT on this port; a restart must bind it at once.
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel channel) {
                            clients.add(channel);
                            MqttDecoder decoder = new MqttDecoder(maxPacketBytes);
                            // A packet larger than one read (a USP answer of 250 kB comes in 64 kB reads) is kept
                            // as the list of its reads, not merged into one buffer that grows and is copied at
                            // every read; the packet's payload is a view over them (see BrokerConnection.onPublish).
                            decoder.setCumulator(ByteToMessageDecoder.COMPOSITE_CUMULATOR);
                            channel.pipeline()
                                    .addLast("decoder", decoder)
                                    .addLast("encoder", MqttEncoder.INSTANCE)
                                    .addLast("connection", new BrokerConnection(state, access));
                        }
                    })
                    .bind(address).sync().channel();
            LOG.info("[mqtt-broker] listening on {} ({})", server.localAddress(),
                    access.isOpen() ? "open to anyone" : "credentials required");
            return new EmbeddedMqttBroker(loop, ownsLoop, server, state, clients);
        } catch (RuntimeException | InterruptedException e) {
            if (ownsLoop) {
                loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            }
            throw e;
        }
    }

    public InetSocketAddress localAddress() {
        return (InetSocketAddress) serverChannel.localAddress();
    }

    /** The broker's URL for clients, {@code tcp://host:port}. */
    public String url() {
        InetSocketAddress address = localAddress();
        String host = address.getAddress().getHostAddress();
        return "tcp://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
    }

    /** Number of connected clients (for tests and status). */
    public int connectedClients() {
        try {
            return loop.submit(state::connectionCount).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            return -1;
        }
    }

    @Override
    public void close() {
        serverChannel.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        // Closing the listening socket leaves accepted connections open; clients must see the broker go at once.
        clients.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        if (ownsLoop) {
            loop.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
        LOG.info("[mqtt-broker] stopped");
    }
}
