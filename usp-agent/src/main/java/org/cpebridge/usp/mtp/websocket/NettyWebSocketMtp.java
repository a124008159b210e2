package org.cpebridge.usp.mtp.websocket;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
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
import io.netty.channel.socket.DuplexChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakeException;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.cpebridge.core.spi.FacePorts;
import org.cpebridge.bytes.Bytes;
import org.cpebridge.usp.record.RecordCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The USP WebSocket MTP with the agent as server (R-WS.6), on netty: HTTP upgrade on the configured path, then one
 * {@link WebSocketSession} per connection. The handshake verdict comes from {@link WebSocketHandshake}; frames become
 * session events and the session's actions are carried out here. Records go to the listener on the agent's
 * executor; at most one session per Controller is kept (R-WS.4).
 *
 * <p>The agent does not answer the {@code bbf-usp-protocol} extension with its own Endpoint ID (R-WS.11a is a
 * SHOULD): the JDK's WebSocket client cannot offer extensions, and the Node {@code ws} 8 client aborts the handshake
 * when a server answers an extension it did not negotiate itself ({@code ws/lib/websocket.js}), so the header would
 * break real Controllers.
 *
 * <p>With {@link WebSocketMtpConfig#tls()} set, an {@link SslHandler} (JDK provider, TLS 1.2 and 1.3 only) comes first
 * in every connection's pipeline (R-WS.22); with a CA file a client certificate signed by it is required, and the
 * Endpoint IDs in its subjectAltName decide who the Controller is ({@link ControllerCertificates}, R-SEC.0a).
 *
 * <p>Owning threads: each connection's session lives on its netty event loop; the session table is concurrent.
 */
public final class NettyWebSocketMtp implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NettyWebSocketMtp.class);
    private static final int MAX_HANDSHAKE_SIZE = 16 * 1024;
    /** How long a connection stays half-closed after an error Close, waiting for the peer to close its side. */
    private static final Duration LINGER = Duration.ofSeconds(1);

    private final WebSocketMtpConfig config;
    private final String agentEndpointId;
    private final RecordCodec codec;
    private final WebSocketMtpListener listener;
    private final Executor listenerExecutor;
    private final Optional<WebSocketAuthenticator> authenticator;
    private final Map<String, SessionHandler> sessions = new ConcurrentHashMap<>();
    // Every open connection, also those whose Controller is not known yet, so that close() reaches them all.
    private final Set<SessionHandler> connections = ConcurrentHashMap.newKeySet();
    private EventLoopGroup group;
    /** The service's I/O group, borrowed (see {@link #useSharedEventLoop}); null: start() makes its own. */
    private EventLoopGroup sharedGroup;
    /** Every accepted connection, upgraded or not: a borrowed loop does not close them when this MTP stops. */
    private final ChannelGroup accepted = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private Channel serverChannel;
    private SslContext sslContext;

    /**
     * @param listenerExecutor where {@link WebSocketMtpListener#onRecord} runs (the agent's serial executor)
     */
    public NettyWebSocketMtp(WebSocketMtpConfig config, String agentEndpointId, RecordCodec codec,
            WebSocketMtpListener listener, Executor listenerExecutor) {
        this(config, agentEndpointId, codec, listener, listenerExecutor, Optional.empty());
    }

    /**
     * @param authenticator when present, a Controller without a client certificate must open the session with
     *                      {@code Authorization: Bearer <its secret>} (else HTTP 401), and the secret names it
     */
    public NettyWebSocketMtp(WebSocketMtpConfig config, String agentEndpointId, RecordCodec codec,
            WebSocketMtpListener listener, Executor listenerExecutor, Optional<WebSocketAuthenticator> authenticator) {
        this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
        this.config = Objects.requireNonNull(config, "config");
        this.agentEndpointId = Objects.requireNonNull(agentEndpointId, "agentEndpointId");
        this.codec = Objects.requireNonNull(codec, "codec");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.listenerExecutor = Objects.requireNonNull(listenerExecutor, "listenerExecutor");
    }

    /**
     * Runs on one event loop of the service's shared I/O group ({@code io.netty.channel.EventLoopGroup} in
     * {@code ports}) instead of a thread of its own, when the service offers one; call before {@link #start}. The
     * shared group is left running at {@link #close}.
     */
    public synchronized void useSharedEventLoop(FacePorts ports) {
        sharedGroup = ports.find(EventLoopGroup.class).orElse(null);
    }

    /** Binds the listening socket; returns the bound address (the port is known even when 0 was configured). */
    public synchronized InetSocketAddress start() throws IOException {
        if (serverChannel != null) {
            throw new IllegalStateException("already started");
        }
        sslContext = config.tls().isPresent() ? sslContext(config.tls().get()) : null;
        group = sharedGroup != null ? sharedGroup.next()
                : new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("usp-ws", true), NioIoHandler.newFactory());
        ServerBootstrap bootstrap = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        accepted.add(channel);
                        if (sslContext != null) {
                            channel.pipeline().addLast(sslContext.newHandler(channel.alloc()));
                        }
                        channel.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(MAX_HANDSHAKE_SIZE),
                                new UpgradeHandler());
                    }
                });
        InetSocketAddress listen = config.listen().isUnresolved()
                ? new InetSocketAddress(config.listen().getHostString(), config.listen().getPort())
                : config.listen();
        try {
            serverChannel = bootstrap.bind(listen).syncUninterruptibly().channel();
        } catch (RuntimeException e) {
            if (sharedGroup == null) {
                group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            }
            group = null;
            throw new IOException("cannot listen on " + listen + ": " + e.getMessage(), e);
        }
        InetSocketAddress bound = (InetSocketAddress) serverChannel.localAddress();
        LOG.info("[usp ws] listening on {} path {}{}", bound, config.path(), config.tls().isEmpty() ? ""
                : config.tls().get().requiresClientCertificate() ? " (TLS, client certificates required)" : " (TLS)");
        return bound;
    }

    /** The server side of R-WS.22; a file that cannot be read fails the start (never a silent fall-back to ws). */
    private static SslContext sslContext(WebSocketTls tls) throws IOException {
        try {
            SslContextBuilder builder = SslContextBuilder.forServer(tls.certFile().toFile(), tls.keyFile().toFile())
                    .sslProvider(SslProvider.JDK).protocols("TLSv1.3", "TLSv1.2");
            if (tls.caFile().isPresent()) {
                builder.trustManager(tls.caFile().get().toFile()).clientAuth(ClientAuth.REQUIRE);
            }
            return builder.build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new IOException("cannot set up TLS from " + tls.certFile() + ", " + tls.keyFile()
                    + tls.caFile().map(ca -> ", " + ca).orElse("") + ": " + e.getMessage(), e);
        }
    }

    /**
     * Who the connection's verified client certificate vouches for; empty when the MTP takes no client certificates
     * (plain ws, or TLS without a CA file).
     */
    private Optional<Set<String>> certifiedIds(Channel channel) {
        SslHandler tls = channel.pipeline().get(SslHandler.class);
        if (tls == null || config.tls().map(t -> !t.requiresClientCertificate()).orElse(true)) {
            return Optional.empty();
        }
        try {
            Certificate[] chain = tls.engine().getSession().getPeerCertificates();
            if (chain.length > 0 && chain[0] instanceof X509Certificate leaf) {
                return Optional.of(ControllerCertificates.endpointIds(leaf));
            }
        } catch (SSLPeerUnverifiedException e) {
            // Cannot happen with clientAuth REQUIRE; vouching for nobody closes the session below.
            LOG.debug("[usp ws {}] no verified client certificate", channel.remoteAddress());
        }
        return Optional.of(Set.of());
    }

    /** The open session of this Controller, if it has one. */
    public Optional<WebSocketPeer> session(String controllerId) {
        return Optional.ofNullable(sessions.get(controllerId));
    }

    /**
     * Stops listening, closes every session with 1001 (waiting up to two seconds for that), closes every other
     * connection, and stops the loop if it is its own.
     */
    @Override
    public synchronized void close() {
        if (serverChannel == null) {
            return;
        }
        serverChannel.close().syncUninterruptibly();
        List<ChannelFuture> closing = new ArrayList<>();
        for (SessionHandler session : connections) {
            closing.add(session.channel.closeFuture());
            session.fire(new WebSocketSession.Stop());
        }
        // The loop's shutdown closes channels before it runs queued tasks: let the Close frames out first.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        for (ChannelFuture future : closing) {
            future.awaitUninterruptibly(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
        accepted.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        if (sharedGroup == null) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
        serverChannel = null;
        LOG.info("[usp ws] stopped");
    }

    /** Decides the upgrade, then swaps itself for the session handler. */
    private final class UpgradeHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            if (!request.decoderResult().isSuccess()) {
                refuse(ctx, HttpResponseStatus.BAD_REQUEST, "not an HTTP request");
                return;
            }
            if (!request.headers().containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true)) {
                refuse(ctx, HttpResponseStatus.UPGRADE_REQUIRED, "a USP WebSocket upgrade is expected");
                return;
            }
            WebSocketHandshake.Decision decision = WebSocketHandshake.decide(request.uri(),
                    request.headers().getAll(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL),
                    request.headers().getAll(HttpHeaderNames.SEC_WEBSOCKET_EXTENSIONS), config.path());
            if (decision instanceof WebSocketHandshake.Refuse refusal) {
                LOG.debug("[usp ws {}] upgrade refused: {}", ctx.channel().remoteAddress(), refusal.reason());
                refuse(ctx, HttpResponseStatus.valueOf(refusal.httpStatus()), refusal.reason());
                return;
            }
            WebSocketHandshake.Accept accept = (WebSocketHandshake.Accept) decision;
            Channel channel = ctx.channel();
            Optional<Set<String>> certified = certifiedIds(channel);
            if (certified.isEmpty() && authenticator.isPresent()) {
                // The secret, not the eid the peer claims, names the Controller: the session then treats it like a
                // certificate naming one Endpoint ID (an eid or from_id of anyone else is refused).
                Optional<String> controller = WebSocketHandshake.bearerToken(
                        request.headers().getAll(HttpHeaderNames.AUTHORIZATION))
                        .flatMap(authenticator.get()::controllerFor);
                if (controller.isEmpty()) {
                    LOG.debug("[usp ws {}] upgrade refused: no valid Controller secret", channel.remoteAddress());
                    refuse(ctx, HttpResponseStatus.UNAUTHORIZED, "a Controller secret is required"
                            + " (Authorization: Bearer)");
                    return;
                }
                certified = Optional.of(Set.of(controller.get()));
            }
            Optional<Set<String>> vouchedFor = certified;
            WebSocketDecoderConfig decoderConfig = WebSocketDecoderConfig.newBuilder()
                    .maxFramePayloadLength(config.maxMessageSize()).allowExtensions(false)
                    // We send the Close ourselves (exceptionCaught), then close the connection gracefully.
                    .closeOnProtocolViolation(false).build();
            String scheme = sslContext == null ? "ws://" : "wss://";
            WebSocketServerHandshaker handshaker = new WebSocketServerHandshakerFactory(
                    scheme + request.headers().get(HttpHeaderNames.HOST, "localhost") + config.path(),
                    accept.subprotocol(), decoderConfig).newHandshaker(request);
            if (handshaker == null) {
                // Not version 13: 426 with the version this server speaks (RFC 6455 4.4).
                WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ctx.channel())
                        .addListener(ChannelFutureListener.CLOSE);
                return;
            }
            ChannelFuture handshake;
            try {
                handshake = handshaker.handshake(channel, request);
            } catch (WebSocketServerHandshakeException e) {
                // E.g. no Sec-WebSocket-Key: not a valid opening handshake (RFC 6455 4.2.1).
                refuse(ctx, HttpResponseStatus.BAD_REQUEST, e.getMessage());
                return;
            }
            handshake.addListener((ChannelFutureListener) done -> {
                if (!done.isSuccess()) {
                    LOG.debug("[usp ws {}] handshake failed", channel.remoteAddress(), done.cause());
                    channel.close();
                    return;
                }
                SessionHandler session = new SessionHandler(channel);
                connections.add(session);
                channel.pipeline().addLast(new WebSocketFrameAggregator(config.maxMessageSize()), session);
                channel.pipeline().remove(UpgradeHandler.this);
                session.open(accept.controllerId(), vouchedFor);
            });
        }

        private void refuse(ChannelHandlerContext ctx, HttpResponseStatus status, String reason) {
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                    Unpooled.copiedBuffer(reason + "\n", StandardCharsets.UTF_8));
            if (status.equals(HttpResponseStatus.UNAUTHORIZED)) {
                response.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"usp\"");
            }
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes())
                    .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // A failed TLS handshake (no or an untrusted client certificate) lands here too: the SslHandler has
            // already sent its alert.
            LOG.debug("[usp ws {}] closing before the session: {}", ctx.channel().remoteAddress(), cause.toString());
            ctx.close();
        }
    }

    /** One connection's {@link WebSocketSession}, fed with frames and timer ticks on the channel's event loop. */
    private final class SessionHandler extends SimpleChannelInboundHandler<WebSocketFrame> implements WebSocketPeer {
        private final Channel channel;
        private final WebSocketSession session = new WebSocketSession(agentEndpointId, codec);
        private ScheduledFuture<?> keepAlive;
        private volatile String controllerId = "";

        SessionHandler(Channel channel) {
            this.channel = channel;
        }

        @Override
        public String controllerId() {
            return controllerId;
        }

        @Override
        public void send(Bytes record) {
            fire(new WebSocketSession.Send(record));
        }

        /** Starts the session and its keep-alive Pings (R-WS.17); on the event loop. */
        void open(Optional<String> requestedController, Optional<Set<String>> certifiedIds) {
            fire(new WebSocketSession.Opened(requestedController, certifiedIds));
            if (session.state() == WebSocketSession.State.CLOSED) {
                return; // refused at once (R-SEC.0a): no keep-alive timer to leak
            }
            long millis = config.keepAlive().toMillis();
            keepAlive = channel.eventLoop().scheduleAtFixedRate(() -> fire(new WebSocketSession.PingDue()),
                    millis, millis, TimeUnit.MILLISECONDS);
        }

        /** Runs an event on the channel's event loop and carries out the resulting actions. */
        void fire(WebSocketSession.Event event) {
            if (!channel.eventLoop().inEventLoop()) {
                channel.eventLoop().execute(() -> fire(event));
                return;
            }
            for (WebSocketSession.Action action : session.on(event).actions()) {
                act(action);
            }
        }

        private void act(WebSocketSession.Action action) {
            if (action instanceof WebSocketSession.Identified identified) {
                controllerId = identified.controllerId();
                LOG.debug("[usp ws {}] session of {} open", channel.remoteAddress(), controllerId);
                SessionHandler older = sessions.put(controllerId, this);
                if (older != null && older != this) {
                    older.fire(new WebSocketSession.Replaced());
                }
            } else if (action instanceof WebSocketSession.SendRecord send) {
                // The Record's own array, not a copy: netty's frame encoder only reads it.
                channel.writeAndFlush(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(send.record().readOnlyArray())));
            } else if (action instanceof WebSocketSession.Deliver deliver) {
                listenerExecutor.execute(() -> listener.onRecord(this, deliver.record()));
            } else if (action instanceof WebSocketSession.SendPong pong) {
                channel.writeAndFlush(new PongWebSocketFrame(Unpooled.wrappedBuffer(pong.data().toByteArray())));
            } else if (action instanceof WebSocketSession.SendPing) {
                channel.writeAndFlush(new PingWebSocketFrame());
            } else if (action instanceof WebSocketSession.SendClose close) {
                if (close.statusCode() == WebSocketSession.POLICY_VIOLATION) {
                    LOG.warn("[usp ws {}] refused: {}", channel.remoteAddress(), close.reason());
                }
                LOG.debug("[usp ws {}] closing with {} {}", peerTag(), close.statusCode(), close.reason());
                closeWith(close.statusCode(), close.reason());
            } else if (action instanceof WebSocketSession.Abort abort) {
                LOG.debug("[usp ws {}] dropping the connection: {}", peerTag(), abort.reason());
                channel.close();
            } else if (action instanceof WebSocketSession.Ended ended) {
                if (keepAlive != null) {
                    keepAlive.cancel(false);
                }
                ended.controllerId().ifPresent(id -> sessions.remove(id, this));
                connections.remove(this);
            } else if (action instanceof WebSocketSession.Rejected rejected) {
                LOG.warn("[usp ws {}] Record not processed (R-SEC.0a): {}", peerTag(), rejected.reason());
            } else if (action instanceof WebSocketSession.Dropped dropped) {
                LOG.debug("[usp ws {}] {}", peerTag(), dropped.reason());
            }
        }

        /**
         * Sends a Close frame and ends the connection. Closing the socket at once while the peer is still sending (an
         * oversized message, garbage) would make the kernel answer with a reset, and the peer could lose our Close
         * frame with it (RFC 6455 7.1.1: the TCP close should follow the closing handshake). So after an error Close
         * we only shut our output down, keep reading (and discarding: the session is closed, the decoder skips a
         * corrupt stream) until the peer closes, and close ourselves after {@link #LINGER} at the latest. Going Away
         * at stop closes at once: the peer is not in the middle of a message then, and the stop has a deadline.
         */
        private void closeWith(int statusCode, String reason) {
            ChannelFuture written = channel.writeAndFlush(new CloseWebSocketFrame(statusCode, reason));
            if (statusCode == WebSocketSession.GOING_AWAY || !(channel instanceof DuplexChannel duplex)) {
                written.addListener(ChannelFutureListener.CLOSE);
                return;
            }
            written.addListener((ChannelFutureListener) done -> {
                if (!done.isSuccess()) {
                    channel.close();
                    return;
                }
                duplex.shutdownOutput();
                channel.eventLoop().schedule(() -> channel.close(), LINGER.toMillis(), TimeUnit.MILLISECONDS);
            });
        }

        private String peerTag() {
            return controllerId.isEmpty() ? String.valueOf(channel.remoteAddress()) : controllerId;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
            if (frame instanceof BinaryWebSocketFrame binary) {
                fire(new WebSocketSession.BinaryMessage(Bytes.of(ByteBufUtil.getBytes(binary.content()))));
            } else if (frame instanceof TextWebSocketFrame) {
                fire(new WebSocketSession.TextMessage());
            } else if (frame instanceof PingWebSocketFrame ping) {
                fire(new WebSocketSession.Ping(Bytes.of(ByteBufUtil.getBytes(ping.content()))));
            } else if (frame instanceof PongWebSocketFrame) {
                fire(new WebSocketSession.Pong());
            } else if (frame instanceof CloseWebSocketFrame close) {
                int status = close.statusCode();
                fire(new WebSocketSession.CloseReceived(status < 0 ? Optional.empty() : Optional.of(status)));
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            fire(new WebSocketSession.ChannelClosed());
            ctx.fireChannelInactive();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (cause instanceof TooLongFrameException || cause instanceof CorruptedWebSocketFrameException corrupt
                    && corrupt.closeStatus().code() == WebSocketSession.MESSAGE_TOO_BIG) {
                fire(new WebSocketSession.TooBig());
                return;
            }
            if (cause instanceof CorruptedWebSocketFrameException corrupt) {
                // A protocol violation the frame decoder found (RFC 6455 7.4.1 status it names, e.g. 1002).
                LOG.debug("[usp ws {}] protocol violation: {}", peerTag(), corrupt.getMessage());
                fire(new WebSocketSession.ChannelClosed());
                closeWith(corrupt.closeStatus().code(), corrupt.closeStatus().reasonText());
                return;
            }
            LOG.debug("[usp ws {}] connection failed: {}", peerTag(), cause.toString());
            ctx.close();
        }
    }
}
