package org.cpebridge.core.spi;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.cpebridge.core.model.DeviceException;
import org.cpebridge.core.model.ErrorKind;

/**
 * A southbound adapter: it learns devices from its network, registers them with the core registry, reports their
 * state and carries out commands. Created by its {@link AdapterFactory} with an {@link AdapterContext}.
 */
public interface Adapter extends AutoCloseable {

    /**
     * Starts the adapter. Returns quickly: connecting, interviewing and retrying happen on the adapter's own
     * executor, and faults go to {@link AdapterContext#reportStatus}, not to the caller.
     */
    void start();

    /**
     * Carries out a command. The future completes when the device confirmed it, or fails with a
     * {@link DeviceException} whose kind says why (TIMEOUT when the device did not answer, UNREACHABLE when it is
     * known to be away, BUSY when the adapter cannot take it now).
     */
    CompletionStage<Void> execute(DeviceCommand command);

    /** Opens the network for new devices to join for the given time. */
    default CompletionStage<Void> permitJoin(Duration duration) {
        return CompletableFuture.failedFuture(
                new DeviceException(ErrorKind.UNSUPPORTED, "this adapter has no join window"));
    }

    /** Stops the adapter and releases its resources; devices stay registered. */
    @Override
    void close();
}
