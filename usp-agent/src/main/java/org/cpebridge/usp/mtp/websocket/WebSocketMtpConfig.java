package org.cpebridge.usp.mtp.websocket;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Settings of the agent's WebSocket server MTP ({@code LocalAgent.MTP.{i}.WebSocket.}).
 *
 * @param listen         address and port to listen on (port 0: any free port)
 * @param path           the resource path Controllers open (R-WS.2), starting with {@code /}
 * @param keepAlive      how often the agent pings (R-WS.17, R-WS.18, {@code KeepAliveInterval})
 * @param maxMessageSize the largest message, after joining fragments, the agent takes
 * @param tls            TLS settings ({@code wss}), or empty for plain {@code ws}
 */
public record WebSocketMtpConfig(InetSocketAddress listen, String path, Duration keepAlive, int maxMessageSize,
        Optional<WebSocketTls> tls) {
    public WebSocketMtpConfig {
        Objects.requireNonNull(listen, "listen");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(path, "path");
        if (!path.startsWith("/") || path.indexOf('?') >= 0 || path.indexOf('#') >= 0) {
            throw new IllegalArgumentException("path must start with / and carry no query: " + path);
        }
        if (keepAlive.isNegative() || keepAlive.isZero()) {
            throw new IllegalArgumentException("keep-alive must be positive: " + keepAlive);
        }
        if (maxMessageSize < 1024) {
            throw new IllegalArgumentException("max message size below 1024: " + maxMessageSize);
        }
    }

    /** Plain {@code ws}, without TLS. */
    public WebSocketMtpConfig(InetSocketAddress listen, String path, Duration keepAlive, int maxMessageSize) {
        this(listen, path, keepAlive, maxMessageSize, Optional.empty());
    }
}
