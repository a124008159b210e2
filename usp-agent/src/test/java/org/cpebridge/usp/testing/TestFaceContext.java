package org.cpebridge.usp.testing;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicReference;
import org.cpebridge.core.config.Config;
import org.cpebridge.core.config.ConfigSchema;
import org.cpebridge.core.event.EventBus;
import org.cpebridge.core.registry.CommandRouter;
import org.cpebridge.core.registry.DeviceRegistry;
import org.cpebridge.core.spi.FaceContext;
import org.cpebridge.core.spi.ServiceControl;
import org.cpebridge.core.store.DurableStore;
import org.cpebridge.core.store.FileDurableStore;
import org.cpebridge.core.time.ExecutorScheduler;
import org.cpebridge.core.time.Scheduler;
import org.cpebridge.core.time.TimeReading;
import org.cpebridge.core.time.TimeServerStatus;
import org.cpebridge.core.time.TimeSource;
import org.cpebridge.usp.agent.UspSettings;

/**
 * A real core for the USP integration tests: file store in a temp directory, event bus, registry, command router
 * with the {@link FakeAdapter} attached as "zigbee" and "dect", real timers and workers. {@link #close} stops them.
 */
public final class TestFaceContext implements FaceContext, AutoCloseable {
    public final ExecutorService workers = Executors.newFixedThreadPool(4, daemon("usp-test-worker"));
    public final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(daemon("usp-test-timer"));
    public final FileDurableStore store;
    public final EventBus events = new EventBus(workers);
    public final DeviceRegistry registry;
    public final CommandRouter commands;
    public final FakeAdapter adapter;
    public final Config config;
    public final List<String> restarts = new CopyOnWriteArrayList<>();
    /** Runs on each restart request, after it is recorded (a test may act as the service's main thread here). */
    public volatile Runnable onRestart = () -> { };
    // While set, every task given to executor() waits for it before running (workers all busy elsewhere).
    private volatile java.util.concurrent.CountDownLatch workersHeld;
    private final Scheduler scheduler = new ExecutorScheduler(timers);
    private final Instant startedAt = Instant.now();
    /** Armed by a test: the next reading of the face's clock throws it (a provider failing inside a handler). */
    public final AtomicReference<Throwable> clockFault = new AtomicReference<>();
    private final Clock clock = new FaultyClock();
    /**
     * Set by a test: what the face's clock says about its trust and servers (as secure-time's source would through the
     * service's pluggable clock); unset, the clock is the unverified system clock with no servers.
     */
    public final AtomicReference<TimeSource> timeSource = new AtomicReference<>();

    public TestFaceContext(Path dataDir, Map<String, String> settings) {
        this(dataDir, settings, Clock.systemUTC());
    }

    /** As above, with the registry's clock (the times of device states) given: a test that needs them fixed. */
    public TestFaceContext(Path dataDir, Map<String, String> settings, Clock registryClock) {
        store = new FileDurableStore(dataDir);
        registry = new DeviceRegistry(events, registryClock, store);
        commands = new CommandRouter(registry, scheduler, Duration.ofSeconds(10));
        adapter = new FakeAdapter(registry);
        commands.attach("zigbee", adapter);
        commands.attach("dect", adapter);
        Config.Builder builder = Config.builder(new ConfigSchema().addAll(UspSettings.keys()));
        settings.forEach((k, v) -> builder.set(k, v, "test"));
        config = builder.build();
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    @Override
    public DeviceRegistry registry() {
        return registry;
    }

    @Override
    public EventBus events() {
        return events;
    }

    @Override
    public CommandRouter commands() {
        return commands;
    }

    @Override
    public DurableStore store() {
        return store;
    }

    @Override
    public Clock clock() {
        return clock;
    }

    /**
     * The system clock, except that it throws {@link #clockFault} once when one is armed; a time source like the
     * service's pluggable clock, reading {@link #timeSource} when a test set one.
     */
    private final class FaultyClock extends Clock implements TimeSource {
        @Override
        public TimeReading read() {
            TimeSource source = timeSource.get();
            return source != null ? source.read()
                    : new TimeReading(instant(), TimeReading.Trust.UNVERIFIED, Duration.ZERO);
        }

        @Override
        public List<TimeServerStatus> servers() {
            TimeSource source = timeSource.get();
            return source != null ? source.servers() : List.of();
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException("the test clock stays in UTC");
        }

        @Override
        public Instant instant() {
            Throwable fault = clockFault.getAndSet(null);
            if (fault instanceof RuntimeException e) {
                throw e;
            }
            if (fault instanceof Error e) {
                throw e;
            }
            return Instant.now();
        }
    }

    @Override
    public Scheduler scheduler() {
        return scheduler;
    }

    @Override
    public Executor executor() {
        return task -> workers.execute(() -> {
            java.util.concurrent.CountDownLatch held = workersHeld;
            if (held != null) {
                try {
                    held.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            task.run();
        });
    }

    /** Tasks given to {@link #executor()} from now on wait until {@link #releaseWorkers()}. */
    public void holdWorkers() {
        workersHeld = new java.util.concurrent.CountDownLatch(1);
    }

    /** Lets the held tasks and all later ones run. */
    public void releaseWorkers() {
        java.util.concurrent.CountDownLatch held = workersHeld;
        workersHeld = null;
        if (held != null) {
            held.countDown();
        }
    }

    @Override
    public Config config() {
        return config;
    }

    @Override
    public ServiceControl serviceControl() {
        return new ServiceControl() {
            @Override
            public void requestRestart(String reason) {
                restarts.add("restart: " + reason);
                onRestart.run();
            }

            @Override
            public void requestFactoryReset(String reason) {
                restarts.add("factory reset: " + reason);
            }

            @Override
            public BridgeInfo bridgeInfo() {
                return new BridgeInfo("cpe-bridge project", "cpe-bridge test", "CPEB-TEST0001", "0.1.0-test",
                        startedAt);
            }
        };
    }

    @Override
    public void showToUser(String text) {
        // Not shown anywhere in tests.
    }

    @Override
    public void close() {
        timers.shutdownNow();
        workers.shutdownNow();
    }
}
