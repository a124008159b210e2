package org.cpebridge.core.spi;

import java.time.Clock;
import java.util.concurrent.Executor;
import org.cpebridge.core.config.Config;
import org.cpebridge.core.event.EventBus;
import org.cpebridge.core.registry.DeviceRegistry;
import org.cpebridge.core.store.DurableStore;
import org.cpebridge.core.time.Scheduler;

/** Everything an adapter may use. Adapters use no globals; tests build a context of fakes. */
public interface AdapterContext {

    /** The adapter's id, as its factory gave it. */
    String adapterId();

    DeviceRegistry registry();

    EventBus events();

    DurableStore store();

    Clock clock();

    Scheduler scheduler();

    /** A shared pool for the adapter's own serial executor; never block it for long. */
    Executor executor();

    /** The whole checked configuration; an adapter reads its own keys. */
    Config config();

    /** Reports the adapter's health; logged once per change and shown by the faces. */
    void reportStatus(AdapterStatus status);

    /**
     * What the service shares with its components, the same instance the faces get ({@link FaceContext#ports()}):
     * netty's {@code EventLoopGroup}, the one I/O loop every netty transport borrows. A context that shares none (a
     * test's) gives a fresh, empty one, and the adapter makes what it needs itself.
     */
    default FacePorts ports() {
        return new FacePorts();
    }
}
