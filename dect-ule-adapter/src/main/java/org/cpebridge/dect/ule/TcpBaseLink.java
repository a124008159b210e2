package org.cpebridge.dect.ule;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.cpebridge.dect.hanfun.Bytes;
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
 * <p>One NIO thread ({@code dect-link-tcp}) owns every socket, decoder and listener call. {@link #send} may be called
 * from any thread: it queues the whole frame (bounded per link) and the I/O thread writes it with one
 * {@code write} call, continuing only if the kernel took part of it.
 *
 * <p>Frames to one node are spaced by at least {@code frameGap}: the hanfun reference transport treats each socket
 * read as one frame and drops the rest of the buffer, so two frames that reach it together lose the second (a
 * REGISTER response and the first interview request, or the answer to a node's request and the next request). The gap
 * is transport pacing measured on the I/O thread's monotonic clock ({@link System#nanoTime}), not adapter time.
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

    private static final Logger LOG = LoggerFactory.getLogger(TcpBaseLink.class);

    private final InetSocketAddress listenAddress;
    private final Uid baseUid;
    private final AtomicLong nextLinkId = new AtomicLong(1);
    private final Map<LinkId, Connection> connections = new ConcurrentHashMap<>();
    private final Queue<Connection> pendingWrites = new ConcurrentLinkedQueue<>();
    private volatile boolean running;
    private volatile Selector selector;
    private volatile ServerSocketChannel server;
    private Thread thread;
    private BaseLinkListener listener;

    /** The default spacing of frames to one node. */
    public static final Duration DEFAULT_FRAME_GAP = Duration.ofMillis(50);

    private final long frameGapNanos;
    /** Connections holding a frame until their gap is over; I/O thread only. */
    private final Set<Connection> spaced = new HashSet<>();

    public TcpBaseLink(InetSocketAddress listenAddress, Uid baseUid) {
        this(listenAddress, baseUid, DEFAULT_FRAME_GAP);
    }

    /** @param frameGap least time between the starts of two frames to the same node (zero: no spacing) */
    public TcpBaseLink(InetSocketAddress listenAddress, Uid baseUid, Duration frameGap) {
        this.listenAddress = listenAddress;
        this.baseUid = baseUid;
        this.frameGapNanos = frameGap.toNanos();
    }

    @Override
    public synchronized void start(BaseLinkListener listener) throws IOException {
        if (thread != null) {
            throw new IllegalStateException("already started");
        }
        this.listener = listener;
        selector = Selector.open();
        server = ServerSocketChannel.open();
        try {
            server.bind(listenAddress);
            server.configureBlocking(false);
            server.register(selector, SelectionKey.OP_ACCEPT);
        } catch (IOException e) {
            server.close();
            selector.close();
            throw e;
        }
        running = true;
        thread = new Thread(this::loop, "dect-link-tcp");
        thread.setDaemon(true);
        thread.start();
        LOG.info("[dect-link] listening on {}", localAddress());
    }

    /** The bound address (useful when listening on port 0). */
    public InetSocketAddress localAddress() {
        if (server == null) {
            return listenAddress;
        }
        try {
            return (InetSocketAddress) server.getLocalAddress();
        } catch (IOException e) {
            return listenAddress;
        }
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
        connection.out.add(ByteBuffer.wrap(FrameCodec.encodeData(PacketCodec.encode(packet))));
        pendingWrites.add(connection);
        selector.wakeup();
        return true;
    }

    @Override
    public void close() {
        Thread loopThread;
        synchronized (this) {
            if (thread == null || !running) {
                return;
            }
            running = false;
            loopThread = thread;
        }
        selector.wakeup();
        try {
            loopThread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void loop() {
        safely(() -> listener.onLinkUp());
        try {
            while (running) {
                selector.select(selectTimeoutMillis());
                for (Connection connection; (connection = pendingWrites.poll()) != null; ) {
                    flush(connection);
                }
                if (!spaced.isEmpty()) {
                    long now = System.nanoTime();
                    for (Connection connection : new ArrayList<>(spaced)) {
                        if (now - connection.nextWriteNanos >= 0) {
                            spaced.remove(connection);
                            flush(connection);
                        }
                    }
                }
                var keys = selector.selectedKeys().iterator();
                while (keys.hasNext()) {
                    SelectionKey key = keys.next();
                    keys.remove();
                    if (!key.isValid()) {
                        continue;
                    }
                    if (key.isAcceptable()) {
                        accept();
                    } else {
                        Connection connection = (Connection) key.attachment();
                        if (key.isReadable()) {
                            read(connection);
                        }
                        if (key.isValid() && key.isWritable()) {
                            flush(connection);
                        }
                    }
                }
            }
        } catch (IOException | ClosedSelectorException e) {
            LOG.warn("[dect-link] I/O loop failed: {}", e.toString());
        } finally {
            for (Connection connection : new ArrayList<>(connections.values())) {
                drop(connection, "link closed");
            }
            closeQuietly();
            safely(() -> listener.onLinkDown("closed"));
            LOG.info("[dect-link] stopped");
        }
    }

    /** Until the earliest spaced frame may go, or a second when none waits. */
    private long selectTimeoutMillis() {
        long now = System.nanoTime();
        long wait = 1_000;
        for (Connection connection : spaced) {
            wait = Math.min(wait, Math.max(1, (connection.nextWriteNanos - now + 999_999) / 1_000_000));
        }
        return wait;
    }

    private void accept() throws IOException {
        SocketChannel channel = server.accept();
        if (channel == null) {
            return;
        }
        if (connections.size() >= MAX_LINKS) {
            LOG.warn("[dect-link] {} links open, connection from {} refused", MAX_LINKS, channel.getRemoteAddress());
            channel.close();
            return;
        }
        channel.configureBlocking(false);
        LinkId link = new LinkId(nextLinkId.getAndIncrement());
        Connection connection = new Connection(link, channel);
        connection.key = channel.register(selector, SelectionKey.OP_READ, connection);
        connections.put(link, connection);
        LOG.debug("[dect-link {}] node connected from {}", link, channel.getRemoteAddress());
        connection.out.add(ByteBuffer.wrap(FrameCodec.encode(
                new Frame.Hello(CORE_VERSION, PROFILES_VERSION, INTERFACES_VERSION, baseUid))));
        connection.queued.incrementAndGet();
        flush(connection);
    }

    private void read(Connection connection) {
        ByteBuffer buffer = ByteBuffer.allocate(4096);
        int count;
        try {
            count = connection.channel.read(buffer);
        } catch (IOException e) {
            drop(connection, e.toString());
            return;
        }
        if (count < 0) {
            drop(connection, "closed by node");
            return;
        }
        buffer.flip();
        List<Frame> frames;
        try {
            frames = connection.decoder.offer(buffer);
        } catch (FrameException e) {
            LOG.warn("[dect-link {}] bad framing, closing: {}", connection.link, e.getMessage());
            // Frames completed before the bad one were consumed by the decoder but are lost with the connection.
            drop(connection, "bad framing");
            return;
        }
        for (Frame frame : frames) {
            handle(connection, frame);
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
            } else {
                LOG.debug("[dect-link {}] repeated HELLO ignored", link);
            }
        } else if (frame instanceof Frame.Data data) {
            Bytes bytes = data.packet();
            try {
                Packet packet = PacketCodec.decode(bytes.toArray());
                LOG.trace("[dect-link {}] <- {}", link, packet);
                safely(() -> listener.onPacket(link, packet));
            } catch (HanfunException e) {
                LOG.debug("[dect-link {}] malformed packet {}: {}", link, bytes, e.getMessage());
                safely(() -> listener.onMalformedPacket(link, e));
            }
        } else {
            LOG.debug("[dect-link {}] unknown primitive 0x{} ignored", link,
                    Integer.toHexString(frame.primitive()));
        }
    }

    private void flush(Connection connection) {
        if (!connection.channel.isOpen()) {
            return;
        }
        try {
            for (ByteBuffer frame; (frame = connection.out.peek()) != null; ) {
                if (frame.position() == 0 && System.nanoTime() - connection.nextWriteNanos < 0) {
                    spaced.add(connection); // the loop writes it when the gap is over
                    connection.key.interestOps(SelectionKey.OP_READ);
                    return;
                }
                connection.channel.write(frame);
                if (frame.hasRemaining()) {
                    connection.key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
                    return;
                }
                connection.out.poll();
                connection.queued.decrementAndGet();
                connection.nextWriteNanos = System.nanoTime() + frameGapNanos;
            }
            connection.key.interestOps(SelectionKey.OP_READ);
        } catch (IOException e) {
            drop(connection, e.toString());
        }
    }

    private void drop(Connection connection, String reason) {
        if (connections.remove(connection.link) == null) {
            return;
        }
        spaced.remove(connection);
        if (connection.key != null) {
            connection.key.cancel();
        }
        try {
            connection.channel.close();
        } catch (IOException e) {
            LOG.debug("[dect-link {}] close failed: {}", connection.link, e.toString());
        }
        LOG.debug("[dect-link {}] disconnected: {}", connection.link, reason);
        if (connection.uid != null) {
            safely(() -> listener.onDeviceDeregistered(connection.link));
        }
    }

    private void closeQuietly() {
        try {
            server.close();
            selector.close();
        } catch (IOException e) {
            LOG.debug("[dect-link] close failed: {}", e.toString());
        }
    }

    private static void safely(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.warn("[dect-link] listener failed", e);
        }
    }

    private static final class Connection {
        final LinkId link;
        final SocketChannel channel;
        final FrameDecoder decoder = new FrameDecoder();
        final Queue<ByteBuffer> out = new ConcurrentLinkedQueue<>();
        final AtomicInteger queued = new AtomicInteger();
        SelectionKey key;
        Uid uid;
        /** When the next frame may start ({@link System#nanoTime}); I/O thread only. */
        long nextWriteNanos = System.nanoTime();

        Connection(LinkId link, SocketChannel channel) {
            this.link = link;
            this.channel = channel;
        }
    }
}
