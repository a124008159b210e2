package org.cpebridge.matter.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.cpebridge.core.config.Config;
import org.cpebridge.core.config.ConfigSchema;
import org.cpebridge.core.event.EventBus;
import org.cpebridge.core.registry.CommandRouter;
import org.cpebridge.core.registry.DeviceRegistry;
import org.cpebridge.core.spi.FaceContext;
import org.cpebridge.core.spi.ServiceControl;
import org.cpebridge.core.store.DurableStore;
import org.cpebridge.core.store.FileDurableStore;
import org.cpebridge.core.time.ExecutorScheduler;
import org.cpebridge.core.time.Scheduler;
import org.cpebridge.matter.MatterFace;
import org.cpebridge.matter.MatterSettings;
import org.cpebridge.matter.crypto.CryptoRandom;

/**
 * Child-JVM main for interop runs: the Matter face as the bridge service runs it (UDP node, commissioning window,
 * DNS-SD), on real time and threads, inside a test namespace. Args: data directory, then config assignments
 * ({@code matter.interface=vcpa…}, {@code matter.passcode=20202021}, …). Prints every text the face shows to the
 * user prefixed {@code SHOW }, then {@code READY}; runs until stdin closes.
 */
public final class BridgeFaceProcess {

    private BridgeFaceProcess() {
    }

    public static void main(String[] args) throws Exception {
        Path dataDir = Files.createDirectories(Path.of(args[0]));
        Config.Builder builder = Config.builder(new ConfigSchema().addAll(MatterSettings.keys()));
        for (int i = 1; i < args.length; i++) {
            builder.set(args[i]);
        }
        ScheduledExecutorService threads = Executors.newScheduledThreadPool(2);
        FaceContext context = new ProcessContext(new FileDurableStore(dataDir), builder.build(), threads);
        MatterFace face = new MatterFace(context, CryptoRandom.secure());
        face.start();
        System.out.println("READY");
        System.in.transferTo(java.io.OutputStream.nullOutputStream());
        face.close();
        threads.shutdownNow();
    }

    private record ProcessContext(DurableStore store, Config config, ScheduledExecutorService threads)
            implements FaceContext {

        @Override
        public EventBus events() {
            return new EventBus(threads);
        }

        @Override
        public DeviceRegistry registry() {
            return new DeviceRegistry(events(), clock(), store);
        }

        @Override
        public CommandRouter commands() {
            return new CommandRouter(registry(), scheduler(), Duration.ofSeconds(30));
        }

        @Override
        public Clock clock() {
            return Clock.systemUTC();
        }

        @Override
        public Scheduler scheduler() {
            return new ExecutorScheduler(threads);
        }

        @Override
        public Executor executor() {
            return threads;
        }

        @Override
        public ServiceControl serviceControl() {
            throw new UnsupportedOperationException("no service around the face in this process");
        }

        @Override
        public void showToUser(String text) {
            text.lines().forEach(line -> System.out.println("SHOW " + line));
        }
    }
}
