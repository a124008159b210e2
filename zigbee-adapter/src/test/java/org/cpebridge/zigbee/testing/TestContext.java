package org.cpebridge.zigbee.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.cpebridge.core.config.Config;
import org.cpebridge.core.config.ConfigSchema;
import org.cpebridge.core.event.DeviceEvent;
import org.cpebridge.core.event.EventBus;
import org.cpebridge.core.registry.DeviceRegistry;
import org.cpebridge.core.spi.AdapterContext;
import org.cpebridge.core.spi.AdapterStatus;
import org.cpebridge.core.store.DurableStore;
import org.cpebridge.core.store.FileDurableStore;
import org.cpebridge.core.time.ExecutorScheduler;
import org.cpebridge.core.time.Scheduler;
import org.cpebridge.zigbee.ZigbeeSettings;
import org.cpebridge.zigbee.sim.Z2mSimulator;

/** A real core (registry, event bus, file store, scheduler) for adapter integration tests. */
public final class TestContext implements AdapterContext, AutoCloseable {

    private final ExecutorService pool = Executors.newFixedThreadPool(4);
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
    private final EventBus events = new EventBus(pool);
    private final DurableStore store;
    private final DeviceRegistry registry;
    private final Scheduler scheduler;
    private final Config config;
    public final List<AdapterStatus> statuses = new CopyOnWriteArrayList<>();
    public final List<DeviceEvent> received = new CopyOnWriteArrayList<>();

    public TestContext(Consumer<Config.Builder> settings) throws Exception {
        this(settings, null);
    }

    /** @param scheduler a scheduler to use (a ManualScheduler in unit tests), or null for a real one */
    public TestContext(Consumer<Config.Builder> settings, Scheduler scheduler) throws Exception {
        this.scheduler = scheduler != null ? scheduler : new ExecutorScheduler(timers);
        Path dir = Files.createTempDirectory("zigbee-it");
        store = new FileDurableStore(dir);
        registry = new DeviceRegistry(events, Clock.systemUTC(), store);
        // The adapter's keys and the simulator's, as bridge-service's schema has them.
        ConfigSchema schema = new ConfigSchema().addAll(ZigbeeSettings.KEYS).add(Z2mSimulator.DEVICES);
        Config.Builder builder = Config.builder(schema);
        settings.accept(builder);
        config = builder.build();
        events.subscribe("test", received::add);
    }

    @Override
    public String adapterId() {
        return "zigbee";
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
    public java.util.concurrent.Executor executor() {
        return pool;
    }

    @Override
    public Config config() {
        return config;
    }

    @Override
    public void reportStatus(AdapterStatus status) {
        statuses.add(status);
    }

    @Override
    public void close() throws InterruptedException {
        timers.shutdownNow();
        pool.shutdownNow();
        pool.awaitTermination(5, TimeUnit.SECONDS);
    }
}
