package org.cpebridge.console;

import java.net.InetSocketAddress;
import java.security.SecureRandom;
import org.cpebridge.console.auth.LoginThrottle;
import org.cpebridge.console.auth.PasswordStore;
import org.cpebridge.console.auth.Sessions;
import org.cpebridge.console.http.HttpServer;
import org.cpebridge.console.http.HttpsContext;
import org.cpebridge.core.config.Config;
import org.cpebridge.core.event.Subscription;
import org.cpebridge.core.spi.Face;
import org.cpebridge.core.spi.FaceContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The household web console face: an HTTP server (HTTPS with {@code web.tls.*}) on {@code web.listen} with the login, pairing and devices pages,
 * live device state over server-sent events. It reads the core model, renames through the core registry (so the
 * name reaches Matter and USP), and reaches the Matter face only through the core's {@code Pairing} port.
 *
 * <p>Started and closed by the service's main thread; requests run on the bridge's workers (see
 * {@link HttpServer}).
 */
public final class WebConsole implements Face {

    private static final Logger LOG = LoggerFactory.getLogger(WebConsole.class);

    private final FaceContext context;
    private final SecureRandom random;
    private HttpServer server;
    private Subscription subscription;
    private LiveDevices live;
    private PasswordStore passwords;

    public WebConsole(FaceContext context, SecureRandom random) {
        this.context = context;
        this.random = random;
    }

    @Override
    public void start() {
        Config config = context.config();
        ListenAddress listen = ListenAddress.resolve(config.get(WebSettings.LISTEN));
        HttpsContext https = https(config);
        if (listen.fallback()) {
            LOG.info("[web] no interface '{}' (key '{}'): the console listens on {} only",
                    config.get(WebSettings.LISTEN).getHostString(), WebSettings.LISTEN.name(), listen.address());
        }
        passwords = new PasswordStore(context.store(), config.get(WebSettings.PASSWORD_ITERATIONS), random);
        Sessions sessions = new Sessions(context.clock(), config.get(WebSettings.SESSION_IDLE), random);
        ConsoleRoutes routes = new ConsoleRoutes(context.registry(), context.commands(), context.ports(), passwords,
                sessions, new LoginThrottle(context.clock()), context.clock());
        live = new LiveDevices(context.registry(), sessions);
        subscription = context.events().subscribe("web-console", live::onEvent);
        server = new HttpServer(listen.address(), config.get(WebSettings.REQUEST_TIMEOUT), context.executor(),
                routes::handle, (request, stream) -> live.add(stream,
                        request.cookie(ConsoleRoutes.SESSION_COOKIE).orElse("")));
        if (https != null) {
            server.useTls(https);
        }
        server.useSharedEventLoop(context.ports());
        try {
            server.start();
        } catch (RuntimeException e) {
            subscription.close();
            throw new IllegalStateException("cannot start the web console on " + listen.address() + " (key '"
                    + WebSettings.LISTEN.name() + "'): " + e, e);
        }
        LOG.info("[web] console on {}://{}:{}/{}", server.secure() ? "https" : "http",
                server.localAddress().getAddress().getHostAddress(),
                server.localAddress().getPort(),
                passwords.isSet() ? "" : " (no password yet: the first visit sets it)");
    }

    /**
     * HTTPS from {@code web.tls.certFile} and {@code web.tls.keyFile}, or null (plain HTTP) when neither is set. One
     * without the other, or a file that is no PEM certificate or key, stops the start naming the key: never a silent
     * fall-back to plain HTTP.
     */
    private static HttpsContext https(Config config) {
        java.util.Optional<String> cert = config.find(WebSettings.TLS_CERT_FILE).filter(s -> !s.isBlank());
        java.util.Optional<String> key = config.find(WebSettings.TLS_KEY_FILE).filter(s -> !s.isBlank());
        if (cert.isEmpty() && key.isEmpty()) {
            return null;
        }
        if (cert.isEmpty() || key.isEmpty()) {
            throw new IllegalStateException(WebSettings.TLS_CERT_FILE.name() + " and " + WebSettings.TLS_KEY_FILE.name()
                    + " go together: set both for HTTPS, or neither");
        }
        try {
            return HttpsContext.fromPem(java.nio.file.Path.of(cert.get()), java.nio.file.Path.of(key.get()));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("web console TLS (keys '" + WebSettings.TLS_CERT_FILE.name() + "', '"
                    + WebSettings.TLS_KEY_FILE.name() + "'): " + e.getMessage(), e);
        }
    }

    /** Where the console listens (after {@link #start}); tests read the port. */
    public InetSocketAddress localAddress() {
        return server.localAddress();
    }

    /** Event streams open now (tests). */
    int openStreams() {
        return live.openStreams();
    }

    @Override
    public void close() {
        if (subscription != null) {
            subscription.close();
        }
        if (live != null) {
            live.closeAll();
        }
        if (server != null) {
            server.close();
        }
    }
}
