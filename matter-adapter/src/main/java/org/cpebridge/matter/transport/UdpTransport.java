package org.cpebridge.matter.transport;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Matter's UDP transport on one netty event-loop thread (its own {@code matter-udp}, or one of the service's shared
 * I/O group, see {@link UdpTransportConfig#sharedLoop}): binds each configured address on the same port (the face
 * binds the addresses of {@code matter.interface}, never the wildcard), copies each datagram into a byte array,
 * releases the buffer and hands the copy to a {@link DatagramHandler}. A datagram is sent from the bound address that
 * shares the longest prefix with its recipient (a link-local peer gets the link-local socket, a ULA peer the ULA one).
 * Multicast groups (a Matter group's address) are joined on the interface of the bound addresses, each on a socket
 * of its own on the same loop and port ({@link #joinGroup}). Nothing protocol-aware happens here.
 *
 * <p>Thread-safe: {@link #send} may be called from any thread. On the event loop it writes through netty; on another
 * thread (the node loop on the worker pool) it sends on the socket directly, one non-blocking system call, rather
 * than queue the write and wake the event loop for it (a wake-up per answer on a loaded machine); only when the
 * socket's buffer is full does netty queue it.
 */
public final class UdpTransport implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(UdpTransport.class);

    private final EventLoopGroup group;
    /** False when the loop is the service's shared one: borrowed, left running at close. */
    private final boolean ownsGroup;
    private final java.util.List<Channel> channels;
    private final int maxDatagramSize;
    /** Makes the multicast sockets: same loop, handler and options as the unicast ones. */
    private final Bootstrap bootstrap;
    /** Multicast groups joined, each on a socket of its own bound to the group address and our port. */
    private final java.util.Map<java.net.InetAddress, ChannelFuture> multicastGroups =
            new java.util.concurrent.ConcurrentHashMap<>();

    private UdpTransport(EventLoopGroup group, boolean ownsGroup, java.util.List<Channel> channels,
            int maxDatagramSize, Bootstrap bootstrap) {
        this.group = group;
        this.ownsGroup = ownsGroup;
        this.channels = java.util.List.copyOf(channels);
        this.maxDatagramSize = maxDatagramSize;
        this.bootstrap = bootstrap;
    }

    /**
     * Binds and starts receiving.
     *
     * @throws IOException if the address or port cannot be bound
     */
    public static UdpTransport bind(UdpTransportConfig config, DatagramHandler handler) throws IOException {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(handler, "handler");
        boolean ownsGroup = config.sharedLoop().isEmpty();
        EventLoopGroup group = config.sharedLoop().<EventLoopGroup>map(EventLoopGroup::next)
                .orElseGet(() -> new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("matter-udp", true),
                        NioIoHandler.newFactory()));
        Bootstrap bootstrap = new Bootstrap()
                .group(group)
                .channelFactory(UdpTransport::newChannel)
                // One byte more than the limit, so that an oversized datagram shows up as oversized.
                .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(config.maxDatagramSize() + 1))
                .handler(new Inbound(handler, config.maxDatagramSize()));
        java.util.List<Channel> channels = new java.util.ArrayList<>();
        int port = config.port();
        for (java.net.InetAddress address : config.bindAddresses()) {
            ChannelFuture bound = bootstrap.bind(new InetSocketAddress(address, port)).awaitUninterruptibly();
            if (!bound.isSuccess()) {
                // Let the failed and the bound channels finish closing on their loop before the loop goes away.
                if (bound.channel().isRegistered()) {
                    bound.channel().close().awaitUninterruptibly();
                }
                channels.forEach(channel -> channel.close().awaitUninterruptibly());
                if (ownsGroup) {
                    group.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).awaitUninterruptibly();
                }
                throw new IOException("cannot bind UDP " + address.getHostAddress() + " port " + port, bound.cause());
            }
            channels.add(bound.channel());
            // Port 0: the first socket picks the port, the others share it, so one port is advertised.
            port = ((InetSocketAddress) bound.channel().localAddress()).getPort();
        }
        UdpTransport transport = new UdpTransport(group, ownsGroup, channels, config.maxDatagramSize(), bootstrap);
        LOG.info("Matter UDP transport listening on {}", transport.localAddresses());
        return transport;
    }

    /** The first bound address and port (the actual port when 0 was asked for). */
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) channels.get(0).localAddress();
    }

    /** Every bound address, with the port. */
    public java.util.List<InetSocketAddress> localAddresses() {
        return channels.stream().map(channel -> (InetSocketAddress) channel.localAddress()).toList();
    }

    /** The socket whose address shares the longest prefix with the recipient's (same family first). */
    private Channel channelFor(InetSocketAddress recipient) {
        if (channels.size() == 1 || recipient.getAddress() == null) {
            return channels.get(0);
        }
        byte[] to = recipient.getAddress().getAddress();
        Channel best = channels.get(0);
        int bestScore = -1;
        for (Channel candidate : channels) {
            byte[] from = ((InetSocketAddress) candidate.localAddress()).getAddress().getAddress();
            int score = from.length == to.length ? 1 + commonPrefixBits(from, to) : 0;
            if (score > bestScore) {
                best = candidate;
                bestScore = score;
            }
        }
        return best;
    }

    private static int commonPrefixBits(byte[] a, byte[] b) {
        int bits = 0;
        for (int i = 0; i < a.length; i++) {
            int differing = (a[i] ^ b[i]) & 0xFF;
            if (differing != 0) {
                return bits + Integer.numberOfLeadingZeros(differing) - 24;
            }
            bits += 8;
        }
        return bits;
    }

    /**
     * Sends one datagram.
     *
     * @return completes when written, or exceptionally if the write failed
     */
    public CompletableFuture<Void> send(InetSocketAddress recipient, byte[] datagram) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (datagram.length > maxDatagramSize) {
            done.completeExceptionally(new IOException("datagram of " + datagram.length + " bytes exceeds "
                    + maxDatagramSize));
            return done;
        }
        Channel channel = channelFor(recipient);
        if (!channel.isActive()) {
            done.completeExceptionally(new IOException("transport is closed"));
            return done;
        }
        if (!channel.eventLoop().inEventLoop()) {
            try {
                if (trySendDirectly(channel, datagram, recipient)) {
                    done.complete(null);
                    return done;
                }
                // The socket's send buffer is full: netty queues the datagram until it drains.
            } catch (IOException e) {
                LOG.debug("[{}] send failed: {}", recipient, e.toString());
                done.completeExceptionally(e);
                return done;
            }
        }
        try {
            channel.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(datagram), recipient))
                    .addListener(future -> {
                        if (future.isSuccess()) {
                            done.complete(null);
                        } else {
                            LOG.debug("[{}] send failed: {}", recipient, future.cause().toString());
                            done.completeExceptionally(future.cause());
                        }
                    });
        } catch (RejectedExecutionException e) {
            // Closing raced with this send: the event loop is gone.
            done.completeExceptionally(new IOException("transport is closed", e));
        }
        return done;
    }

    /**
     * Joins an IPv6 multicast group (a Matter group's address) on the interface of the bound addresses, so that
     * datagrams sent to it on our port reach the handler like any other. The group gets a socket of its own, bound to
     * the group address and our port: a socket bound to a unicast address (the face binds those of
     * {@code matter.interface}, never the wildcard) does not receive multicast. Nothing blocks: the future completes
     * on the event loop once the socket is bound and has joined. Joining a group already joined does nothing.
     *
     * @return completes when joined, or exceptionally when the transport is bound to the wildcard only (no interface
     *     to join on), the address is not IPv6 multicast, or the system refuses
     */
    public CompletableFuture<Void> joinGroup(java.net.InetAddress multicastAddress) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (!(multicastAddress instanceof java.net.Inet6Address) || !multicastAddress.isMulticastAddress()) {
            done.completeExceptionally(new IOException("not an IPv6 multicast address: " + multicastAddress));
            return done;
        }
        java.net.NetworkInterface networkInterface;
        try {
            networkInterface = boundInterface();
        } catch (IOException e) {
            done.completeExceptionally(e);
            return done;
        }
        InetSocketAddress groupAddress = new InetSocketAddress(multicastAddress, localAddress().getPort());
        ChannelFuture bound;
        try {
            bound = multicastGroups.computeIfAbsent(multicastAddress, address -> bootstrap.bind(groupAddress));
        } catch (RejectedExecutionException e) {
            done.completeExceptionally(new IOException("transport is closed", e));
            return done;
        }
        bound.addListener(bindResult -> {
            if (!bindResult.isSuccess()) {
                multicastGroups.remove(multicastAddress, bound);
                done.completeExceptionally(bindResult.cause());
                return;
            }
            ((io.netty.channel.socket.DatagramChannel) bound.channel()).joinGroup(multicastAddress, networkInterface,
                    null).addListener(joined -> {
                        if (joined.isSuccess()) {
                            LOG.debug("joined multicast group {} on {}", multicastAddress.getHostAddress(),
                                    networkInterface.getName());
                            done.complete(null);
                        } else {
                            multicastGroups.remove(multicastAddress, bound);
                            bound.channel().close();
                            done.completeExceptionally(joined.cause());
                        }
                    });
        });
        return done;
    }

    /** Leaves a multicast group joined before (its socket closes); nothing when not joined. */
    public CompletableFuture<Void> leaveGroup(java.net.InetAddress multicastAddress) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        ChannelFuture bound = multicastGroups.remove(multicastAddress);
        if (bound == null) {
            done.complete(null);
            return done;
        }
        bound.addListener(ignored -> bound.channel().close().addListener(closed -> {
            LOG.debug("left multicast group {}", multicastAddress.getHostAddress());
            done.complete(null);
        }));
        return done;
    }

    /** The multicast groups currently joined or being joined. */
    public java.util.Set<java.net.InetAddress> multicastGroups() {
        return java.util.Set.copyOf(multicastGroups.keySet());
    }

    /** The interface of the first bound address that is not the wildcard. */
    private java.net.NetworkInterface boundInterface() throws IOException {
        for (InetSocketAddress bound : localAddresses()) {
            if (!bound.getAddress().isAnyLocalAddress()) {
                java.net.NetworkInterface found = java.net.NetworkInterface.getByInetAddress(bound.getAddress());
                if (found != null) {
                    return found;
                }
            }
        }
        throw new IOException("bound to no interface address, so no interface to join multicast groups on");
    }

    /** Closes the socket and stops the event loop. */
    @Override
    public void close() {
        multicastGroups.values().forEach(bound -> bound.awaitUninterruptibly().channel().close()
                .awaitUninterruptibly());
        multicastGroups.clear();
        channels.forEach(channel -> channel.close().awaitUninterruptibly());
        if (ownsGroup) {
            // A short quiet period lets write listeners of sends that raced the close run instead of being rejected.
            group.shutdownGracefully(50, 2_000, java.util.concurrent.TimeUnit.MILLISECONDS).awaitUninterruptibly();
        }
        LOG.info("Matter UDP transport closed");
    }

    /** The Java socket under each of our netty channels, for {@link #send} off the event loop. */
    private static final io.netty.util.AttributeKey<java.nio.channels.DatagramChannel> SOCKET =
            io.netty.util.AttributeKey.valueOf(UdpTransport.class, "socket");

    /**
     * netty's NIO datagram channel over a socket we open, so that a thread other than the event loop may send on it
     * directly: a Java NIO datagram channel takes concurrent sends and receives, each under its own lock.
     */
    private static NioDatagramChannel newChannel() {
        try {
            java.nio.channels.DatagramChannel socket = java.nio.channels.spi.SelectorProvider.provider()
                    .openDatagramChannel();
            NioDatagramChannel channel = new NioDatagramChannel(socket);
            channel.attr(SOCKET).set(socket);
            return channel;
        } catch (IOException e) {
            throw new io.netty.channel.ChannelException("cannot open a datagram socket", e);
        }
    }

    /** Sends at once on the channel's socket; false when its buffer has no room (nothing was sent). */
    private static boolean trySendDirectly(Channel channel, byte[] datagram, InetSocketAddress recipient)
            throws IOException {
        java.nio.channels.DatagramChannel socket = channel.attr(SOCKET).get();
        return socket != null && socket.send(java.nio.ByteBuffer.wrap(datagram), recipient) > 0;
    }

    /** Copies, releases (by SimpleChannelInboundHandler's auto-release) and forwards; stateless, so shared. */
    @io.netty.channel.ChannelHandler.Sharable
    private static final class Inbound extends SimpleChannelInboundHandler<DatagramPacket> {

        private final DatagramHandler handler;
        private final int maxDatagramSize;

        Inbound(DatagramHandler handler, int maxDatagramSize) {
            super(true);
            this.handler = handler;
            this.maxDatagramSize = maxDatagramSize;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
            InetSocketAddress sender = packet.sender();
            int length = packet.content().readableBytes();
            if (length > maxDatagramSize) {
                LOG.debug("[{}] dropped datagram over {} bytes", sender, maxDatagramSize);
                return;
            }
            byte[] copy = ByteBufUtil.getBytes(packet.content());
            LOG.trace("[{}] received {} bytes", sender, copy.length);
            try {
                handler.onDatagram(sender, copy);
            } catch (RuntimeException e) {
                // A handler bug must not close the socket for every other peer.
                LOG.warn("[{}] datagram handler failed", sender, e);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.debug("UDP channel error: {}", cause.toString());
        }
    }
}
