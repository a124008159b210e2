package org.cpebridge.dect;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Executor;

import org.cpebridge.core.config.Config;
import org.cpebridge.core.config.ConfigSchema;
import org.cpebridge.core.event.DeviceEvent;
import org.cpebridge.core.event.EventBus;
import org.cpebridge.core.registry.DeviceRegistry;
import org.cpebridge.core.spi.AdapterContext;
import org.cpebridge.core.spi.AdapterStatus;
import org.cpebridge.core.store.DurableStore;
import org.cpebridge.core.store.StoredRecord;
import org.cpebridge.core.testing.ManualClock;
import org.cpebridge.core.testing.ManualScheduler;
import org.cpebridge.core.time.Scheduler;

/** An adapter context of in-memory parts; with a direct executor everything runs in lockstep on the test thread. */
final class TestContext implements AdapterContext {
    final ManualClock clock = new ManualClock();
    final ManualScheduler scheduler = new ManualScheduler(clock);
    final MemoryStore store;
    final EventBus events;
    final DeviceRegistry registry;
    final Executor executor;
    final Config config;
    final List<AdapterStatus> statuses = new ArrayList<>();
    final List<DeviceEvent> received = new ArrayList<>();

    TestContext(Executor executor, MemoryStore store, String... settings) {
        this.executor = executor;
        this.store = store;
        this.events = new EventBus(Runnable::run);
        this.registry = new DeviceRegistry(events, clock, store);
        events.subscribe("test", event -> {
            synchronized (received) {
                received.add(event);
            }
        });
        // The factory's keys: with the simulator module on the class path (its tests), its keys too.
        Config.Builder builder = Config.builder(new ConfigSchema().addAll(new DectAdapterFactory().configKeys()));
        for (String setting : settings) {
            builder.set(setting);
        }
        this.config = builder.build();
    }

    TestContext(String... settings) {
        this(Runnable::run, new MemoryStore(), settings);
    }

    List<DeviceEvent> eventsSnapshot() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    @Override
    public String adapterId() {
        return "dect";
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
        return clock;
    }

    @Override
    public Scheduler scheduler() {
        return scheduler;
    }

    @Override
    public Executor executor() {
        return executor;
    }

    @Override
    public Config config() {
        return config;
    }

    @Override
    public synchronized void reportStatus(AdapterStatus status) {
        statuses.add(status);
    }

    /** A durable store in memory. */
    static final class MemoryStore implements DurableStore {
        private final Map<String, StoredRecord> records = new TreeMap<>();

        @Override
        public synchronized Optional<StoredRecord> read(String name) {
            return Optional.ofNullable(records.get(name));
        }

        @Override
        public synchronized void write(String name, int formatVersion, byte[] payload) {
            records.put(name, new StoredRecord(name, formatVersion, payload));
        }

        @Override
        public synchronized void delete(String name) {
            records.remove(name);
        }

        @Override
        public synchronized List<String> list(String prefix) {
            return records.keySet().stream().filter(n -> n.startsWith(prefix)).toList();
        }
    }
}
