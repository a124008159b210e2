package org.cpebridge.matter;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.cpebridge.core.spi.Pairing;

/**
 * The core's {@link Pairing} port over this face, for the household web console: each call hops onto the node
 * loop, which owns the commissioning window, and waits for it. Thread-safe.
 */
final class MatterPairing implements Pairing {

    private static final long LOOP_WAIT_SECONDS = 5;

    private final MatterFace face;

    MatterPairing(MatterFace face) {
        this.face = face;
    }

    @Override
    public Optional<Window> openWindow() {
        return onLoop(face::shownWindowCodes);
    }

    @Override
    public Window openNewWindow() {
        return onLoop(face::openConsoleWindow);
    }

    @Override
    public boolean closeWindow() {
        return onLoop(face::closeConsoleWindow);
    }

    @Override
    public List<PairedFabric> fabrics() {
        return face.pairedFabrics();
    }

    @Override
    public boolean removeFabric(int fabricIndex) {
        return onLoop(() -> face.removeFabricForConsole(fabricIndex));
    }

    private <T> T onLoop(Supplier<T> action) {
        CompletableFuture<T> result = new CompletableFuture<>();
        face.node().execute(() -> {
            try {
                result.complete(action.get());
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        try {
            return result.get(LOOP_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("the Matter node did not answer in time");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
    }
}
