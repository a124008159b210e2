package org.cpebridge.console.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.cpebridge.core.spi.FacePorts;
import org.cpebridge.console.WebRequest;
import org.cpebridge.console.WebResponse;
import org.cpebridge.console.WebSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's HTTP/1.1 server on netty. A connection must deliver each complete request (line, headers and body)
 * within the request timeout, counted from when it connected or from its previous response, else it is closed: slow
 * headers and idle keep-alive connections cost nothing for long. Request lines, headers and bodies have size limits
 * (the codec answers 400/413, or closes). Requests of one connection are handled one at a time, in order, on the
 * worker executor (the routes may run a slow KDF); an event-stream response keeps the connection open for
 * server-sent events, with a comment line every {@link #KEEP_ALIVE} so a vanished browser is noticed.
 *
 * With {@link #useTls} every connection starts with TLS (netty's {@code SslHandler}, JDK provider) and requests are
 * marked secure, so cookies get {@code Secure}.
 *
 * <p>I/O runs on one event-loop thread ({@code web-http}); routes run on the given executor.
 */
public final class HttpServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HttpServer.class);
    static final Duration KEEP_ALIVE = Duration.ofSeconds(15);

    private final InetSocketAddress listen;
    private final Duration requestTimeout;
    private final Executor workers;
    private final Function<WebRequest, WebResponse> routes;
    private final BiConsumer<WebRequest, EventStream> streams;
    private EventLoopGroup group;
    /** The service's I/O group, borrowed (see {@link #useSharedEventLoop}); null: start() makes its own. */
    private EventLoopGroup sharedGroup;
    /** Every accepted connection: a borrowed loop does not close them when this server stops. */
    private final ChannelGroup accepted = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private Channel serverChannel;
    /** When set, every connection speaks TLS first: HTTPS only, plain HTTP on this port fails. */
    private volatile HttpsContext tls;

    /**
     * @param routes  answers one request (on a worker thread)
     * @param streams takes each event stream a route opened, with the request that opened it
     */
    public HttpServer(InetSocketAddress listen, Duration requestTimeout, Executor workers,
                      Function<WebRequest, WebResponse> routes, BiConsumer<WebRequest, EventStream> streams) {
        this.listen = listen;
        this.requestTimeout = requestTimeout;
        this.workers = workers;
        this.routes = routes;
        this.streams = streams;
    }

    /** Serves HTTPS instead of HTTP; call before {@link #start}. */
    public void useTls(HttpsContext context) {
        this.tls = context;
    }

    /** Whether this server speaks HTTPS. */
    public boolean secure() {
        return tls != null;
    }

    /**
     * Runs on one event loop of the service's shared I/O group ({@code io.netty.channel.EventLoopGroup} in
     * {@code ports}) instead of a thread of its own, when the service offers one; call before {@link #start}. The
     * shared group is left running at {@link #close}.
     */
    public void useSharedEventLoop(FacePorts ports) {
        sharedGroup = ports.find(EventLoopGroup.class).orElse(null);
    }

    /** Binds; throws when the address cannot be bound (port taken, address not local). */
    public void start() {
        group = sharedGroup != null ? sharedGroup.next()
                : new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("web-http", true),
                        NioIoHandler.newFactory());
        ServerBootstrap bootstrap = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        accepted.add(channel);
                        if (tls != null) {
                            channel.pipeline().addLast(tls.sslContext().newHandler(channel.alloc()));
                        }
                        channel.pipeline().addLast(new HttpServerCodec(WebSettings.MAX_INITIAL_LINE_BYTES,
                                        WebSettings.MAX_HEADER_BYTES, 8192))
                                .addLast(new HttpObjectAggregator(WebSettings.MAX_BODY_BYTES))
                                .addLast(new RequestHandler());
                    }
                });
        try {
            serverChannel = bootstrap.bind(listen).syncUninterruptibly().channel();
        } catch (RuntimeException e) {
            if (sharedGroup == null) {
                group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            }
            throw e;
        }
    }

    public InetSocketAddress localAddress() {
        return (InetSocketAddress) serverChannel.localAddress();
    }

    @Override
    public void close() {
        if (serverChannel != null) {
            serverChannel.close().syncUninterruptibly();
        }
        accepted.close().awaitUninterruptibly(1, TimeUnit.SECONDS);
        if (group != null && sharedGroup == null) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    /** One per connection; runs on the event loop. */
    private final class RequestHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

        private ScheduledFuture<?> deadline;
        /** Requests that arrived while one was being answered (pipelining), answered next, in order. */
        private final java.util.ArrayDeque<FullHttpRequest> waiting = new java.util.ArrayDeque<>();
        private boolean answering;

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            armDeadline(ctx);
            ctx.fireChannelActive();
        }

        private void armDeadline(ChannelHandlerContext ctx) {
            deadline = ctx.executor().schedule(() -> {
                LOG.debug("[web {}] no complete request within {}; closing", ctx.channel().remoteAddress(),
                        requestTimeout);
                ctx.close();
            }, requestTimeout.toMillis(), TimeUnit.MILLISECONDS);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            if (deadline != null) {
                deadline.cancel(false);
            }
            if (answering) {
                // At most a few: reading is paused while a request is answered, so only what one read held waits.
                waiting.add(request.retain());
                return;
            }
            answer(ctx, request);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            waiting.forEach(FullHttpRequest::release);
            waiting.clear();
            ctx.fireChannelInactive();
        }

        /** Answers the next waiting request, if any, once the previous answer is written. Runs on the loop. */
        private void next(ChannelHandlerContext ctx) {
            answering = false;
            FullHttpRequest request = waiting.poll();
            if (request == null) {
                return;
            }
            try {
                answer(ctx, request);
            } finally {
                request.release();
            }
        }

        private void answer(ChannelHandlerContext ctx, FullHttpRequest request) {
            if (!request.decoderResult().isSuccess()) {
                writeAndClose(ctx, HttpResponseStatus.BAD_REQUEST, "bad request");
                return;
            }
            boolean keepAlive = HttpUtil.isKeepAlive(request);
            Map<String, String> headers = new HashMap<>();
            for (Map.Entry<String, String> header : request.headers()) {
                headers.putIfAbsent(header.getKey().toLowerCase(Locale.ROOT), header.getValue());
            }
            byte[] body = new byte[request.content().readableBytes()];
            request.content().readBytes(body);
            String remote = ((InetSocketAddress) ctx.channel().remoteAddress()).getAddress().getHostAddress();
            QueryStringDecoder uri = new QueryStringDecoder(request.uri());
            Map<String, String> query = new HashMap<>();
            uri.parameters().forEach((name, values) -> query.put(name, values.isEmpty() ? "" : values.get(0)));
            WebRequest webRequest = new WebRequest(request.method().name(), uri.path(), query, headers, body, remote,
                    ctx.pipeline().get(SslHandler.class) != null);
            // One request at a time per connection: the next is read once this one is answered.
            ctx.channel().config().setAutoRead(false);
            answering = true;
            try {
                workers.execute(() -> {
                    WebResponse response;
                    try {
                        response = routes.apply(webRequest);
                    } catch (RuntimeException | Error e) {
                        LOG.warn("[web {}] {} {} failed", remote, webRequest.method(), webRequest.path(), e);
                        response = WebResponse.error(500, "internal error");
                    }
                    WebResponse answer = response;
                    ctx.executor().execute(() -> respond(ctx, webRequest, answer, keepAlive));
                });
            } catch (RejectedExecutionException e) {
                writeAndClose(ctx, HttpResponseStatus.SERVICE_UNAVAILABLE, "stopping");
            }
        }

        private void respond(ChannelHandlerContext ctx, WebRequest request, WebResponse response, boolean keepAlive) {
            if (response.eventStream()) {
                HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
                addHeaders(head.headers(), response);
                head.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
                ctx.writeAndFlush(head);
                NettyEventStream stream = new NettyEventStream(ctx.channel());
                ScheduledFuture<?> keepAliveTimer = ctx.executor().scheduleAtFixedRate(
                        () -> stream.comment("keep-alive"), KEEP_ALIVE.toMillis(), KEEP_ALIVE.toMillis(),
                        TimeUnit.MILLISECONDS);
                ctx.channel().closeFuture().addListener(f -> keepAliveTimer.cancel(false));
                // The browser sends nothing more on this connection; reading again would only notice it closing.
                ctx.channel().config().setAutoRead(true);
                streams.accept(request, stream);
                return;
            }
            FullHttpResponse full = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                    HttpResponseStatus.valueOf(response.status()), Unpooled.wrappedBuffer(response.body()));
            addHeaders(full.headers(), response);
            HttpUtil.setContentLength(full, response.body().length);
            if (keepAlive) {
                HttpUtil.setKeepAlive(full, true);
                ctx.writeAndFlush(full);
                if (waiting.isEmpty()) {
                    armDeadline(ctx);
                    ctx.channel().config().setAutoRead(true);
                    answering = false;
                } else {
                    next(ctx);
                }
            } else {
                ctx.writeAndFlush(full).addListener(ChannelFutureListener.CLOSE);
            }
        }

        private void writeAndClose(ChannelHandlerContext ctx, HttpResponseStatus status, String text) {
            FullHttpResponse full = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                    Unpooled.copiedBuffer(text, StandardCharsets.UTF_8));
            full.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
            HttpUtil.setContentLength(full, full.content().readableBytes());
            ctx.writeAndFlush(full).addListener(ChannelFutureListener.CLOSE);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.debug("[web {}] connection error: {}", ctx.channel().remoteAddress(), cause.toString());
            ctx.close();
        }
    }

    /** Every response: its type, no caching, and a policy that runs only this origin's own files. */
    private static void addHeaders(HttpHeaders headers, WebResponse response) {
        headers.set(HttpHeaderNames.CONTENT_TYPE, response.contentType());
        headers.set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("Referrer-Policy", "no-referrer");
        headers.set("X-Frame-Options", "DENY");
        headers.set("Content-Security-Policy", "default-src 'self'; img-src 'self'; style-src 'self'; "
                + "script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
        for (Map.Entry<String, String> header : response.headers()) {
            headers.add(header.getKey(), header.getValue());
        }
    }

    /** A server-sent event stream over one channel; writes are thread-safe through netty. */
    private static final class NettyEventStream implements EventStream {
        private final Channel channel;

        NettyEventStream(Channel channel) {
            this.channel = channel;
        }

        @Override
        public void send(String event, String data) {
            write("event: " + event + "\ndata: " + data + "\n\n");
        }

        void comment(String text) {
            write(": " + text + "\n\n");
        }

        private void write(String text) {
            if (channel.isActive()) {
                channel.writeAndFlush(new DefaultHttpContent(Unpooled.copiedBuffer(text, StandardCharsets.UTF_8)))
                        .addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
            }
        }

        @Override
        public boolean isOpen() {
            return channel.isActive();
        }

        @Override
        public void onClose(Runnable action) {
            channel.closeFuture().addListener(f -> action.run());
        }

        @Override
        public void close() {
            channel.close();
        }
    }
}
