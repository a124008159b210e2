package org.cpebridge.matter.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.cpebridge.core.config.Config;
import org.cpebridge.core.config.ConfigSchema;
import org.cpebridge.core.spi.FaceContext;
import org.cpebridge.core.store.FileDurableStore;
import org.cpebridge.core.time.ExecutorScheduler;
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
        FaceContext context = new TestFaceContext(new FileDurableStore(dataDir), builder.build(), threads,
                new ExecutorScheduler(threads), Clock.systemUTC(),
                text -> text.lines().forEach(line -> System.out.println("SHOW " + line)));
        MatterFace face = new MatterFace(context, CryptoRandom.secure());
        face.start();
        System.out.println("READY");
        System.in.transferTo(java.io.OutputStream.nullOutputStream());
        face.close();
        threads.shutdownNow();
    }
}
