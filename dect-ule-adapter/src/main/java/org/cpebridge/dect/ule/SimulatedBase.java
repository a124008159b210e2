package org.cpebridge.dect.ule;

import java.io.IOException;
import java.util.List;
import java.util.ServiceLoader;

import org.cpebridge.core.config.ConfigKey;
import org.cpebridge.core.spi.AdapterContext;

/**
 * A DECT-ULE base module that is not hardware: virtual devices in the bridge's own process, used when
 * {@code dect.mode = simulator}. The adapter module holds only this seam; the simulator lives in the
 * {@code dect-ule-simulator} module, which bridge-service puts on the class path for the default run, and is found
 * with {@link ServiceLoader} ({@link Provider}). A router build without that module has only {@code dect.mode = tcp}.
 *
 * <p>Threads: {@link #link} and {@link #start} are called on the adapter's serial executor, {@link #close} on the
 * thread that closes the adapter.
 */
public interface SimulatedBase extends AutoCloseable {

    /** Makes simulated bases; registered in {@code META-INF/services/org.cpebridge.dect.ule.SimulatedBase$Provider}. */
    interface Provider {
        /** The simulator's configuration keys; they live under the adapter's prefix ({@code dect.simulator.}). */
        List<ConfigKey<?>> configKeys();

        /** A base for the adapter of {@code context}, from its configuration; nothing runs before {@link #start}. */
        SimulatedBase create(AdapterContext context);

        /** The provider on the class path of {@code loader}, if any (more than one is an error). */
        static java.util.Optional<Provider> find(ClassLoader loader) {
            List<Provider> found = ServiceLoader.load(Provider.class, loader).stream()
                    .map(ServiceLoader.Provider::get).toList();
            if (found.size() > 1) {
                throw new IllegalStateException("more than one DECT-ULE simulator on the class path: " + found);
            }
            return found.stream().findFirst();
        }
    }

    /** The base side of the link to the virtual devices; the adapter starts it with its listener. */
    BaseLink link();

    /** Attaches the virtual devices (and starts what else the simulator serves); called after the link started. */
    void start() throws IOException;

    /** One line for the adapter's log, e.g. "9 device(s)". */
    String description();

    /** Stops the virtual devices and whatever the simulator serves; the adapter closes the link itself. */
    @Override
    void close();
}
