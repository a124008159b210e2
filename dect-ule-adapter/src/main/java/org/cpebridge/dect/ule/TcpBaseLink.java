package org.cpebridge.dect.ule;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.cpebridge.core.spi.FacePorts;
import org.cpebridge.bytes.Bytes;
import org.cpebridge.dect.hanfun.HanfunException;
import org.cpebridge.dect.hanfun.Packet;
import org.cpebridge.dect.hanfun.PacketCodec;
import org.cpebridge.dect.hanfun.Uid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The base side of the HAN-FUN example-app transport: listens on TCP, each node connection is one device link. Frames
 * are {@code length u16 | primitive u16 | data} ({@code docs/dect-ule-link.md}). Both sides send HELLO on connect.
 *
 * <p>One netty event loop owns every socket, decoder and listener call: the link's own {@code dect-link-tcp} thread,
 * or one loop of the service's shared I/O group ({@link #useSharedEventLoop}). {@link #send} may be called from any
 * thread: it counts the frame against the link's bound and hands it to the loop, which writes each frame with one
 * flush.
 *
 * <p>Frames to one node are spaced by at least {@code frameGap}: the hanfun reference transport treats each socket
 * read as one frame and drops the rest of the buffer, so two frames that reach it together lose the second (a
 * REGISTER response and the first interview request, or the answer to a node's request and the next request). The gap
 * is transport pacing measured on the loop's monotonic clock ({@link System#nanoTime}), not adapter time.
 *
 * <p>Over TCP this link is the base itself, so it keeps the registration window on its own: a request sends a
 * REGISTRATION frame to every connected node (the example nodes ignore it), is confirmed to the listener at once, and
 * the close is reported when the window runs out (timed on the loop). The example transport has no registration
 * mode, so a node that connects is accepted whether the window is open or not.
 */
public final class TcpBaseLink implements BaseLink {
    /** HAN-FUN versions sent in the base's HELLO (hanfun {@code common.h}: CORE 2, PROFILES 1, INTERFACES 1). */
    public static final int CORE_VERSION = 2;
    public static final int PROFILES_VERSION = 1;
    public static final int INTERFACES_VERSION = 1;
    /** Node connections served at once; more are closed right after accept. */
    public static final int MAX_LINKS = 1024;
    /** Frames queued per link before {@link #send} refuses more. */
    public static final int MAX_QUEUED_FRAMES = 256;
    /** The default spacing of frames to one node. */
    public static final Duration DEFAULT_FRAME_GAP = Duration.ofMillis(50);

    private static final Logger LOG = LoggerFactory.getLogger(TcpBaseLink.class);

    private final InetSocketAddress listenAddress;
    private final Uid baseUid;
    private final long frameGapNanos;
    private final AtomicLong nextLinkId = new AtomicLong(1);
    private final Map<LinkId, Connection> connections = new ConcurrentHashMap<>();
    private volatile boolean running;
    private EventLoopGroup sharedGroup;
    private EventLoopGroup ownGroup;
    private EventLoop loop;
    private volatile Channel server;
    private BaseLinkListener listener;
    /** The running registration window's end, on the loop. */
    private io.netty.util.concurrent.ScheduledFuture<?> registrationClose;

    public TcpBaseLink(InetSocketAddress listenAddress, Uid baseUid) {
        this(listenAddress, baseUid, DEFAULT_FRAME_GAP);
    }

    /** @param frameGap least time between the starts of two frames to the same node (zero: no spacing) */
    public TcpBaseLink(InetSocketAddress listenAddress, Uid baseUid, Duration frameGap) {
        this.listenAddress = listenAddress;
        this.baseUid = baseUid;
        this.frameGapNanos = frameGap.toNanos();
    }

    /**
     * Runs on one event loop of the service's shared I/O group ({@code io.netty.channel.EventLoopGroup} in
     * {@code ports}) instead of a thread of its own, when the service offers one; call before {@link #start}. The
     * shared group is left running at {@link #close}.
     */
    public synchronized void useSharedEventLoop(FacePorts ports) {
        sharedGroup = ports.find(EventLoopGroup.class).orElse(null);
    }

    @Override
    public synchronized void start(BaseLinkListener listener) throws IOException {
        if (loop != null) {
            throw new IllegalStateException("already started");
        }
        this.listener = listener;
        if (sharedGroup == null) {
            ownGroup = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("dect-link-tcp", true),
                    NioIoHandler.newFactory());
        }
        loop = (sharedGroup != null ? sharedGroup : ownGroup).next();
        ServerBootstrap bootstrap = new ServerBootstrap().group(loop).channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        accept(channel);
                    }
                });
        try {
            server = bootstrap.bind(listenAddress).syncUninterruptibly().channel();
        } catch (RuntimeException e) {
            if (ownGroup != null) {
                ownGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS);
                ownGroup = null;
            }
            loop = null;
            throw new IOException("cannot listen on " + listenAddress + ": " + e.getMessage(), e);
        }
        running = true;
        loop.execute(() -> safely(listener::onLinkUp));
        LOG.info("[dect-link] listening on {}", localAddress());
    }

    /** The bound address (useful when listening on port 0). */
    public InetSocketAddress localAddress() {
        Channel bound = server;
        return bound == null ? listenAddress : (InetSocketAddress) bound.localAddress();
    }

    @Override
    public boolean send(LinkId link, Packet packet) {
        Connection connection = connections.get(link);
        if (connection == null || !running) {
            return false;
        }
        if (connection.queued.incrementAndGet() > MAX_QUEUED_FRAMES) {
            connection.queued.decrementAndGet();
            LOG.debug("[dect-link {}] send queue full, packet dropped", link);
            return false;
        }
        byte[] frame = FrameCodec.encodeData(PacketCodec.encode(packet));
        try {
            loop.execute(() -> enqueue(connection, frame));
        } catch (RejectedExecutionException e) {
            connection.queued.decrementAndGet();
            return false;
        }
        return true;
    }

    @Override
    public boolean requestRegistrationWindow(int seconds) {
        Frame.Registration request = new Frame.Registration(seconds);
        if (!running) {
            return false;
        }
        try {
            loop.execute(() -> registrationWindow(request));
        } catch (RejectedExecutionException e) {
            return false;
        }
        return true;
    }

    /** On the loop: tells the nodes, confirms, and reports the close when the window runs out. */
    private void registrationWindow(Frame.Registration request) {
        byte[] frame = FrameCodec.encode(request);
        for (Connection connection : connections.values()) {
            if (connection.uid != null && connection.queued.incrementAndGet() <= MAX_QUEUED_FRAMES) {
                enqueue(connection, frame);
            } else if (connection.uid != null) {
                connection.queued.decrementAndGet();
            }
        }
        if (registrationClose != null) {
            registrationClose.cancel(false);
            registrationClose = null;
        }
        LOG.info("[dect-link] registration window {}", request.seconds() == 0 ? "closed"
                : "open for " + request.seconds() + " s");
        safely(() -> listener.onRegistrationWindow(request.seconds()));
        if (request.seconds() > 0) {
            registrationClose = loop.schedule(() -> {
                registrationClose = null;
                LOG.info("[dect-link] registration window closed (time is up)");
                safely(() -> listener.onRegistrationWindow(0));
            }, request.seconds(), TimeUnit.SECONDS);
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            if (loop == null || !running) {
                return;
            }
            running = false;
        }
        server.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        loop.submit(() -> {
            for (Connection connection : new ArrayList<>(connections.values())) {
                drop(connection, "link closed");
            }
            if (registrationClose != null) {
                registrationClose.cancel(false);
                registrationClose = null;
            }
            safely(() -> listener.onLinkDown("closed"));
        }).awaitUninterruptibly(5, TimeUnit.SECONDS);
        if (ownGroup != null) {
            ownGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
        LOG.info("[dect-link] stopped");
    }

    /** On the loop, as a node's connection is accepted. */
    private void accept(SocketChannel channel) {
        if (!running || connections.size() >= MAX_LINKS) {
            LOG.warn("[dect-link] {} links open, connection from {} refused", connections.size(),
                    channel.remoteAddress());
            channel.close();
            return;
        }
        LinkId link = new LinkId(nextLinkId.getAndIncrement());
        Connection connection = new Connection(link, channel);
        connections.put(link, connection);
        channel.pipeline().addLast(new Inbound(connection));
        LOG.debug("[dect-link {}] node connected from {}", link, channel.remoteAddress());
    }

    /** Reads of one connection; on the loop. */
    private final class Inbound extends ChannelInboundHandlerAdapter {
        private final Connection connection;

        Inbound(Connection connection) {
            this.connection = connection;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            connection.queued.incrementAndGet();
            enqueue(connection, FrameCodec.encode(
                    new Frame.Hello(CORE_VERSION, PROFILES_VERSION, INTERFACES_VERSION, baseUid)));
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object message) {
            ByteBuf buffer = (ByteBuf) message;
            List<Frame> frames;
            try {
                frames = connection.decoder.offer(buffer.nioBuffer());
            } catch (FrameException e) {
                LOG.warn("[dect-link {}] bad framing, closing: {}", connection.link, e.getMessage());
                // Frames completed before the bad one were consumed by the decoder but are lost with the connection.
                drop(connection, "bad framing");
                return;
            } finally {
                buffer.release();
            }
            for (Frame frame : frames) {
                handle(connection, frame);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            drop(connection, "closed by node");
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            drop(connection, cause.toString());
        }
    }

    private void handle(Connection connection, Frame frame) {
        LinkId link = connection.link;
        if (frame instanceof Frame.Hello hello) {
            if (connection.uid == null) {
                connection.uid = hello.uid();
                LOG.debug("[dect-link {}] HELLO core={} profiles={} interfaces={} uid={}", link,
                        hello.coreVersion(), hello.profilesVersion(), hello.interfacesVersion(), hello.uid());
                safely(() -> listener.onDeviceRegistered(link, hello.uid()));
                if (registrationClose != null) {
                    // A node that comes while the window is open hears of it too, with the time left (rounded up).
                    long left = registrationClose.getDelay(TimeUnit.MILLISECONDS);
                    int seconds = (int) Math.min(0xFFFF, Math.max(1, (left + 999) / 1000));
                    if (connection.queued.incrementAndGet() <= MAX_QUEUED_FRAMES) {
                        enqueue(connection, FrameCodec.encode(new Frame.Registration(seconds)));
                    } else {
                        connection.queued.decrementAndGet();
                    }
                }
            } else {
                LOG.debug("[dect-link {}] repeated HELLO ignored", link);
            }
        } else if (frame instanceof Frame.Data data) {
            Bytes bytes = data.packet();
            try {
                Packet packet = PacketCodec.decode(bytes.toByteArray());
                LOG.trace("[dect-link {}] <- {}", link, packet);
                safely(() -> listener.onPacket(link, packet));
            } catch (HanfunException e) {
                LOG.debug("[dect-link {}] malformed packet {}: {}", link, bytes, e.getMessage());
                safely(() -> listener.onMalformedPacket(link, e));
            }
        } else if (frame instanceof Frame.Registration registration) {
            // The registration window is the base's (this link's), not a node's to report.
            LOG.debug("[dect-link {}] REGISTRATION {} from a node ignored", link, registration.seconds());
        } else {
            LOG.debug("[dect-link {}] unknown primitive 0x{} ignored", link,
                    Integer.toHexString(frame.primitive()));
        }
    }

    /** On the loop: queues one frame and writes what the gap allows. */
    private void enqueue(Connection connection, byte[] frame) {
        if (connections.get(connection.link) != connection) {
            connection.queued.decrementAndGet(); // dropped meanwhile
            return;
        }
        connection.out.add(frame);
        if (!connection.flushScheduled) {
            flush(connection);
        }
    }

    /** On the loop: writes queued frames, each its own flush, spaced by the gap; schedules the rest. */
    private void flush(Connection connection) {
        connection.flushScheduled = false;
        while (!connection.out.isEmpty() && connection.channel.isActive()) {
            long wait = connection.nextWriteNanos - System.nanoTime();
            if (wait > 0) {
                connection.flushScheduled = true;
                loop.schedule(() -> flush(connection), wait, TimeUnit.NANOSECONDS);
                return;
            }
            byte[] frame = connection.out.poll();
            connection.queued.decrementAndGet();
            connection.channel.writeAndFlush(Unpooled.wrappedBuffer(frame));
            connection.nextWriteNanos = System.nanoTime() + frameGapNanos;
        }
    }

    /** On the loop. */
    private void drop(Connection connection, String reason) {
        if (connections.remove(connection.link) == null) {
            return;
        }
        connection.queued.addAndGet(-connection.out.size());
        connection.out.clear();
        connection.channel.close();
        LOG.debug("[dect-link {}] disconnected: {}", connection.link, reason);
        if (connection.uid != null) {
            safely(() -> listener.onDeviceDeregistered(connection.link));
        }
    }

    private static void safely(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.warn("[dect-link] listener failed", e);
        }
    }

    /** One node's connection; all but {@link #queued} is touched on the loop only. */
    private static final class Connection {
        final LinkId link;
        final Channel channel;
        final FrameDecoder decoder = new FrameDecoder();
        final Queue<byte[]> out = new ArrayDeque<>();
        /** Frames counted by {@link #send} and not yet written; any thread. */
        final AtomicInteger queued = new AtomicInteger();
        boolean flushScheduled;
        Uid uid;
        /** When the next frame may start ({@link System#nanoTime}). */
        long nextWriteNanos = System.nanoTime();

        Connection(LinkId link, Channel channel) {
            this.link = link;
            this.channel = channel;
        }
    }
}
