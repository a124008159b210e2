package org.cpebridge.dect.sim.transport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import org.cpebridge.core.spi.FacePorts;
import org.cpebridge.core.json.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small HTTP/1.1 server for JSON control APIs (the DECT simulator's control), on netty's HTTP codec with bounds a
 * hostile local client cannot get past: each request must arrive whole within {@link Limits#requestDeadline} of its
 * first byte, a connection that sends and receives nothing for {@link Limits#idleTimeout} is closed, bodies over
 * {@link Limits#maxBodyBytes} get 413, request lines and headers over 4 KiB / 8 KiB get 400, and at most
 * {@link Limits#maxConnections} are open: a new one past the limit makes room by closing the oldest connection that
 * is not being answered (idle, or still sending its request), so a flood of idle or slow connections cannot lock a
 * normal client out; only when every open connection waits for its answer is the newcomer closed instead. A
 * connection handles one request at a time (it stops reading until its answer is written), so answers never overtake
 * each other.
 *
 * <p>Threads: one netty event loop thread ({@code dect-sim-control}) does all I/O, keeps the connection list and calls
 * the {@link Handler}; the handler must not block (it returns a stage that another thread may complete).
 * {@link #start} and {@link #close} are called by the owner's thread.
 */
public final class JsonHttpServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JsonHttpServer.class);
    private static final int MAX_INITIAL_LINE = 4096;
    private static final int MAX_HEADER_BYTES = 8192;

    /**
     * The bounds on what one client can hold.
     *
     * @param requestDeadline from a request's first byte to its last; a slow client is closed then
     * @param idleTimeout     a connection with no bytes either way for this long is closed
     * @param maxBodyBytes    a larger body is refused with 413
     * @param maxConnections  open connections at once; one more closes the oldest one not being answered
     */
    public record Limits(Duration requestDeadline, Duration idleTimeout, int maxBodyBytes, int maxConnections) {
        public Limits {
            Objects.requireNonNull(requestDeadline, "requestDeadline");
            Objects.requireNonNull(idleTimeout, "idleTimeout");
            if (requestDeadline.isNegative() || requestDeadline.isZero() || idleTimeout.isNegative()
                    || idleTimeout.isZero() || maxBodyBytes < 0 || maxConnections < 1) {
                throw new IllegalArgumentException("limits must be positive: " + requestDeadline + ", "
                        + idleTimeout + ", " + maxBodyBytes + ", " + maxConnections);
            }
        }

        /** 5 s per request, 60 s idle, 4 KiB bodies, 32 connections. */
        public static Limits defaults() {
            return new Limits(Duration.ofSeconds(5), Duration.ofSeconds(60), 4096, 32);
        }
    }

    /** A whole request: method, decoded path (no query), body as UTF-8 text ("" when none). */
    public record Request(String method, String path, String body) {
    }

    /** An answer: HTTP status and a body {@link Json#write} can write. */
    public record Response(int status, Object body) {
    }

    /** Answers requests; called on the event loop, so it must not block. */
    @FunctionalInterface
    public interface Handler {
        CompletionStage<Response> handle(Request request);
    }

    private final InetSocketAddress requested;
    private final Limits limits;
    private final Handler handler;
    private final String tag;
    private final AtomicInteger open = new AtomicInteger();
    // Admission order, oldest first; touched only on the event loop (initChannel and close listeners run there).
    private final Set<Channel> connections = new LinkedHashSet<>();
    private static final AttributeKey<Boolean> ANSWERING = AttributeKey.valueOf("dect-sim-control-answering");
    private EventLoopGroup group;
    /** The service's I/O group, borrowed (see {@link #useSharedEventLoop}); null: start() makes its own. */
    private EventLoopGroup sharedGroup;
    /** Every accepted connection: a borrowed loop does not close them when this server stops. */
    private final ChannelGroup accepted = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private Channel serverChannel;

    /**
     * @param tag the log tag, e.g. {@code dect-sim}
     */
    public JsonHttpServer(InetSocketAddress address, Limits limits, Handler handler, String tag) {
        this.requested = Objects.requireNonNull(address, "address");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.handler = Objects.requireNonNull(handler, "handler");
        this.tag = Objects.requireNonNull(tag, "tag");
    }

    /**
     * Runs on one event loop of the service's shared I/O group ({@code io.netty.channel.EventLoopGroup} in
     * {@code ports}) instead of a thread of its own, when the service offers one; call before {@link #start}. The
     * shared group is left running at {@link #close}.
     */
    public synchronized void useSharedEventLoop(FacePorts ports) {
        sharedGroup = ports.find(EventLoopGroup.class).orElse(null);
    }

    /** Binds; returns the bound address (the port is known even when 0 was asked for). */
    public synchronized InetSocketAddress start() throws IOException {
        if (serverChannel != null) {
            throw new IllegalStateException("already started");
        }
        group = sharedGroup != null ? sharedGroup.next()
                : new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("dect-sim-control", true),
                        NioIoHandler.newFactory());
        ServerBootstrap bootstrap = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        accepted.add(channel);
                        admit(channel);
                    }
                });
        try {
            serverChannel = bootstrap.bind(requested).syncUninterruptibly().channel();
        } catch (RuntimeException e) {
            if (sharedGroup == null) {
                group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            }
            group = null;
            throw new IOException("cannot listen on " + requested + ": " + e.getMessage(), e);
        }
        return address();
    }

    /** The bound address. */
    public InetSocketAddress address() {
        return (InetSocketAddress) serverChannel.localAddress();
    }

    /** Connections open now (for tests and logs). */
    public int openConnections() {
        return open.get();
    }

    @Override
    public synchronized void close() {
        if (serverChannel == null) {
            return;
        }
        serverChannel.close().syncUninterruptibly();
        accepted.close().awaitUninterruptibly(1, TimeUnit.SECONDS);
        if (sharedGroup == null) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
        serverChannel = null;
        group = null;
    }

    private void admit(SocketChannel channel) {
        if (connections.size() >= limits.maxConnections()) {
            // Logged at DEBUG only, so that a flood does not flood the log.
            Optional<Channel> evictable = connections.stream()
                    .filter(c -> !Boolean.TRUE.equals(c.attr(ANSWERING).get())).findFirst();
            if (evictable.isEmpty()) {
                LOG.debug("[{}] {} refused: {} connections open, all being answered", tag, channel.remoteAddress(),
                        limits.maxConnections());
                channel.close();
                return;
            }
            LOG.debug("[{}] {} closed to make room for {}", tag, evictable.get().remoteAddress(),
                    channel.remoteAddress());
            connections.remove(evictable.get());
            evictable.get().close();
        }
        connections.add(channel);
        open.incrementAndGet();
        channel.closeFuture().addListener(f -> {
            connections.remove(channel);
            open.decrementAndGet();
        });
        long idleMillis = limits.idleTimeout().toMillis();
        channel.pipeline().addLast(
                new IdleStateHandler(0, 0, idleMillis, TimeUnit.MILLISECONDS),
                new RequestDeadline(),
                new HttpServerCodec(new HttpDecoderConfig().setMaxInitialLineLength(MAX_INITIAL_LINE)
                        .setMaxHeaderSize(MAX_HEADER_BYTES)),
                new HttpObjectAggregator(limits.maxBodyBytes()),
                new Dispatcher());
    }

    /**
     * Closes a connection whose request has begun but not ended within the deadline (the slowloris case: a request
     * line or headers sent a byte at a time, or never finished), and one idle for the idle timeout. Sits before the
     * codec, so it sees raw bytes; the {@link Dispatcher} tells it when a request is whole.
     */
    private final class RequestDeadline extends ChannelDuplexHandler {
        private ScheduledFuture<?> deadline;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (deadline == null && msg instanceof ByteBuf bytes && bytes.isReadable()) {
                deadline = ctx.executor().schedule(() -> {
                    LOG.debug("[{}] {} closed: request not complete within {}", tag, ctx.channel().remoteAddress(),
                            limits.requestDeadline());
                    ctx.close();
                }, limits.requestDeadline().toMillis(), TimeUnit.MILLISECONDS);
            }
            ctx.fireChannelRead(msg);
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            if (event instanceof IdleStateEvent) {
                LOG.debug("[{}] {} closed: idle for {}", tag, ctx.channel().remoteAddress(), limits.idleTimeout());
                ctx.close();
                return;
            }
            ctx.fireUserEventTriggered(event);
        }

        void requestComplete() {
            if (deadline != null) {
                deadline.cancel(false);
                deadline = null;
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            requestComplete();
            ctx.fireChannelInactive();
        }
    }

    /** Hands each whole request to the handler and writes its answer; one request at a time per connection. */
    private final class Dispatcher extends SimpleChannelInboundHandler<FullHttpRequest> {

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            ctx.pipeline().get(RequestDeadline.class).requestComplete();
            boolean keepAlive = HttpUtil.isKeepAlive(request);
            if (request.decoderResult().isFailure()) {
                write(ctx, new Response(400, Map.of("error", "malformed request: "
                        + request.decoderResult().cause().getMessage())), false);
                return;
            }
            Request parsed = new Request(request.method().name(), new QueryStringDecoder(request.uri()).path(),
                    request.content().toString(StandardCharsets.UTF_8));
            ctx.channel().config().setAutoRead(false); // no second request until this one is answered
            ctx.channel().attr(ANSWERING).set(true); // not closed to make room meanwhile
            CompletionStage<Response> answer;
            try {
                answer = handler.handle(parsed);
            } catch (RuntimeException e) {
                LOG.warn("[{}] {} {} failed", tag, parsed.method(), parsed.path(), e);
                write(ctx, new Response(500, Map.of("error", e.toString())), keepAlive);
                return;
            }
            answer.whenComplete((response, failure) -> ctx.executor().execute(() -> {
                if (failure != null) {
                    LOG.warn("[{}] {} {} failed", tag, parsed.method(), parsed.path(), failure);
                    write(ctx, new Response(500, Map.of("error", failure.toString())), keepAlive);
                } else {
                    write(ctx, response, keepAlive);
                }
            }));
        }

        private void write(ChannelHandlerContext ctx, Response response, boolean keepAlive) {
            ctx.channel().attr(ANSWERING).set(false);
            byte[] bytes = Json.write(response.body()).getBytes(StandardCharsets.UTF_8);
            FullHttpResponse http = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                    HttpResponseStatus.valueOf(response.status()), Unpooled.wrappedBuffer(bytes));
            http.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
            HttpUtil.setKeepAlive(http, keepAlive);
            if (keepAlive) {
                ctx.writeAndFlush(http).addListener(ChannelFutureListener.CLOSE_ON_FAILURE)
                        .addListener(f -> ctx.channel().config().setAutoRead(true));
            } else {
                ctx.writeAndFlush(http).addListener(ChannelFutureListener.CLOSE);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.debug("[{}] {} closed: {}", tag, ctx.channel().remoteAddress(), cause.toString());
            ctx.close();
        }
    }
}
