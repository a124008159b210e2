package org.cpebridge.matter.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.cpebridge.core.config.Config;
import org.cpebridge.core.config.ConfigSchema;
import org.cpebridge.core.spi.Pairing;
import org.cpebridge.core.store.FileDurableStore;
import org.cpebridge.core.time.ExecutorScheduler;
import org.cpebridge.matter.MatterFace;
import org.cpebridge.matter.MatterSettings;
import org.cpebridge.matter.crypto.CryptoRandom;
import org.cpebridge.matter.onboarding.QrCodePayload;
import org.cpebridge.matter.testing.TestFaceContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A window the household opens from the web console (the core's Pairing port) answers PASE with its own passcode,
 * over real UDP on loopback, and no longer with the printed onboarding one.
 */
class ConsoleWindowPaseIT {

    @TempDir
    Path dir;

    private final ExecutorService workers = Executors.newFixedThreadPool(2);
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
    private MatterFace face;

    @AfterEach
    void stop() {
        if (face != null) {
            face.close();
        }
        workers.shutdownNow();
        timers.shutdownNow();
    }

    @Test
    void theConsolesWindowTakesItsOwnPasscodeOnly() throws Exception {
        Config config = Config.builder(new ConfigSchema().addAll(MatterSettings.keys())).set("matter.port=0")
                .set("matter.interface=no-such-if0").build();
        face = new MatterFace(new TestFaceContext(new FileDurableStore(dir), config, workers,
                new ExecutorScheduler(timers), Clock.systemUTC(), text -> { }), CryptoRandom.secure());
        face.start();
        long printed = face.onboarding().passcode();
        face.node().closeCommissioningWindow("the household opens another from the console");
        Pairing.Window window = face.pairingPort().openNewWindow();
        long own = QrCodePayload.decode(window.qrPayload()).passcode();
        assertNotEquals(printed, own);
        InetSocketAddress address = new InetSocketAddress("127.0.0.1", face.node().localAddress().getPort());
        try (UdpCommissioner withPrinted = new UdpCommissioner(address)) {
            assertEquals(1, withPrinted.pase(printed).generalCode().code(), "the printed code no longer pairs");
        }
        try (UdpCommissioner withOwn = new UdpCommissioner(address)) {
            assertEquals(0, withOwn.pase(own).generalCode().code(), "the window's own code pairs");
        }
    }
}
