package org.cpebridge.matter.node.resume;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import org.cpebridge.matter.testing.NamespacedProcess;
import org.cpebridge.matter.testing.NetNsPair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A subscriber that moved while the bridge was down is found by its operational DNS-SD instance: in two network
 * namespaces, the controller (our Matter node as CASE responder, advertising {@code <CFID>-<NodeId>._matter._tcp}
 * with our mDNS responder: the matter.js 0.17.9 controller's instance does not resolve, see
 * SubscriptionResumptionInteropIT's output) listens at {@code fd77::2}; the bridge starts with a stored subscription of it at
 * {@code fd77::3}, an address nobody holds any more. The bridge resolves the instance over mDNS on its veth, opens
 * CASE to {@code fd77::2} and resumes the subscription, and stores the new address for the next restart.
 */
class MovedSubscriberIT {

    private static final Duration STEP = Duration.ofSeconds(60);

    @TempDir
    Path dataDir;

    @Test
    void theBridgeFindsItsSubscriberAtTheAddressItsOperationalInstanceResolvesTo() throws Exception {
        try (NetNsPair pair = NetNsPair.create();
             NamespacedProcess subscriber = NamespacedProcess.startJvm(pair.namespaceB(),
                     MovedSubscriberProcess.class, "subscriber", pair.interfaceB(), NetNsPair.ULA_B,
                     dataDir.resolve("controller").toString())) {
            String ready = subscriber.awaitLine(line -> line.startsWith("READY"), STEP);
            String port = ready.split(" ")[1];
            long started = System.nanoTime();
            try (NamespacedProcess bridge = NamespacedProcess.startJvm(pair.namespaceA(),
                    MovedSubscriberProcess.class, "bridge", pair.interfaceA(), NetNsPair.ULA_A,
                    dataDir.resolve("bridge").toString(), "fd77::3", "5540")) {
                String resumed = bridge.awaitLine(line -> line.startsWith("RESUMED") || line.startsWith("GAVE_UP"),
                        STEP);
                long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
                assertEquals("RESUMED fd77:0:0:0:0:0:0:2 " + port, resumed, bridge.stderr());
                assertEquals("KEPT fd77:0:0:0:0:0:0:2 " + port, bridge.awaitLine(line -> line.startsWith("KEPT"),
                        STEP), bridge.stderr());
                System.err.println("moved subscriber resumed " + millis + " ms after the bridge JVM started");
                bridge.awaitExit(STEP);
            }
            subscriber.closeStdin();
            subscriber.awaitExit(STEP);
        }
    }
}
