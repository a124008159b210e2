package org.cpebridge.matter.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import org.cpebridge.core.spi.Pairing;
import org.cpebridge.core.store.FileDurableStore;
import org.cpebridge.matter.MatterFace;
import org.cpebridge.matter.onboarding.QrCodePayload;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A window the household opens from the web console (the core's Pairing port) answers PASE with its own passcode,
 * over real UDP on loopback, and no longer with the printed onboarding one.
 */
class ConsoleWindowPaseIT {

    @TempDir
    Path dir;

    @RegisterExtension
    final LoopbackFace faces = new LoopbackFace();

    @Test
    void theConsolesWindowTakesItsOwnPasscodeOnly() throws Exception {
        MatterFace face = faces.start(new FileDurableStore(dir), "matter.interface=no-such-if0");
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
