package org.cpebridge.service;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.cpebridge.core.config.Config;
import org.cpebridge.core.event.EventBus;
import org.cpebridge.core.registry.CommandRouter;
import org.cpebridge.core.registry.DeviceRegistry;
import org.cpebridge.core.spi.Adapter;
import org.cpebridge.core.spi.AdapterContext;
import org.cpebridge.core.spi.AdapterFactory;
import org.cpebridge.core.spi.AdapterStatus;
import org.cpebridge.core.spi.Face;
import org.cpebridge.core.spi.FaceContext;
import org.cpebridge.core.spi.FaceFactory;
import org.cpebridge.core.spi.FacePorts;
import org.cpebridge.core.spi.ServiceControl;
import org.cpebridge.core.store.DurableStore;
import org.cpebridge.core.store.FileDurableStore;
import org.cpebridge.core.time.ExecutorScheduler;
import org.cpebridge.core.time.PluggableClock;
import org.cpebridge.core.time.Scheduler;
import org.cpebridge.mqtt.broker.BrokerAccess;
import org.cpebridge.mqtt.broker.EmbeddedMqttBroker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running bridge: the core, the enabled adapters and faces, wired together. {@link #start} brings everything
 * up in order (store, core, the adapters together, then the faces together) and {@link #stop} takes it down in
 * reverse, so every face has stopped answering before the adapters go and everything is flushed before the store is
 * left. Faces stop in parallel, then adapters in parallel, all within one deadline ({@code bridge.stopTimeout}): a
 * router's init system expects a stop within seconds and an immediate restart. Owned by the main thread (each
 * component's start and stop runs on a short-lived thread of its own, joined by the main thread); restart requests
 * from faces are handed back to it.
 */
final class Bridge {

    private static final Logger LOG = LoggerFactory.getLogger("org.cpebridge.lifecycle");

    private final Components components;
    private final Config config;
    private final Path dataDir;
    private final ServiceControl control;
    /**
     * Every component's clock. It starts as the system clock; the secure-time face, when enabled, plugs in its
     * source (the last known good time floor, then the Roughtime-secured time), and components that must know how
     * far to trust it ask {@code TimeSource.of(clock)}.
     */
    private final Clock clock = new PluggableClock(Clock.systemUTC());

    private ExecutorService workers;
    private ScheduledExecutorService timers;
    /**
     * The one netty I/O group every transport borrows (offered in the ports under netty's {@code EventLoopGroup}):
     * one loop per core at most instead of a thread per transport. Stopped after every component.
     */
    private EventLoopGroup ioLoop;
    private final Map<String, Adapter> adapters = new LinkedHashMap<>();
    /** The simulators started beside adapters ({@link Simulators}), closed after the adapters. */
    private final Map<String, AutoCloseable> simulators = new LinkedHashMap<>();
    private final Map<String, Face> faces = new LinkedHashMap<>();
    private final Map<String, AdapterStatus> statuses = new java.util.concurrent.ConcurrentHashMap<>();
    private ServiceControl.BridgeInfo info;
    private EmbeddedMqttBroker broker;
    private DeviceRegistry registry;

    Bridge(Components components, Config config, Path dataDir, ServiceControl control) {
        this.components = components;
        this.config = config;
        this.dataDir = dataDir;
        this.control = control;
    }

    /** Starts everything enabled; returns a one-line summary for the READY line. */
    String start() throws Exception {
        Instant startedAt = clock.instant();
        FileDurableStore store = new FileDurableStore(dataDir);
        LOG.info("data directory {}", store.root());
        info = new ServiceControl.BridgeInfo(config.get(CoreKeys.MANUFACTURER), config.get(CoreKeys.MODEL),
                serialNumber(store), BridgeVersion.VERSION, startedAt);

        workers = Executors.newFixedThreadPool(config.get(CoreKeys.WORKER_THREADS), named("bridge-worker"));
        java.util.concurrent.ScheduledThreadPoolExecutor timerPool =
                new java.util.concurrent.ScheduledThreadPoolExecutor(1, named("bridge-timer"));
        // Pending timers (command timeouts, the commissioning window) must not hold the stop for their delay.
        timerPool.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        timerPool.setRemoveOnCancelPolicy(true);
        timers = timerPool;
        Scheduler scheduler = new ExecutorScheduler(timers);
        ioLoop = new MultiThreadIoEventLoopGroup(config.get(CoreKeys.IO_THREADS), named("bridge-io"),
                NioIoHandler.newFactory());
        // One set of ports for all components: the service's I/O loop; the Matter face offers Pairing, the web
        // console uses it.
        FacePorts ports = new FacePorts();
        ports.provide(EventLoopGroup.class, ioLoop);
        EventBus events = new EventBus(workers);
        DeviceRegistry registry = new DeviceRegistry(events, clock, store, scheduler, workers,
                config.get(CoreKeys.DEVICE_WRITE_DELAY));
        this.registry = registry;
        CommandRouter router = new CommandRouter(registry, scheduler, config.get(CoreKeys.COMMAND_TIMEOUT));
        LOG.info("core started with {} stored devices", registry.devices().size());
        // What the components see: with the embedded broker, its clients' credentials filled in.
        Config componentConfig = config;
        if (config.get(CoreKeys.MQTT_EMBEDDED)) {
            EmbeddedBrokerAccounts accounts = EmbeddedBrokerAccounts.loadOrCreate(store, new SecureRandom());
            broker = startBroker(accounts.access(config, info.serialNumber()));
            componentConfig = accounts.withClientCredentials(config, config.get(CoreKeys.MQTT_EMBEDDED_LISTEN));
        }

        // Adapters start together, then faces together: none waits for another of its kind (a face looks a port
        // up per request, FacePorts), and faces start after every adapter is attached to the router, so no face
        // answers a stored device whose adapter is not there yet. What READY waits for is the slowest of each.
        Map<String, Start> adapterStarts = new LinkedHashMap<>();
        Map<String, AutoCloseable> startedSimulators = new java.util.concurrent.ConcurrentHashMap<>();
        for (AdapterFactory factory : components.adapters.values()) {
            if (!components.enabled(config, factory.id())) {
                LOG.info("adapter {} disabled", factory.id());
                continue;
            }
            Contexts.Adapter context = new Contexts.Adapter(factory.id(), registry, events, store, clock, scheduler,
                    workers, componentConfig, status -> reportStatus(factory.id(), status), ports);
            Adapter adapter = factory.create(context);
            // Registered before start() so that stop() closes it even when start() fails half-way.
            adapters.put(factory.id(), adapter);
            adapterStarts.put(factory.id(), () -> {
                // Before the adapter starts, as the adapter's factory did when the simulator was part of it.
                Simulators.startBeside(factory.id(), context).ifPresent(sim -> startedSimulators.put(factory.id(), sim));
                adapter.start();
                router.attach(factory.id(), adapter);
                LOG.info("adapter {} started", factory.id());
            });
        }
        try {
            startTogether("adapter", adapterStarts);
        } finally {
            // In adapter order, whether or not every start succeeded: stop() closes what did start.
            adapterStarts.keySet().stream().filter(startedSimulators::containsKey)
                    .forEach(id -> simulators.put(id, startedSimulators.get(id)));
        }
        if (adapters.isEmpty()) {
            LOG.info("no adapters enabled: the bridge runs without devices");
        }
        Map<String, Start> faceStarts = new LinkedHashMap<>();
        for (FaceFactory factory : components.faces.values()) {
            if (!components.enabled(config, factory.id())) {
                LOG.info("face {} disabled", factory.id());
                continue;
            }
            Face face = factory.create(new Contexts.Face(registry, events, router, store, clock, scheduler, workers,
                    componentConfig, control, ports));
            faces.put(factory.id(), face);
            faceStarts.put(factory.id(), () -> {
                face.start();
                LOG.info("face {} started", factory.id());
            });
        }
        startTogether("face", faceStarts);
        return "(adapters: " + (adapters.isEmpty() ? "none" : String.join(",", adapters.keySet()))
                + "; faces: " + (faces.isEmpty() ? "none" : String.join(",", faces.keySet())) + ")";
    }

    /** Tells every face the service is READY ({@link Face#onReady}); a face that throws is logged, not fatal. */
    void ready() {
        faces.forEach((id, face) -> {
            try {
                face.onReady();
            } catch (RuntimeException e) {
                LOG.warn("face {} failed after READY: {}", id, e.toString());
            }
        });
    }

    ServiceControl.BridgeInfo info() {
        return info;
    }

    /**
     * Stops the faces (together), then the adapters (together), then the simulators beside them, then the broker and
     * the thread pools, within {@code bridge.stopTimeout} in all: faces get three quarters of it, adapters up to nine
     * tenths, simulators up to nineteen twentieths, the rest is for the broker and the pools. A component still
     * stopping when its share is over is logged and left behind on its own daemon thread. Safe to call more than once.
     */
    void stop() {
        Instant begin = clock.instant();
        Duration budget = config.get(CoreKeys.STOP_TIMEOUT);
        Instant end = begin.plus(budget);
        stopTogether("face", faces, begin.plus(budget.multipliedBy(3).dividedBy(4)));
        stopTogether("adapter", adapters, begin.plus(budget.multipliedBy(9).dividedBy(10)));
        stopTogether("simulator", simulators, begin.plus(budget.multipliedBy(19).dividedBy(20)));
        if (registry != null) {
            // The adapters are stopped: the device list is final. Written here, before the pools go.
            try {
                registry.flush();
            } catch (RuntimeException e) {
                LOG.warn("the device list could not be written at stop: {}", e.getMessage());
            }
            registry = null;
        }
        if (broker != null) {
            closeQuietly("embedded MQTT broker", broker);
            broker = null;
        }
        if (ioLoop != null) {
            // Every transport has closed its channels; what is left are the loop threads.
            long left = Math.max(0, Duration.between(clock.instant(), end).toMillis());
            ioLoop.shutdownGracefully(0, left, TimeUnit.MILLISECONDS).awaitUninterruptibly(left);
            ioLoop = null;
        }
        shutdown(timers, end);
        shutdown(workers, end);
        LOG.info("stopped in {} ms", Duration.between(begin, clock.instant()).toMillis());
    }

    /** One component's start, run on a thread of its own by {@link #startTogether}. */
    @FunctionalInterface
    private interface Start {
        void run() throws Exception;
    }

    /**
     * Runs every start on its own thread and waits for all of them (a start has no deadline, as before: it is the
     * component's to fail). When any failed, throws the first failure in component order, the others suppressed on
     * it and logged, so the caller reports one cause as it did when components started one after the other.
     */
    private static void startTogether(String kind, Map<String, Start> starts) throws Exception {
        Map<String, Thread> threads = new LinkedHashMap<>();
        Map<String, Exception> failures = new java.util.concurrent.ConcurrentHashMap<>();
        for (Map.Entry<String, Start> entry : starts.entrySet()) {
            Thread thread = new Thread(() -> {
                try {
                    entry.getValue().run();
                } catch (Exception e) {
                    failures.put(entry.getKey(), e);
                } catch (Error e) {
                    // Reported by the main thread as a failed start (exit code 1), as an Exception is.
                    failures.put(entry.getKey(), new java.util.concurrent.ExecutionException(e));
                }
            }, "start-" + kind + "-" + entry.getKey());
            // A start that hangs must not keep the process alive after main gives up.
            thread.setDaemon(true);
            thread.start();
            threads.put(entry.getKey(), thread);
        }
        boolean interrupted = false;
        for (Thread thread : threads.values()) {
            while (thread.isAlive()) {
                try {
                    thread.join();
                } catch (InterruptedException e) {
                    // Only the starts ending ends the wait; the interrupt is kept for the caller.
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        Exception first = null;
        for (String id : starts.keySet()) {
            Exception failure = failures.get(id);
            if (failure == null) {
                continue;
            }
            if (first == null) {
                first = failure;
            } else {
                LOG.warn("{} {} failed to start too: {}", kind, id, failure.toString());
                first.addSuppressed(failure);
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /** Closes every component on its own thread and waits for them until {@code deadline}; then forgets them. */
    private void stopTogether(String kind, Map<String, ? extends AutoCloseable> components, Instant deadline) {
        List<Thread> stopping = new ArrayList<>();
        for (Map.Entry<String, ? extends AutoCloseable> entry : components.entrySet()) {
            Thread thread = new Thread(() -> closeQuietly(kind + " " + entry.getKey(), entry.getValue()),
                    "stop-" + kind + "-" + entry.getKey());
            // A component that hangs must not keep the process alive after main returns.
            thread.setDaemon(true);
            thread.start();
            stopping.add(thread);
        }
        for (Thread thread : stopping) {
            try {
                long left = Duration.between(clock.instant(), deadline).toMillis();
                if (left > 0) {
                    thread.join(left);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (thread.isAlive()) {
                LOG.warn("{} did not stop in time; leaving it behind", thread.getName().substring("stop-".length()));
            }
        }
        components.clear();
    }

    private static void closeQuietly(String what, AutoCloseable component) {
        try {
            component.close();
            LOG.info("{} stopped", what);
        } catch (Exception e) {
            LOG.warn("{} failed to stop cleanly", what, e);
        }
    }

    private void shutdown(ExecutorService executor, Instant deadline) {
        if (executor == null) {
            return;
        }
        executor.shutdown();
        try {
            long left = Duration.between(clock.instant(), deadline).toMillis();
            if (left <= 0 || !executor.awaitTermination(left, TimeUnit.MILLISECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private EmbeddedMqttBroker startBroker(BrokerAccess access) throws InterruptedException {
        java.net.InetSocketAddress listen = config.get(CoreKeys.MQTT_EMBEDDED_LISTEN);
        try {
            EmbeddedMqttBroker started = EmbeddedMqttBroker.start(
                    new java.net.InetSocketAddress(listen.getHostString(), listen.getPort()),
                    EmbeddedMqttBroker.DEFAULT_MAX_PACKET_BYTES, access, java.util.Optional.of(ioLoop));
            LOG.info("embedded MQTT broker started on {}", started.url());
            return started;
        } catch (Exception e) {
            // netty rethrows a taken port's BindException through sync() without declaring it.
            throw new IllegalStateException("cannot start the embedded MQTT broker on " + listen.getHostString()
                    + ":" + listen.getPort() + " (key '" + CoreKeys.MQTT_EMBEDDED_LISTEN.name() + "'): " + e, e);
        }
    }

    /** The configured serial number, or one generated at first start and kept in the store. */
    private String serialNumber(DurableStore store) {
        String configured = config.get(CoreKeys.SERIAL);
        if (configured != null) {
            return configured;
        }
        return store.read("core/serial").map(r -> new String(r.payload(), StandardCharsets.UTF_8)).orElseGet(() -> {
            String generated = "CPEB-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
            store.write("core/serial", 1, generated.getBytes(StandardCharsets.UTF_8));
            return generated;
        });
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Logs an adapter's status when it changes. */
    private void reportStatus(String adapterId, AdapterStatus status) {
        if (!status.equals(statuses.put(adapterId, status))) {
            LOG.info("adapter {} is {}{}", adapterId, status.state().name().toLowerCase(),
                    status.reason().isEmpty() ? "" : ": " + status.reason());
        }
    }

    /** The last status each adapter reported. */
    Map<String, AdapterStatus> adapterStatuses() {
        return Map.copyOf(statuses);
    }

    /** The contexts handed to components. */
    static final class Contexts {
        private Contexts() {
        }

        record Adapter(String adapterId, DeviceRegistry registry, EventBus events, DurableStore store, Clock clock,
                       Scheduler scheduler, java.util.concurrent.Executor executor, Config config,
                       java.util.function.Consumer<AdapterStatus> statusSink, FacePorts ports)
                implements AdapterContext {
            @Override
            public void reportStatus(AdapterStatus status) {
                statusSink.accept(status);
            }
        }

        record Face(DeviceRegistry registry, EventBus events, CommandRouter commands, DurableStore store,
                    Clock clock, Scheduler scheduler, java.util.concurrent.Executor executor, Config config,
                    ServiceControl serviceControl, FacePorts ports) implements FaceContext {
            @Override
            public void showToUser(String text) {
                Console.print(text.endsWith("\n") ? text : text + "\n");
            }
        }
    }
}
