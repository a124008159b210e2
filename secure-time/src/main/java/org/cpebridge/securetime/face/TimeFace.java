package org.cpebridge.securetime.face;

import java.io.IOException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.cpebridge.core.config.Config;
import org.cpebridge.core.spi.Face;
import org.cpebridge.core.spi.FaceContext;
import org.cpebridge.core.store.FileDurableStore;
import org.cpebridge.core.time.PluggableClock;
import org.cpebridge.core.time.Scheduler;
import org.cpebridge.core.time.TimeReading;
import org.cpebridge.securetime.client.RoughtimeClient;
import org.cpebridge.securetime.client.SecureClock;
import org.cpebridge.securetime.client.SecureTimeSync;
import org.cpebridge.securetime.crypto.Ed25519;
import org.cpebridge.securetime.server.LongTermKeyFile;
import org.cpebridge.securetime.server.RateLimiter;
import org.cpebridge.securetime.server.Responder;
import org.cpebridge.securetime.server.RotatingDelegation;
import org.cpebridge.securetime.server.RoughtimeServer;
import org.cpebridge.securetime.server.ServerTime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Secure time in the running bridge: plugs a {@link SecureClock} into the service's clock, runs the Roughtime
 * client on its own thread ({@code secure-time-client}: a sync blocks on UDP for seconds) when enabled, and the
 * Roughtime server ({@code secure-time-server}) when enabled. Started and closed by the service's main thread.
 */
final class TimeFace implements Face {

    static final String DEFAULT_KEY_FILE = "time/server-longterm.key";
    private static final Logger LOG = LoggerFactory.getLogger(TimeFace.class);

    private final FaceContext context;
    private final Clock localClock;
    private final Config config;
    private SecureClock secureClock;
    private SecureTimeSync sync;
    private ExecutorService clientThread;
    private volatile Scheduler.Cancellable nextSync;
    private volatile boolean closed;
    private RoughtimeServer server;

    TimeFace(FaceContext context, Clock localClock) {
        this.context = context;
        this.localClock = localClock;
        this.config = context.config();
    }

    @Override
    public void start() throws Exception {
        secureClock = new SecureClock(localClock, System::nanoTime, context.store());
        if (context.clock() instanceof PluggableClock pluggable) {
            pluggable.plug(secureClock);
        } else {
            LOG.warn("[time] the service's clock is not pluggable: secure time is not used by the other components");
        }
        TimeReading reading = secureClock.read();
        if (reading.trust() == TimeReading.Trust.LAST_KNOWN_GOOD) {
            LOG.warn("[time] secure time not known yet: the bridge's clock is the system clock, never earlier than "
                    + "the last known good time {} (now reads {})", secureClock.lastKnownGood().orElseThrow(),
                    reading.utc());
        } else {
            LOG.warn("[time] secure time not known yet and no last known good time: the bridge's clock is the "
                    + "unverified system clock ({})", reading.utc());
        }
        if (config.get(TimeKeys.CLIENT_ENABLED)) {
            startClient();
        } else {
            LOG.info("[time] Roughtime client disabled (time.client.enabled=false)");
        }
        if (config.get(TimeKeys.SERVER_ENABLED)) {
            startServer();
        }
    }

    /** The bridge's time source while this face runs. */
    SecureClock secureClock() {
        return secureClock;
    }

    /** The last synchronisation's report, if one ran. */
    Optional<SecureTimeSync.Report> lastReport() {
        return sync == null ? Optional.empty() : sync.lastReport();
    }

    /** The running server, if enabled. */
    Optional<RoughtimeServer> server() {
        return Optional.ofNullable(server);
    }

    private void startClient() {
        RoughtimeClient client = new RoughtimeClient(localClock, new SecureRandom(),
                config.get(TimeKeys.CLIENT_TIMEOUT), 2);
        sync = new SecureTimeSync(config.get(TimeKeys.CLIENT_SERVERS), config.get(TimeKeys.CLIENT_QUORUM), client,
                secureClock, context.store(), localClock);
        secureClock.serversChecked(SecureTimeSync.notAsked(config.get(TimeKeys.CLIENT_SERVERS)));
        clientThread = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "secure-time-client");
            thread.setDaemon(true);
            return thread;
        });
        LOG.info("[time] Roughtime client asks {} servers, needs {} agreeing", config.get(TimeKeys.CLIENT_SERVERS)
                .size(), config.get(TimeKeys.CLIENT_QUORUM));
        scheduleSync(Duration.ZERO);
    }

    private void scheduleSync(Duration delay) {
        if (closed) {
            return;
        }
        nextSync = context.scheduler().schedule(delay, () -> clientThread.execute(this::syncOnce));
    }

    private void syncOnce() {
        if (closed) {
            return;
        }
        Duration next = config.get(TimeKeys.CLIENT_RETRY);
        try {
            if (sync.run().secured()) {
                next = config.get(TimeKeys.CLIENT_INTERVAL);
            }
        } catch (RuntimeException e) {
            LOG.warn("[time] synchronisation failed", e);
        }
        scheduleSync(next);
    }

    private void startServer() throws IOException {
        Path keyFile = keyFile();
        SecureRandom random = new SecureRandom();
        KeyPair longTerm = LongTermKeyFile.loadOrCreate(keyFile, random);
        server = RoughtimeServer.start(config.get(TimeKeys.SERVER_LISTEN),
                new Responder(Ed25519.rawPublic(longTerm.getPublic())),
                new RotatingDelegation(longTerm.getPrivate(), config.get(TimeKeys.SERVER_DELEGATION), random),
                () -> ServerTime.from(secureClock),
                new RateLimiter(config.get(TimeKeys.SERVER_RATE), config.get(TimeKeys.SERVER_BURST), 4096,
                        System::nanoTime),
                config.get(TimeKeys.SERVER_MAX_BATCH));
        // The public key is what devices pin; it is not secret.
        LOG.info("[time-server] long-term public key (pin it on the home's devices): {}",
                Ed25519.rawPublic(longTerm.getPublic()).toBase64());
        if (!config.get(TimeKeys.CLIENT_ENABLED)) {
            LOG.warn("[time-server] time.client.enabled is false: the server stays silent until the bridge's time "
                    + "is secured, which without the client never happens");
        }
    }

    private Path keyFile() {
        Optional<String> configured = config.find(TimeKeys.SERVER_KEY_FILE);
        if (configured.isPresent()) {
            return Path.of(configured.get());
        }
        if (context.store() instanceof FileDurableStore files) {
            return files.root().resolve(DEFAULT_KEY_FILE);
        }
        throw new IllegalStateException("set time.server.keyFile: the store has no data directory to keep the key");
    }

    @Override
    public void close() {
        closed = true;
        Scheduler.Cancellable pending = nextSync;
        if (pending != null) {
            pending.cancel();
        }
        if (clientThread != null) {
            clientThread.shutdownNow();
            try {
                clientThread.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (server != null) {
            server.close();
        }
    }
}
