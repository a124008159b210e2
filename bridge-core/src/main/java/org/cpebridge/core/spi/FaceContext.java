package org.cpebridge.core.spi;

import java.time.Clock;
import java.util.concurrent.Executor;
import org.cpebridge.core.config.Config;
import org.cpebridge.core.event.EventBus;
import org.cpebridge.core.registry.CommandRouter;
import org.cpebridge.core.registry.DeviceRegistry;
import org.cpebridge.core.store.DurableStore;
import org.cpebridge.core.time.Scheduler;

/** Everything a face may use. */
public interface FaceContext {

    DeviceRegistry registry();

    EventBus events();

    /** Routes commands to the owning adapters with typed results. */
    CommandRouter commands();

    DurableStore store();

    Clock clock();

    Scheduler scheduler();

    Executor executor();

    Config config();

    /** Lets a face ask the service to restart or to reset (USP Device.Reboot(), Device.FactoryReset()). */
    ServiceControl serviceControl();

    /**
     * Shows text to the person at the console, outside the log (the Matter pairing code and QR code). Never for
     * secrets other than what a person must type or scan to pair.
     */
    void showToUser(String text);

    /**
     * The ports faces offer each other ({@link Pairing}); the service gives every face the same instance. A context
     * that shares none (a test's) gives a fresh, empty one.
     */
    default FacePorts ports() {
        return new FacePorts();
    }
}
