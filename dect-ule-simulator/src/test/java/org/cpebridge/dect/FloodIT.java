package org.cpebridge.dect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.cpebridge.core.config.Config;
import org.cpebridge.core.config.ConfigSchema;
import org.cpebridge.core.event.EventBus;
import org.cpebridge.core.model.AttributeRef;
import org.cpebridge.core.model.DeviceId;
import org.cpebridge.core.model.Value;
import org.cpebridge.core.registry.DeviceRegistry;
import org.cpebridge.core.spi.AdapterContext;
import org.cpebridge.core.spi.AdapterStatus;
import org.cpebridge.core.store.DurableStore;
import org.cpebridge.core.time.ExecutorScheduler;
import org.cpebridge.core.time.Scheduler;
import org.cpebridge.dect.sim.DeviceType;
import org.cpebridge.dect.sim.Simulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * 200 plugs each reporting every 100 ms for 30 s of real time while their loads change: the adapter's backlog stays
 * bounded and every device's last power value reaches the core.
 */
class FloodIT {
    private static final int DEVICES = 200;

    private final ExecutorService pool = Executors.newFixedThreadPool(2);
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
    private DectAdapter adapter;

    @AfterEach
    void stop() throws InterruptedException {
        timers.shutdownNow();
        if (adapter != null) {
            adapter.close();
        }
        pool.shutdown();
        pool.awaitTermination(5, TimeUnit.SECONDS);
    }

    @Test
    void twoHundredDevicesReportingEveryHundredMilliseconds() throws Exception {
        EventBus events = new EventBus(pool);
        TestContext.MemoryStore store = new TestContext.MemoryStore();
        DeviceRegistry registry = new DeviceRegistry(events, Clock.systemUTC(), store);
        Scheduler scheduler = new ExecutorScheduler(timers);
        Config config = Config.builder(new ConfigSchema().addAll(new DectAdapterFactory().configKeys()))
                .set("dect.simulator.devices=plug:" + DEVICES)
                .set("dect.simulator.powerReportInterval=100ms")
                .set("dect.simulator.keepAliveInterval=5s")
                .build();
        adapter = new DectAdapter(new AdapterContext() {
            public String adapterId() {
                return "dect";
            }

            public DeviceRegistry registry() {
                return registry;
            }

            public EventBus events() {
                return events;
            }

            public DurableStore store() {
                return store;
            }

            public Clock clock() {
                return Clock.systemUTC();
            }

            public Scheduler scheduler() {
                return scheduler;
            }

            public java.util.concurrent.Executor executor() {
                return pool;
            }

            public Config config() {
                return config;
            }

            public void reportStatus(AdapterStatus status) {
            }
        });
        adapter.start();
        waitFor(Duration.ofSeconds(30), () -> registry.devices().size() == DEVICES
                && registry.devices().stream().allMatch(d -> registry.state(
                        new AttributeRef(d.id(), "onOff", "on")).isPresent()));
        Simulator simulator = Simulated.simulator(adapter).orElseThrow();
        for (int n = 1; n <= DEVICES; n++) {
            simulator.press("plug-" + n); // switch every plug on, so power follows the load
        }

        Random random = new Random(11);
        int maxBacklog = 0;
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < end) {
            for (int i = 0; i < 10; i++) {
                simulator.set("plug-" + (1 + random.nextInt(DEVICES)),
                        Map.of("load", Math.round(random.nextDouble() * 2000 * 100) / 100.0));
            }
            maxBacklog = Math.max(maxBacklog, adapter.backlog());
            Thread.sleep(20);
        }

        List<String> mismatches = new ArrayList<>();
        waitFor(Duration.ofSeconds(20), () -> {
            mismatches.clear();
            try {
                for (var device : simulator.devices().toCompletableFuture().get(10, TimeUnit.SECONDS)) {
                    DeviceId id = DeviceId.of("dect", device.ipui());
                    Value power = registry.state(new AttributeRef(id, "electricalPower", "power"))
                            .map(s -> s.value()).orElse(null);
                    if (!Value.of((double) device.state().get("power")).equals(power)) {
                        mismatches.add(device.id() + " sim=" + device.state().get("power") + " core=" + power);
                    }
                }
            } catch (Exception e) {
                throw new AssertionError(e);
            }
            return mismatches.isEmpty();
        });
        assertEquals(List.of(), mismatches);
        assertTrue(maxBacklog < 10_000, "adapter backlog peaked at " + maxBacklog);
        assertTrue(registry.devices().stream().allMatch(d -> d.reachable()));
    }

    private static void waitFor(Duration limit, java.util.function.BooleanSupplier condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return;
            }
            Thread.sleep(50);
        }
    }
}
