package org.cpebridge.matter.node;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import org.cpebridge.core.config.Config;
import org.cpebridge.core.config.ConfigSchema;
import org.cpebridge.core.store.FileDurableStore;
import org.cpebridge.core.time.ExecutorScheduler;
import org.cpebridge.matter.MatterFace;
import org.cpebridge.matter.MatterSettings;
import org.cpebridge.matter.crypto.CryptoRandom;
import org.cpebridge.matter.testing.TestFaceContext;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The Matter face of one test, over real UDP on loopback: its worker and timer threads, faces started on a data
 * directory with the test's settings (always on a free port), and everything closed after the test. Register it with
 * {@code @RegisterExtension final LoopbackFace faces = new LoopbackFace();}.
 */
final class LoopbackFace implements AfterEachCallback {

    private final ExecutorService workers = Executors.newFixedThreadPool(2);
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
    private final List<MatterFace> running = new ArrayList<>();

    /** Starts a face on {@code store} with these {@code key=value} settings; what it prints is dropped. */
    MatterFace start(FileDurableStore store, String... settings) throws Exception {
        return start(store, text -> { }, settings);
    }

    /** Starts a face on {@code store} with these settings, handing what it prints to {@code console}. */
    MatterFace start(FileDurableStore store, Consumer<String> console, String... settings)
            throws Exception {
        Config.Builder config = Config.builder(new ConfigSchema().addAll(MatterSettings.keys())).set("matter.port=0");
        for (String setting : settings) {
            config.set(setting);
        }
        MatterFace face = new MatterFace(new TestFaceContext(store, config.build(), workers,
                new ExecutorScheduler(timers), Clock.systemUTC(), console), CryptoRandom.secure());
        running.add(face);
        face.start();
        return face;
    }

    /** Closes a face before the test ends (to start another on the same data). */
    void stop(MatterFace face) {
        running.remove(face);
        face.close();
    }

    /** Where the face listens, on {@code loopback} ("127.0.0.1" or "::1"). */
    static InetSocketAddress address(MatterFace face, String loopback) throws UnknownHostException {
        return new InetSocketAddress(InetAddress.getByName(loopback), face.node().localAddress().getPort());
    }

    @Override
    public void afterEach(ExtensionContext context) {
        for (MatterFace face : List.copyOf(running)) {
            face.close();
        }
        running.clear();
        workers.shutdownNow();
        timers.shutdownNow();
    }
}
