package org.cpebridge.console;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.cpebridge.core.config.Config;
import org.cpebridge.core.config.ConfigSchema;
import org.cpebridge.core.event.EventBus;
import org.cpebridge.core.registry.CommandRouter;
import org.cpebridge.core.registry.DeviceRegistry;
import org.cpebridge.core.spi.FaceContext;
import org.cpebridge.core.spi.FacePorts;
import org.cpebridge.core.spi.ServiceControl;
import org.cpebridge.core.store.DurableStore;
import org.cpebridge.core.store.FileDurableStore;
import org.cpebridge.core.time.ExecutorScheduler;
import org.cpebridge.core.time.Scheduler;

/** A real core for the console's tests: file store in a temp directory, event bus, registry, real workers. */
final class ConsoleTestContext implements FaceContext, AutoCloseable {
    final ExecutorService workers = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "console-test-worker");
        t.setDaemon(true);
        return t;
    });
    final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
    final FileDurableStore store;
    final EventBus events = new EventBus(workers);
    final DeviceRegistry registry;
    final Config config;
    final FacePorts ports = new FacePorts();
    private final Scheduler scheduler = new ExecutorScheduler(timers);
    /** The core's router; tests attach their adapters (the console uses it for permit-join). */
    final CommandRouter commands;

    ConsoleTestContext(Path dataDir, Map<String, String> settings) {
        store = new FileDurableStore(dataDir);
        registry = new DeviceRegistry(events, Clock.systemUTC(), store);
        commands = new CommandRouter(registry, scheduler, java.time.Duration.ofSeconds(5));
        Config.Builder builder = Config.builder(new ConfigSchema().addAll(WebSettings.keys()));
        builder.set("web.listen", "127.0.0.1:0", "test");
        // The KDF's minimum: the tests check the hash, not the machine's speed.
        builder.set("web.passwordIterations", "100000", "test");
        settings.forEach((k, v) -> builder.set(k, v, "test"));
        config = builder.build();
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
        return Clock.systemUTC();
    }

    @Override
    public Scheduler scheduler() {
        return scheduler;
    }

    @Override
    public Executor executor() {
        return workers;
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
            }

            @Override
            public void requestFactoryReset(String reason) {
            }

            @Override
            public BridgeInfo bridgeInfo() {
                return new BridgeInfo("cpe-bridge", "test", "TEST-1", "0", Instant.now());
            }
        };
    }

    @Override
    public void showToUser(String text) {
    }

    @Override
    public FacePorts ports() {
        return ports;
    }

    @Override
    public void close() {
        workers.shutdownNow();
        timers.shutdownNow();
    }
}
