package org.cpebridge.console;

import java.net.InetSocketAddress;
import java.security.SecureRandom;
import org.cpebridge.console.auth.LoginThrottle;
import org.cpebridge.console.auth.PasswordStore;
import org.cpebridge.console.auth.Sessions;
import org.cpebridge.console.http.HttpServer;
import org.cpebridge.core.config.Config;
import org.cpebridge.core.event.Subscription;
import org.cpebridge.core.spi.Face;
import org.cpebridge.core.spi.FaceContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The household web console face: an HTTP server on {@code web.listen} with the login, pairing and devices pages,
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
        if (listen.fallback()) {
            LOG.info("[web] no interface '{}' (key '{}'): the console listens on {} only",
                    config.get(WebSettings.LISTEN).getHostString(), WebSettings.LISTEN.name(), listen.address());
        }
        passwords = new PasswordStore(context.store(), config.get(WebSettings.PASSWORD_ITERATIONS), random);
        Sessions sessions = new Sessions(context.clock(), config.get(WebSettings.SESSION_IDLE), random);
        ConsoleRoutes routes = new ConsoleRoutes(context.registry(), context.ports(), passwords, sessions,
                new LoginThrottle(context.clock()), context.clock());
        live = new LiveDevices(context.registry(), sessions);
        subscription = context.events().subscribe("web-console", live::onEvent);
        server = new HttpServer(listen.address(), config.get(WebSettings.REQUEST_TIMEOUT), context.executor(),
                routes::handle, (request, stream) -> live.add(stream,
                        request.cookie(ConsoleRoutes.SESSION_COOKIE).orElse("")));
        server.useSharedEventLoop(context.ports());
        try {
            server.start();
        } catch (RuntimeException e) {
            subscription.close();
            throw new IllegalStateException("cannot start the web console on " + listen.address() + " (key '"
                    + WebSettings.LISTEN.name() + "'): " + e, e);
        }
        LOG.info("[web] console on http://{}:{}/{}", server.localAddress().getAddress().getHostAddress(),
                server.localAddress().getPort(),
                passwords.isSet() ? "" : " (no password yet: the first visit sets it)");
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
