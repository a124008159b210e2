package org.cpebridge.matter.dnssd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.cpebridge.core.json.Json;
import org.cpebridge.matter.testing.BridgeFaceProcess;
import org.cpebridge.matter.testing.NamespacedProcess;
import org.cpebridge.matter.testing.NetNsPair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Matter face as the service runs it (UDP node, commissioning window, DNS-SD on {@code matter.interface}) in
 * namespace A, found by matter.js in namespace B through the short discriminator of the manual pairing code it
 * shows; after the face stops, nothing answers any more.
 */
class FaceAdvertisingInteropIT {

    private static final Path INTEROP = Path.of("src/test/interop");
    private static final Duration STEP = Duration.ofSeconds(60);

    @TempDir
    Path dataDir;

    @Test
    void matterJsFindsTheRunningFaceByItsManualCodeAndLosesItAfterStop() throws Exception {
        assertTrue(Files.isDirectory(INTEROP.resolve("node_modules/@matter/main")),
                "matter.js is not installed in " + INTEROP.toAbsolutePath() + ": run scripts/setup-test-peers.sh");
        try (NetNsPair pair = NetNsPair.create();
             NamespacedProcess face = NamespacedProcess.startJvm(pair.namespaceA(), BridgeFaceProcess.class,
                     dataDir.toString(), "matter.interface=" + pair.interfaceA(), "matter.discriminator=3840",
                     "matter.passcode=20202021")) {
            // 3497-011-2332 is passcode 20202021 with discriminator 3840 (short discriminator 15).
            String manual = face.awaitLine(l -> l.startsWith("SHOW Manual pairing code:"), STEP);
            assertEquals("SHOW Manual pairing code: 3497-011-2332", manual);
            face.awaitLine("READY"::equals, STEP);

            Map<String, Object> result = discover(pair, "--short-discriminator", "15");

            assertEquals(Boolean.TRUE, result.get("found"), result.toString());
            @SuppressWarnings("unchecked")
            Map<String, Object> device = (Map<String, Object>) result.get("device");
            assertEquals(3840, ((Number) device.get("D")).intValue());
            assertEquals(1, ((Number) device.get("CM")).intValue());
            assertEquals("65521+32768", String.valueOf(device.get("VP")));
            assertEquals("cpe-bridge", device.get("DN"));
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> addresses = (List<Map<String, Object>>) device.get("addresses");
            assertTrue(addresses.stream().anyMatch(a -> NetNsPair.ULA_A.equals(a.get("ip"))
                    && ((Number) a.get("port")).intValue() == 5540), addresses.toString());

            face.closeStdin();
            assertEquals(0, face.awaitExit(STEP), face.stderr());
            assertEquals(Boolean.FALSE, discover(pair, "--short-discriminator", "15", "--timeout", "8")
                    .get("found"));
        }
    }

    private static Map<String, Object> discover(NetNsPair pair, String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("node", "discover.mjs", "--interface", pair.interfaceB(),
                "--timeout", "30"));
        command.addAll(List.of(arguments)); // a later --timeout wins
        try (NamespacedProcess node = NamespacedProcess.start(pair.namespaceB(), command, INTEROP, "discover.mjs")) {
            String line = node.awaitLine(l -> l.startsWith("{"), STEP);
            int exit = node.awaitExit(STEP);
            assertTrue(exit == 0 || exit == 2, "discover.mjs exit " + exit + "\n" + node.stderr());
            return Json.parseObject(line);
        }
    }
}
