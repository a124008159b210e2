package org.cpebridge.securetime.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.cpebridge.securetime.wire.MalformedMessageException;
import org.cpebridge.securetime.wire.Packet;
import org.cpebridge.securetime.wire.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The home's Roughtime server over UDP. One thread, {@code secure-time-server}, owns the socket and all state: it
 * blocks for a datagram, then takes whatever else has already arrived (up to {@code maxBatch}), drops what is
 * too short, too long, malformed, over its source's rate or for another key, and answers the rest with one
 * signature per version (a Merkle tree over the batch). It answers nothing while its clock is not secured, and never
 * sends more bytes than the request carried. Counters are readable from any thread.
 */
public final class RoughtimeServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RoughtimeServer.class);

    /** What the server has done so far. */
    public record Stats(long answered, long signatures, long batches, long droppedMalformed, long droppedRateLimited,
                        long droppedUnsecured, long droppedOther) {
    }

    private final DatagramChannel channel;
    private final Responder responder;
    private final DelegationSource delegation;
    private final Supplier<Optional<ServerTime>> time;
    private final RateLimiter rateLimiter;
    private final int maxBatch;
    private final Thread thread;
    private final AtomicLong answered = new AtomicLong();
    private final AtomicLong signatures = new AtomicLong();
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong droppedMalformed = new AtomicLong();
    private final AtomicLong droppedRateLimited = new AtomicLong();
    private final AtomicLong droppedUnsecured = new AtomicLong();
    private final AtomicLong droppedOther = new AtomicLong();
    private volatile boolean closed;

    private RoughtimeServer(DatagramChannel channel, Responder responder, DelegationSource delegation,
                            Supplier<Optional<ServerTime>> time, RateLimiter rateLimiter, int maxBatch) {
        this.channel = channel;
        this.responder = responder;
        this.delegation = delegation;
        this.time = time;
        this.rateLimiter = rateLimiter;
        this.maxBatch = maxBatch;
        this.thread = new Thread(this::serve, "secure-time-server");
        this.thread.setDaemon(true);
    }

    /**
     * Binds and starts serving.
     *
     * @param listen     the address to bind; a wildcard address (0.0.0.0, ::) is refused: the server is for the LAN
     * @param responder  answers batches for the long-term key
     * @param delegation the online key to sign with
     * @param time       what the server vouches for now, or empty while its clock is not secured
     * @param maxBatch   the most requests answered under one signature
     */
    public static RoughtimeServer start(InetSocketAddress listen, Responder responder, DelegationSource delegation,
                                        Supplier<Optional<ServerTime>> time, RateLimiter rateLimiter, int maxBatch)
            throws IOException {
        if (listen.isUnresolved()) {
            // Configuration gives host:port unresolved; resolve once, at bind time.
            listen = new InetSocketAddress(listen.getHostString(), listen.getPort());
            if (listen.isUnresolved()) {
                throw new IOException("cannot resolve " + listen.getHostString());
            }
        }
        if (listen.getAddress().isAnyLocalAddress()) {
            throw new IOException("refusing to bind " + listen.getAddress().getHostAddress()
                    + ": name the loopback or LAN address to serve");
        }
        DatagramChannel channel = DatagramChannel.open();
        try {
            // Room for a burst of requests while a batch is being signed.
            channel.setOption(StandardSocketOptions.SO_RCVBUF, 4 * 1024 * 1024);
            channel.bind(listen);
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        RoughtimeServer server = new RoughtimeServer(channel, responder, delegation, time, rateLimiter, maxBatch);
        server.thread.start();
        LOG.info("[time-server] serving Roughtime on udp {}", server.localAddress());
        return server;
    }

    public InetSocketAddress localAddress() {
        try {
            return (InetSocketAddress) channel.getLocalAddress();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public Stats stats() {
        return new Stats(answered.get(), signatures.get(), batches.get(), droppedMalformed.get(),
                droppedRateLimited.get(), droppedUnsecured.get(), droppedOther.get());
    }

    private record Received(Request request, SocketAddress from) {
    }

    private void serve() {
        ByteBuffer buffer = ByteBuffer.allocate(Packet.MAX_PACKET_LENGTH + 1);
        List<Received> batch = new ArrayList<>();
        while (!closed) {
            try {
                batch.clear();
                channel.configureBlocking(true);
                receiveInto(buffer, batch);
                channel.configureBlocking(false);
                for (int i = 1; i < maxBatch * 4 && batch.size() < maxBatch; i++) {
                    if (!receiveInto(buffer, batch)) {
                        break;
                    }
                }
                if (!batch.isEmpty()) {
                    answer(batch);
                }
            } catch (ClosedChannelException e) {
                break;
            } catch (IOException | RuntimeException e) {
                if (closed) {
                    break;
                }
                LOG.warn("[time-server] error serving a batch; continuing", e);
            }
        }
    }

    /** Receives one datagram (false when none was waiting) and keeps it if it is an acceptable request. */
    private boolean receiveInto(ByteBuffer buffer, List<Received> batch) throws IOException {
        buffer.clear();
        SocketAddress from = channel.receive(buffer);
        if (from == null) {
            return false;
        }
        buffer.flip();
        if (!(from instanceof InetSocketAddress source) || !rateLimiter.allow(source.getAddress())) {
            droppedRateLimited.incrementAndGet();
            return true;
        }
        Request request;
        try {
            request = Request.parse(buffer);
        } catch (MalformedMessageException e) {
            droppedMalformed.incrementAndGet();
            LOG.trace("[time-server {}] dropped: {}", from, e.getMessage());
            return true;
        }
        if (!responder.accepts(request)) {
            droppedOther.incrementAndGet();
            return true;
        }
        batch.add(new Received(request, from));
        return true;
    }

    private void answer(List<Received> batch) throws IOException {
        Optional<ServerTime> now = time.get();
        if (now.isEmpty()) {
            droppedUnsecured.addAndGet(batch.size());
            return;
        }
        OnlineKey key = delegation.current(now.get().midpointSeconds());
        Responder.Batch answers = responder.answer(batch.stream().map(Received::request).toList(), now.get(), key);
        signatures.addAndGet(answers.signatures());
        batches.incrementAndGet();
        for (int i = 0; i < answers.answers().size(); i++) {
            Responder.Answered answered = answers.answers().get(i);
            Received received = batch.get(indexOf(batch, answered.request(), i));
            if (answered.response().packet().length() > answered.request().packet().length()) {
                // Cannot happen for batches up to 2^16 (the answer grows 32 bytes per tree level), but no
                // amplification is the rule, so check rather than trust the arithmetic.
                droppedOther.incrementAndGet();
                continue;
            }
            channel.send(answered.response().packet().asByteBuffer(), received.from());
            this.answered.incrementAndGet();
        }
    }

    private static int indexOf(List<Received> batch, Request request, int hint) {
        if (hint < batch.size() && batch.get(hint).request() == request) {
            return hint;
        }
        for (int i = 0; i < batch.size(); i++) {
            if (batch.get(i).request() == request) {
                return i;
            }
        }
        throw new IllegalStateException("answer to a request not in the batch");
    }

    @Override
    public void close() {
        closed = true;
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("[time-server] close", e);
        }
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
