package org.cpebridge.matter.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.cpebridge.core.config.Config;
import org.cpebridge.core.event.EventBus;
import org.cpebridge.core.registry.CommandRouter;
import org.cpebridge.core.registry.DeviceRegistry;
import org.cpebridge.core.spi.FaceContext;
import org.cpebridge.core.spi.ServiceControl;
import org.cpebridge.core.store.DurableStore;
import org.cpebridge.core.time.Scheduler;

/**
 * A face context for tests that run the Matter face without the service around it: a real store and config, the
 * executor, scheduler and clock the test chooses, a fixed bridge identity, and what the face shows the person
 * handed to {@code shown}. Restart and reset requests are refused (no service to act on them).
 */
public record TestFaceContext(DurableStore store, Config config, Executor executor, Scheduler scheduler, Clock clock,
                              Consumer<String> shown, EventBus events, DeviceRegistry registry,
                              CommandRouter commands) implements FaceContext {

    /** A context with its own core (event bus, registry over {@code store}, command router), as the service has. */
    public TestFaceContext(DurableStore store, Config config, Executor executor, Scheduler scheduler, Clock clock,
                           Consumer<String> shown) {
        this(store, config, executor, scheduler, clock, shown, new Core(store, executor, scheduler, clock));
    }

    private TestFaceContext(DurableStore store, Config config, Executor executor, Scheduler scheduler, Clock clock,
                            Consumer<String> shown, Core core) {
        this(store, config, executor, scheduler, clock, shown, core.events, core.registry, core.commands);
    }

    /** One core, shared by everything the face asks for. */
    private static final class Core {
        final EventBus events;
        final DeviceRegistry registry;
        final CommandRouter commands;

        Core(DurableStore store, Executor executor, Scheduler scheduler, Clock clock) {
            events = new EventBus(executor);
            registry = new DeviceRegistry(events, clock, store);
            commands = new CommandRouter(registry, scheduler, Duration.ofSeconds(30));
        }
    }

    /** The identity Basic Information shows in tests. */
    public static final ServiceControl.BridgeInfo BRIDGE_INFO = new ServiceControl.BridgeInfo("cpe-bridge project",
            "cpe-bridge", "CPEB-TEST0001", "0.1.0-test", Instant.EPOCH);

    @Override
    public ServiceControl serviceControl() {
        return new ServiceControl() {
            @Override
            public void requestRestart(String reason) {
                throw new UnsupportedOperationException("no service around the face in this test");
            }

            @Override
            public void requestFactoryReset(String reason) {
                throw new UnsupportedOperationException("no service around the face in this test");
            }

            @Override
            public BridgeInfo bridgeInfo() {
                return BRIDGE_INFO;
            }
        };
    }

    @Override
    public void showToUser(String text) {
        shown.accept(text);
    }
}
